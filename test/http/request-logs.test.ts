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

  it('logs server errors and slow requests, and only a sample of the rest (here none)', async () => {
    const log = memoryLog();
    const sampled = { ...deps, config: { ...deps.config, requestLog: { sample: 0, slowMs: 100 } } };
    const app = await buildApp(sampled, { logger: { ...loggerOptions('info'), stream: log.stream } });
    app.get('/test-only/boom', async () => {
      throw new Error('boom');
    });
    app.get('/test-only/slow', async () => {
      // Slower than slowMs on the server's own clock; the reply is what the test awaits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ok: true };
    });
    try {
      for (let i = 0; i < 20; i++) expect((await app.inject({ method: 'GET', url: '/api/v1/events' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/test-only/boom' })).statusCode).toBe(500);
      expect((await app.inject({ method: 'GET', url: '/test-only/slow' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const lines = log
      .text()
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { level: number; msg: string; responseTime?: number; req?: { url: string }; res?: { statusCode: number } },
      );
    const requestLines = lines.filter((l) => l.req);
    // Ordinary requests are sampled out; one is logged only if this busy machine made it slow.
    const ordinary = requestLines.filter((l) => l.req!.url === '/api/v1/events');
    expect(ordinary.length).toBeLessThan(20);
    for (const l of ordinary) expect(l).toMatchObject({ msg: 'slow request', responseTime: expect.any(Number) });
    for (const l of ordinary) expect(l.responseTime).toBeGreaterThanOrEqual(100);
    const failed = requestLines.find((l) => l.req!.url === '/test-only/boom');
    expect(failed).toMatchObject({ level: 50, msg: 'request failed', res: { statusCode: 500 } });
    const slow = requestLines.find((l) => l.req!.url === '/test-only/slow');
    expect(slow).toMatchObject({ level: 40, msg: 'slow request', res: { statusCode: 200 } });
  });

  it('logs every request, one line each, when no sampling is configured', async () => {
    const log = memoryLog();
    const app = await buildApp(deps, { logger: { ...loggerOptions('info'), stream: log.stream } });
    try {
      for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/api/v1/events' });
    } finally {
      await app.close();
    }
    const lines = log
      .text()
      .trim()
      .split('\n')
      .filter((l) => l.includes('/api/v1/events'));
    expect(lines).toHaveLength(3);
  });
});
