import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, createTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Every registration in this file happens at one instant of a ManualClock, so
 * "nothing was written" is a count of users created at that instant, whatever
 * the file's other tests registered before.
 */
const instant = new Date(`2029-01-01T00:00:00.${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`);

describe('accounts: bad input is a 400 and writes nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new ManualClock(instant), poolSize: 10 });
  });
  afterAll(() => t.close());

  const usersWrittenHere = async (): Promise<number> => {
    const r = await t.deps.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('created_at', '=', instant)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const email = `valid-${randomUUID()}@example.org`;
  const good = { email, password: 'good valid passphrase', name: 'Valid Name' };

  const badBodies: [string, unknown][] = [
    ['missing email', { password: good.password, name: good.name }],
    ['missing password', { email, name: good.name }],
    ['missing name', { email, password: good.password }],
    ['empty object', {}],
    ['not an email', { ...good, email: 'not-an-email' }],
    ['email without domain dot', { ...good, email: 'ada@localhost' }],
    ['email with inner space', { ...good, email: 'ada lovelace@example.org' }],
    ['short password', { ...good, password: 'short77' }],
    ['overlong password', { ...good, password: 'x'.repeat(257) }],
    ['empty name', { ...good, name: '' }],
    ['blank name', { ...good, name: '   ' }],
    ['overlong name', { ...good, name: 'n'.repeat(201) }],
    ['unknown extra field', { ...good, nickname: 'ada' }],
    ['number as email', { ...good, email: 42 }],
    ['array as password', { ...good, password: ['good valid passphrase'] }],
    ['object as name', { ...good, name: { first: 'Ada' } }],
    ['null password', { ...good, password: null }],
    ['array body', [good]],
  ];

  it.each(badBodies)('rejects %s', async (_label, body) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toEqual(expect.any(String));
    expect(await usersWrittenHere()).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"email": "a@b.co", "password": '],
    ['plain words', 'register me please'],
    ['empty body', ''],
  ])('rejects a non-JSON body (%s) sent as JSON', async (_label, payload) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await usersWrittenHere()).toBe(0);
  });

  it('rejects a body that is not sent as JSON at all without writing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: `email=${email}&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toEqual(expect.any(String));
    expect(await usersWrittenHere()).toBe(0);
  });

  it('names the failing field in the details', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...good, password: 'short' } });
    expect(res.json().error.details.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body/password' })]));
  });

  it('rejects malformed log-in bodies with 400 before any credential check', async () => {
    for (const body of [{}, { email }, { email, password: 'good valid passphrase', extra: 1 }, { email: 1, password: 2 }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('still accepts the well-formed body afterwards (the cases above fail for their own reason)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: good });
    expect(res.statusCode).toBe(201);
    expect(await usersWrittenHere()).toBe(1);
  });
});
