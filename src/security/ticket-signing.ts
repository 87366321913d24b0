import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deriveKey } from './keys.js';
import { createSealer } from './pii-cipher.js';

/** An event's key pair as stored: the public key in the clear, the private key sealed. */
export interface StoredTicketKey {
  publicKey: string;
  privateKeySealed: string;
}

export interface EventSigningKey {
  /** Raw Ed25519 public key, base64url: what the door scanner's bundle carries. */
  publicKeyText: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/**
 * Ed25519 ticket signing with node:crypto. Each event has its own pair so a
 * scanner trusts one event's codes only; the private key is sealed with a key
 * derived from SECRET_KEY for this purpose alone, and unsealed keys are kept in
 * a bounded cache (a pair never changes once made).
 */
export interface TicketSigning {
  newKeyPair(): StoredTicketKey;
  open(stored: StoredTicketKey): EventSigningKey;
  sign(key: EventSigningKey, data: Uint8Array): Uint8Array;
  verify(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean;
  publicKeyOf(text: string): KeyObject;
}

export function createTicketSigning(secret: string): TicketSigning {
  const sealer = createSealer(deriveKey(secret, 'ticket'));
  const opened = new LRUCache<string, EventSigningKey>({ max: 2_000 });
  const publics = new LRUCache<string, KeyObject>({ max: 2_000 });
  const publicKeyOf = (text: string): KeyObject => {
    let key = publics.get(text);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
      publics.set(text, key);
    }
    return key;
  };
  return {
    newKeyPair() {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const x = publicKey.export({ format: 'jwk' }).x!;
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      return { publicKey: x, privateKeySealed: sealer.encrypt(der.toString('base64')) };
    },
    open(stored) {
      const hit = opened.get(stored.publicKey);
      if (hit) return hit;
      const der = Buffer.from(sealer.decrypt(stored.privateKeySealed), 'base64');
      const key: EventSigningKey = {
        publicKeyText: stored.publicKey,
        publicKey: publicKeyOf(stored.publicKey),
        privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      };
      opened.set(stored.publicKey, key);
      return key;
    },
    sign: (key, data) => new Uint8Array(sign(null, data, key.privateKey)),
    verify(publicKey, data, signature) {
      try {
        return verify(null, data, publicKey, signature);
      } catch {
        return false;
      }
    },
    publicKeyOf,
  };
}
