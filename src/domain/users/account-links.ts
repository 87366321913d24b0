import type { Deps } from '../../context.js';
import { replaceAccountToken, type AccountTokenPurpose } from '../../db/repositories/account-tokens.repository.js';
import { newAccountToken } from '../../security/account-tokens.js';

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const EMAIL_VERIFICATION_TTL_MS = 48 * 60 * 60_000;

type LinkDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/** The web app's address for links in mails: PUBLIC_URL, never a request's Host header. */
export function publicUrl(config: Deps['config']): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/** Issues a fresh token (earlier unused ones of the same purpose stop working) and answers the link to mail. */
export async function issueAccountLink(deps: LinkDeps, userId: string, purpose: AccountTokenPurpose, page: string): Promise<string> {
  const { token, hash } = newAccountToken();
  const now = deps.clock.now();
  const ttl = purpose === 'password_reset' ? PASSWORD_RESET_TTL_MS : EMAIL_VERIFICATION_TTL_MS;
  await deps.db
    .transaction()
    .execute((tx) =>
      replaceAccountToken(tx, { userId, purpose, tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + ttl) }),
    );
  // The token travels in the fragment: browsers never send it to servers or in Referer headers.
  return `${publicUrl(deps.config)}${page}#token=${token}`;
}
