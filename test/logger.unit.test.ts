import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, loggerOptions } from '../src/logger.js';
import { EMAIL, expectNoPii, memoryLog, NAME, PASSWORD, TOKEN } from './support/memory-log.js';

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
