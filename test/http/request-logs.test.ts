import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps, type Deps } from '../../src/context.js';
import { createDb } from '../../src/db/client.js';
import { systemClock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger, loggerOptions } from '../../src/logger.js';
import { createUser } from '../factories/users.js';
import { EMAIL, expectNoPii, memoryLog, PASSWORD, TOKEN } from '../support/memory-log.js';
import { testConfig } from '../support/test-app.js';

describe('request logs of the real app', () => {
  let deps: Deps;
  beforeAll(() => {
    const config = testConfig();
    deps = createDeps({ config, db: createDb({ url: config.databaseUrl!, max: 3 }), clock: systemClock, logger: createLogger('silent') });
  });
  afterAll(() => deps.db.destroy());

  it('never writes the email from a look-up query string, nor credentials, into the request log', async () => {
    const log = memoryLog();
    const app = await buildApp(deps, { logger: { ...loggerOptions('info'), stream: log.stream } });
    try {
      const admin = await createUser(deps, ['admin']);
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: EMAIL, password: PASSWORD },
        headers: { cookie: 'session=abc' },
      });
      await app.inject({ method: 'GET', url: `/api/v1/admin/users?email=${encodeURIComponent(EMAIL)}`, headers: admin.auth });
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${TOKEN}` } });
    } finally {
      await app.close();
    }
    const text = log.text();
    expect(text).toContain('/api/v1/admin/users');
    expectNoPii(text);
    expect(text).not.toContain(encodeURIComponent(EMAIL));
  });
});
