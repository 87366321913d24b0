import { hkdfSync } from 'node:crypto';

/** Separate keys per purpose, derived from the one configured secret. */
export type KeyPurpose =
  | 'auth-token'
  | 'pii-encryption'
  | 'pii-key-wrap'
  | 'pii-blind-index'
  | 'queue-token'
  | 'ticket'
  | 'webhook'
  | 'cursor'
  | 'csrf'
  | 'webhook-secret';

export function deriveKey(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'boxoffice', purpose, 32));
}
