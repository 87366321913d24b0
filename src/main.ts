import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { usage } from './cli/usage.js';

/** One entry point for every process: `serve`, `worker`, `migrate`, `seed`, `user create`, `verify`, `backup`, `restore`. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    // Undeclared flags are booleans under strict:false, so `--email E` would lose E.
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      events: { type: 'string' },
      batch: { type: 'string' },
      event: { type: 'string' },
      interval: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  // Asking for help succeeds; a missing command is a usage error.
  if (values.help || command === 'help') {
    console.log(usage);
    return 0;
  }
  if (!command) {
    console.error(usage);
    return 1;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const logger = createLogger(config.logLevel, command === 'serve' || command === 'worker' ? 1 : 2);
  const { runCommand } = await import('./cli/commands.js');
  return runCommand(command, rest, values, config, logger);
}

main().then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
