import type { Config } from '../config.js';
import { createDeps } from '../context.js';
import { systemClock } from '../domain/clock.js';
import { buildApp } from '../http/app.js';
import { startWorker, type RunningWorker } from '../jobs/worker.js';
import { loggerOptions, type Logger } from '../logger.js';
import { migrate, openDatabase } from '../runtime.js';
import { seedDemo } from '../seed/demo.js';

export async function serve(config: Config, logger: Logger): Promise<number> {
  const started = Date.now();
  const database = await openDatabase(config, logger);
  await migrate(database.db, logger);
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
  if (config.demoSeed) {
    const seeded = await seedDemo(deps, (line) => logger.info(line));
    if (seeded) logger.info('demo data seeded (first start)');
  }
  const app = await buildApp(deps, { logger: loggerOptions(config.logLevel) });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ ms: Date.now() - started, url: `http://localhost:${config.port}` }, 'Boxoffice is ready');
  // Embedded mode: one command gives a working system, the worker loop runs in-process.
  const worker: RunningWorker | null = config.runWorker ? startWorker(deps) : null;

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await worker?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return -1;
}
