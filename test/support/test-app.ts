import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Config } from '../../src/config.js';
import type { SimulatedProvider } from '../../src/adapters/payments/simulated-provider.js';
import { createDeps, type Deps } from '../../src/context.js';
import { createDb } from '../../src/db/client.js';
import { ManualClock, systemClock, type Clock } from '../../src/domain/clock.js';
import { buildApp, type AppInstance } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { testDatabaseUrl } from './test-database.js';

/**
 * A data folder per test file (this module is loaded once per file): mail files pile up in it, and a folder shared by
 * the whole run made every export and erasure read every test's mail.
 */
const fileDataDir = mkdtempSync(path.join(os.tmpdir(), 'boxoffice-test-data-'));

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  env: 'test',
  port: 0,
  host: '127.0.0.1',
  trustProxy: false,
  databaseUrl: testDatabaseUrl(),
  redisUrl: inject('redisUrl'),
  dataDir: fileDataDir,
  secretKey: 'test-secret-key-test-secret-key-0123456789',
  logLevel: 'silent',
  tokenTtlSeconds: 3600,
  demoSeed: false,
  smtpUrl: undefined,
  runWorker: false,
  // Race tests send hundreds of requests from one account pool and one IP; rate-limit tests lower these.
  rateLimits: { holds: 100_000, checkout: 100_000, login: 100_000, register: 100_000, queueJoins: 100_000 },
  ...overrides,
});

/** Redis keys and channels of this test file (files run in parallel on one shared Redis). */
export const testKeyPrefix = `test:${randomBytes(6).toString('hex')}:`;

export interface TestApp {
  app: AppInstance;
  deps: Deps;
  close(): Promise<void>;
}

/** A real app on this file's real database; `clock` lets expiry tests move time. */
export async function createTestApp(opts: { clock?: Clock; config?: Partial<Config>; poolSize?: number } = {}): Promise<TestApp> {
  const config = testConfig(opts.config);
  const db = createDb({ url: config.databaseUrl!, max: opts.poolSize ?? 10 });
  const deps = createDeps({ config, db, clock: opts.clock ?? systemClock, logger: createLogger('silent'), keyPrefix: testKeyPrefix });
  const app = await buildApp(deps);
  await app.ready();
  // The simulated provider's signed webhooks reach this app in-process (config.port is 0 here).
  if ('setWebhookTarget' in deps.payments) {
    (deps.payments as SimulatedProvider).setWebhookTarget(async (payload, headers) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload, headers });
      return res.statusCode < 300;
    });
  }
  return {
    app,
    deps,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

export { ManualClock };
