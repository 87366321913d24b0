import type { Config } from './config.js';
import { createDb, type Db } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrateToLatest } from './db/migrate.js';
import type { Logger } from './logger.js';

export interface Database {
  db: Db;
  url: string;
  /** Whether this process runs the embedded server. */
  embedded: boolean;
  close(): Promise<void>;
}

/** `DATABASE_URL` when set, otherwise the embedded server (started, or attached to if already running). */
export async function openDatabase(config: Config, logger: Logger, opts: { poolSize?: number } = {}): Promise<Database> {
  let url = config.databaseUrl;
  let stopServer = async (): Promise<void> => {};
  let embedded = false;
  if (!url) {
    const started = Date.now();
    const server = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug({ pg: line.trim() }, 'postgres'));
    url = server.url;
    embedded = server.owned;
    stopServer = () => server.stop();
    logger.info(
      { ms: Date.now() - started, attached: !server.owned },
      server.owned ? 'embedded PostgreSQL started' : 'attached to running embedded PostgreSQL',
    );
  }
  const db = createDb({ url, max: opts.poolSize ?? 20 });
  return {
    db,
    url,
    embedded,
    async close() {
      await db.destroy();
      await stopServer();
    },
  };
}

export async function migrate(db: Db, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
}
