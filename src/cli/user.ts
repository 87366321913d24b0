import type { Deps } from '../context.js';
import { AppError } from '../domain/errors.js';
import { createAccount } from '../domain/users/create-account.js';
import { isRole } from '../domain/users/users.rules.js';
import { roles } from '../security/auth-tokens.js';
import type { Flags } from './commands.js';

const usage = `Usage: npm run cli -- user create --email E --password P --role ${roles.join('|')} [--name N]`;

/** Exit codes: 0 created, 2 bad usage, bad input or taken email. */
export async function userCommand(deps: Deps, args: string[], flags: Flags): Promise<number> {
  const [sub, ...extra] = args;
  if (sub !== 'create' || extra.length > 0) {
    console.error(`Unknown user command "${args.join(' ')}"\n${usage}`);
    return 2;
  }
  const email = stringFlag(flags, 'email');
  const password = stringFlag(flags, 'password');
  const role = stringFlag(flags, 'role');
  const name = stringFlag(flags, 'name');
  const missing = [email === undefined && '--email', password === undefined && '--password', role === undefined && '--role'].filter(
    Boolean,
  );
  if (missing.length > 0 || email === undefined || password === undefined || role === undefined) {
    console.error(`Missing ${missing.join(', ')} (each needs a value)\n${usage}`);
    return 2;
  }
  if (!isRole(role)) {
    console.error(`Unknown role "${role}": use one of ${roles.join(', ')}`);
    return 2;
  }
  try {
    const user = await createAccount(deps, { email, password, name: name ?? null, role, via: 'cli' });
    console.log(`Created ${user.roles.join(',')} ${user.id} ${user.email}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'EMAIL_TAKEN' || e.code === 'VALIDATION_FAILED')) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

/** parseArgs with strict:false gives `true` for a flag written without a value. */
function stringFlag(flags: Flags, key: string): string | undefined {
  const value = flags[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
