import type { Deps } from '../../context.js';
import { createAccount } from './create-account.js';
import type { Session } from './users.types.js';

/** Self-service sign-up: the role is never chosen by the caller. */
export async function registerCustomer(
  deps: Pick<Deps, 'db' | 'pii' | 'clock' | 'tokens'>,
  input: { email: string; password: string; name: string },
): Promise<Session> {
  const user = await createAccount(deps, { ...input, role: 'customer' });
  const token = await deps.tokens.issue({ userId: user.id, roles: user.roles });
  return { user, token };
}
