import type { Config } from '../config.js';
import { createDeps, type Deps } from '../context.js';
import { systemClock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { migrate, openDatabase } from '../runtime.js';
import { serve } from './serve.js';
import { seedCommand } from './seed.js';
import { userCommand } from './user.js';
import { verifyCommand } from './verify.js';
import { usage } from './usage.js';
import { runWorkerProcess } from './worker.js';

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
