import type { Config } from '../config.js';
import { createDeps, type Deps } from '../context.js';
import { systemClock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { migrate, openDatabase } from '../runtime.js';
import { serve } from './serve.js';
import { seedCommand } from './seed.js';
import { userCommand } from './user.js';
import { verifyCommand } from './verify.js';
import { runWorkerProcess } from './worker.js';

export const usage = `Usage: npm run cli -- <command>

  serve                       migrate, seed demo data on first start, serve the API (PORT)
  migrate                     apply pending database migrations
  seed                        seed the demo data (venues, 200+ events, demo accounts)
  seed --events N             add N generated events (for benchmarks); --batch size optional
  user create --email E --password P --role customer|organizer|admin|scanner [--name N]
  worker [--interval MS]      run the background worker (outbox, hold expiry, refunds, mail) until stopped
  verify [--json] [--event ID] check invariants 1–4 (no oversell, one booking, money, outbox) and every
                              capture against the payment provider; exit 1 on breach
  backup [--out DIR] [--keep N] [--format auto|pg_dump|copy]
                              back the database up from one snapshot, with a manifest (default DIR: BACKUP_DIR or data/backups)
  restore --from FILE [--force] restore a backup into an empty database (--force replaces a non-empty one)

The database is DATABASE_URL, or the embedded server in BOXOFFICE_DATA_DIR (./data);
while \`npm start\` runs, commands attach to its embedded server.`;

export type Flags = Record<string, string | boolean | undefined>;

type Command = (deps: Deps, args: string[], flags: Flags) => Promise<number>;

const commands: Record<string, Command> = {
  migrate: async () => 0,
  seed: seedCommand,
  user: userCommand,
  verify: verifyCommand,
};

/** Returns the exit code, or -1 when the command keeps running (serve, worker). */
export async function runCommand(name: string, args: string[], flags: Flags, config: Config, logger: Logger): Promise<number> {
  if (name === 'serve') return serve(config, logger);
  if (name === 'worker') return runWorkerProcess(config, logger, flags);
  // Neither migrates first: a backup reads the schema as it is, a restore needs the database empty.
  // Loaded on demand: the archive libraries are not worth loading for every other command.
  if (name === 'backup') return (await import('./backup.js')).backupCommand(config, logger, flags);
  if (name === 'restore') return (await import('./backup.js')).restoreCommand(config, logger, flags);
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  const database = await openDatabase(config, logger, { poolSize: 5 });
  try {
    await migrate(database.db, logger);
    const deps = createDeps({ config, db: database.db, clock: systemClock, logger });
    return await command(deps, args, flags);
  } finally {
    await database.close();
  }
}
