import type { Config } from '../config.js';
import { createDeps } from '../context.js';
import { systemClock } from '../domain/clock.js';
import { startWorker } from '../jobs/worker.js';
import type { Logger } from '../logger.js';
import { migrate, openDatabase } from '../runtime.js';
import type { Flags } from './commands.js';
import { closeGracefully, defaultShutdownTimeoutMs } from './graceful-shutdown.js';

/**
 * `npm run cli -- worker [--interval MS]`: the worker loop as its own process
 * until SIGINT/SIGTERM, which stop it between two duties before the pool closes.
 */
export async function runWorkerProcess(config: Config, logger: Logger, flags: Flags): Promise<number> {
  const interval = typeof flags.interval === 'string' ? Number(flags.interval) : 1_000;
  const periodMs = Number.isFinite(interval) && interval > 0 ? interval : 1_000;
  const database = await openDatabase(config, logger, { poolSize: 5 });
  await migrate(database.db, logger);
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
  const worker = startWorker(deps, { periodMs });
  logger.info({ periodMs }, 'worker started');
  closeGracefully(logger, config.shutdownTimeoutMs ?? defaultShutdownTimeoutMs, async () => {
    await worker.stop();
    await database.close();
  });
  return -1;
}
