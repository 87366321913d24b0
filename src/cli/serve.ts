import type { Config } from '../config.js';
import { createDeps } from '../context.js';
import { systemClock } from '../domain/clock.js';
import { buildApp } from '../http/app.js';
import { startWorker } from '../jobs/worker.js';
import { loggerOptions, type Logger } from '../logger.js';
import { migrate, openDatabase, type Database } from '../runtime.js';
import { seedDemo } from '../seed/demo.js';
import { closeGracefully, defaultShutdownTimeoutMs } from './graceful-shutdown.js';
import { assertPortFree } from './port-check.js';

export async function serve(config: Config, logger: Logger): Promise<number> {
  const started = Date.now();
  await assertPortFree(config.port, config.host);
  const database = await openDatabase(config, logger);
  const { app, deps, url } = await listen(config, logger, database).catch(async (e: unknown) => {
    // A failed start must not leave the embedded PostgreSQL running behind it.
    await database.close();
    throw e;
  });
  logger.info({ ms: Date.now() - started, url: url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//localhost') }, 'Boxoffice is ready');
  // Embedded mode: one command gives a working system, the worker loop runs in-process.
  const worker = config.runWorker ? startWorker(deps) : null;

  // app.close() stops accepting connections, answers what is in flight and ends live streams; the
  // worker stops between two duties; the pools (and the embedded server) close last.
  closeGracefully(logger, config.shutdownTimeoutMs ?? defaultShutdownTimeoutMs, async () => {
    await Promise.all([app.close(), worker?.stop()]);
    await database.close();
  });
  return -1;
}

async function listen(config: Config, logger: Logger, database: Database) {
  await migrate(database.db, logger);
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
  if (config.demoSeed) {
    const seeded = await seedDemo(deps, (line) => logger.info(line));
    if (seeded) logger.info('demo data seeded (first start)');
  }
  const app = await buildApp(deps, { logger: loggerOptions(config.logLevel) });
  try {
    return { app, deps, url: await app.listen({ port: config.port, host: config.host }) };
  } catch (e) {
    await app.close();
    throw e;
  }
}
