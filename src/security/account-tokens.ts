import { createHash, randomBytes } from 'node:crypto';

/** A single-use token for an e-mailed link: 256 random bits, URL-safe. Only its hash is stored. */
export function newAccountToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: accountTokenHash(token) };
}

/** SHA-256 suffices (no slow hash): the token is 256 random bits, not a guessable password. */
export function accountTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
