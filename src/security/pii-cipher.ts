import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Executor } from '../db/client.js';
import { deleteUserKey, findWrappedUserKey, insertWrappedUserKey } from '../db/repositories/user-keys.repository.js';
import { deriveKey } from './keys.js';

/**
 * Personal data at rest (invariant 6): AES-256-GCM under a data key of the
 * user it is about, and an HMAC blind index (one server key) for values we
 * must look up (email). Each user's key is wrapped by a key derived from
 * SECRET_KEY and kept in `keyring.user_keys`, which backups leave out: erasure
 * deletes the key, so every copy of that user's ciphertext — restored backups
 * included — stays sealed for good (crypto-shredding).
 */
export interface PiiCipher {
  /** Seals `plain` with `userId`'s data key, creating the key on first use. */
  seal(userId: string, plain: string): Promise<string>;
  /** Opens what `seal` produced (or the older single-key `v1` form); throws `PersonalDataShreddedError` once the key is gone. */
  open(sealed: string): Promise<string>;
  blindIndex(value: string): Buffer;
  /** Destroys the user's data key in the erasure transaction. */
  shred(ex: Executor, userId: string): Promise<void>;
}

export class PersonalDataShreddedError extends Error {
  constructor(readonly userId: string) {
    super(`The data key of user ${userId} was destroyed by erasure`);
  }
}

const VERSION = 'v1';
const USER_KEYED = 'v2';

type Sealer = { encrypt(plain: string): string; decrypt(sealed: string): string };

/** AES-256-GCM sealing with one derived key (also seals the events' ticket-signing keys). */
export function createSealer(encKey: Buffer): Sealer {
  return {
    encrypt(plain) {
      return [VERSION, ...sealParts(encKey, plain)].join('.');
    },
    decrypt(sealed) {
      const [version, ...parts] = sealed.split('.');
      if (version !== VERSION || parts.length !== 3) throw new Error('Unrecognised ciphertext');
      return openParts(encKey, parts);
    },
  };
}

function sealParts(key: Buffer, plain: string): string[] {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')];
}

function openParts(key: Buffer, [iv, tag, body]: string[]): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * `db` reads and writes the keyring. Unwrapped keys are cached briefly: another
 * instance may hold an erased user's key for up to `keyCacheMs`, but the live
 * rows it could open are blanked by the same erasure.
 */
export function createPiiCipher(secret: string, db: Executor, keyCacheMs = 5 * 60_000): PiiCipher {
  const indexKey = deriveKey(secret, 'pii-blind-index');
  const legacy = createSealer(deriveKey(secret, 'pii-encryption'));
  const wrapper = createSealer(deriveKey(secret, 'pii-key-wrap'));
  const keys = new LRUCache<string, Buffer>({ max: 10_000, ttl: keyCacheMs });

  const unwrap = (wrapped: string): Buffer => Buffer.from(wrapper.decrypt(wrapped), 'base64');

  async function keyOf(userId: string, create: boolean): Promise<Buffer> {
    const cached = keys.get(userId);
    if (cached) return cached;
    let wrapped = await findWrappedUserKey(db, userId);
    if (!wrapped && create) wrapped = await insertWrappedUserKey(db, userId, wrapper.encrypt(randomBytes(32).toString('base64')));
    if (!wrapped) throw new PersonalDataShreddedError(userId);
    const key = unwrap(wrapped);
    keys.set(userId, key);
    return key;
  }

  return {
    async seal(userId, plain) {
      return [USER_KEYED, userId, ...sealParts(await keyOf(userId, true), plain)].join('.');
    },
    async open(sealed) {
      const [version, userId, ...parts] = sealed.split('.');
      if (version === VERSION) return legacy.decrypt(sealed);
      if (version !== USER_KEYED || !userId || parts.length !== 3) throw new Error('Unrecognised ciphertext');
      return openParts(await keyOf(userId, false), parts);
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest();
    },
    async shred(ex, userId) {
      await deleteUserKey(ex, userId);
      keys.delete(userId);
    },
  };
}
