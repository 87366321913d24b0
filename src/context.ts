import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import { createAuthTokens, type AuthTokens } from './security/auth-tokens.js';
import { createPiiCipher, type PiiCipher } from './security/pii-cipher.js';

/**
 * Everything a use case may touch, passed explicitly. Adapters (cache, mail,
 * payments) join here as they are built.
 */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  tokens: AuthTokens;
  pii: PiiCipher;
}

export function createDeps(base: Pick<Deps, 'config' | 'db' | 'clock' | 'logger'>): Deps {
  return {
    ...base,
    tokens: createAuthTokens(base.config.secretKey, base.config.tokenTtlSeconds, base.clock),
    pii: createPiiCipher(base.config.secretKey),
  };
}
