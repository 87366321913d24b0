import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/context.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/logger.js';
import { openDatabase } from '../src/runtime.js';
import { deliverOutbox } from '../src/jobs/deliver-outbox.js';
import { outboxHandlers, type OutboxHandler } from '../src/jobs/handlers/index.js';

/** The outbox topics bench:onsale hands to delivery processes: the mails that render PDFs. */
export const deliveryTopics = ['order.confirmed'] as const;

/** The handlers of `topics` only (a worker given these delivers nothing else). */
export function handlersFor(topics: readonly string[], include: boolean): Record<string, OutboxHandler> {
  return Object.fromEntries(Object.entries(outboxHandlers).filter(([topic]) => topics.includes(topic) === include));
}

/**
 * A delivery-only worker process (bench:onsale starts it with `--delivery-processes`): it delivers the order mails —
 * HTML and text, the ticket PDF, the `.ics` file and the receipt PDF — beside the API process, as a deployment runs its
 * workers apart from `serve`. The parent's environment names its database, store, key prefix, SECRET_KEY and data
 * directory. Stops on SIGTERM after the batch under way.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', DEMO_SEED: 'false' });
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger, { poolSize: 4 });
  const deps = createDeps({ config, db: database.db, clock: systemClock, logger, keyPrefix: process.env.BENCH_KEY_PREFIX });
  const handlers = handlersFor(deliveryTopics, true);
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  try {
    while (!stopping) {
      const delivered = await deliverOutbox(deps, { handlers, max: 200 });
      if (delivered === 0) await sleep(200);
    }
  } finally {
    await deps.kv.close().catch(() => undefined);
    await database.close();
  }
}

if (process.argv[1]?.endsWith('delivery-worker.ts')) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
