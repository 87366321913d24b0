import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps, type Deps } from '../src/context.js';
import { createDb } from '../src/db/client.js';
import { systemClock } from '../src/domain/clock.js';
import { buildApp } from '../src/http/app.js';
import { createLogger, loggerOptions } from '../src/logger.js';
import { createUser } from './factories/users.js';
import { testConfig } from './support/test-app.js';

const EMAIL = 'ada.secret@example.org';
const PASSWORD = 'hunter2-hunter2';
const NAME = 'Ada Secretperson';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-token-body.signature';

function memoryLog(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function expectNoPii(text: string): void {
  for (const secret of [EMAIL, PASSWORD, NAME, TOKEN, 'session=abc']) expect(text).not.toContain(secret);
}

describe('logging redacts personal data (invariant 6)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['top-level fields', { email: EMAIL, password: PASSWORD, name: NAME }],
    ['a request body', { body: { email: EMAIL, password: PASSWORD, name: NAME } }],
    [
      'a request with headers and body',
      {
        req: {
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { authorization: `Bearer ${TOKEN}`, cookie: 'session=abc' },
          body: { email: EMAIL, password: PASSWORD },
        },
      },
    ],
    ['a Fastify-style request', { request: { headers: { authorization: `Bearer ${TOKEN}` }, body: { email: EMAIL, name: NAME } } }],
    ['bare headers', { headers: { authorization: `Bearer ${TOKEN}`, cookie: 'session=abc' } }],
    ['a user object', { user: { id: 'u1', email: EMAIL, name: NAME } }],
    ['an input object', { input: { email: EMAIL, password: PASSWORD, name: NAME } }],
  ])('scrubs email, password, name and authorization from %s', (_label, payload) => {
    const log = memoryLog();
    const logger = pino(loggerOptions('info'), log.stream);
    logger.info(payload, 'something happened');
    const line = JSON.parse(log.text());
    expect(line.msg).toBe('something happened');
    expectNoPii(log.text());
  });

  it('marks what it removed, so a reader knows the field existed', () => {
    const log = memoryLog();
    pino(loggerOptions('info'), log.stream).info({ user: { id: 'u1', email: EMAIL }, body: { password: PASSWORD } }, 'x');
    const line = JSON.parse(log.text());
    expect(line.user).toEqual({ id: 'u1', email: '[redacted]' });
    expect(line.body).toEqual({ password: '[redacted]' });
  });

  it('keeps the fields that are not personal', () => {
    const log = memoryLog();
    pino(loggerOptions('info'), log.stream).info(
      { req: { method: 'POST', url: '/api/v1/auth/login', body: { email: EMAIL } }, userId: 'u1' },
      'x',
    );
    const line = JSON.parse(log.text());
    expect(line.req.method).toBe('POST');
    expect(line.req.url).toBe('/api/v1/auth/login');
    expect(line.req.body).toBeUndefined();
    expect(line.userId).toBe('u1');
  });

  it('honours the level', () => {
    const log = memoryLog();
    const logger = pino(loggerOptions('warn'), log.stream);
    logger.info({ userId: 'u1' }, 'quiet');
    expect(log.text()).toBe('');
    expect(createLogger('silent').level).toBe('silent');
  });
});

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
