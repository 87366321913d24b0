import type { Deps } from '../../context.js';
import { createAccount } from './create-account.js';
import { startSession } from './start-session.js';
import type { Session } from './users.types.js';

/** Self-service sign-up: the role is never chosen by the caller. */
export async function registerCustomer(
  deps: Pick<Deps, 'db' | 'pii' | 'clock' | 'tokens' | 'config'>,
  input: { email: string; password: string; name: string },
): Promise<Session> {
  const user = await createAccount(deps, { ...input, role: 'customer' });
  return { user, ...(await startSession(deps, user.id)) };
}
