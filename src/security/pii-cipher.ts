import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveKey } from './keys.js';

/**
 * Personal data at rest (invariant 6): AES-256-GCM for values we only need to
 * read back, and an HMAC blind index for values we must look up (email).
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(value: string): Buffer;
}

const VERSION = 'v1';

export function createPiiCipher(secret: string): PiiCipher {
  const encKey = deriveKey(secret, 'pii-encryption');
  const indexKey = deriveKey(secret, 'pii-blind-index');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unrecognised ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest();
    },
  };
}
