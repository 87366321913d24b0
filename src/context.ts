import path from 'node:path';
import { createFileMailer, createSmtpMailer, type Mailer } from './adapters/mail/mailer.js';
import type { PaymentProvider } from './adapters/payments/payment-provider.js';
import { createSimulatedProvider, httpWebhookTarget } from './adapters/payments/simulated-provider.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import { createAuthTokens, type AuthTokens } from './security/auth-tokens.js';
import { deriveKey } from './security/keys.js';
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
  payments: PaymentProvider;
  mailer: Mailer;
}

export function createDeps(base: Pick<Deps, 'config' | 'db' | 'clock' | 'logger'>): Deps {
  return {
    ...base,
    tokens: createAuthTokens(base.config.secretKey, base.config.tokenTtlSeconds, base.clock),
    pii: createPiiCipher(base.config.secretKey),
    // The simulated provider posts its webhooks to this instance's own public path, as a real one would.
    payments: createSimulatedProvider({
      db: base.db,
      clock: base.clock,
      webhookSecret: deriveKey(base.config.secretKey, 'webhook'),
      webhookTarget: httpWebhookTarget(`http://127.0.0.1:${base.config.port}/api/v1/payments/webhook`),
    }),
    mailer: base.config.smtpUrl ? createSmtpMailer(base.config.smtpUrl) : createFileMailer(path.join(base.config.dataDir, 'mail')),
  };
}
