import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser, createUsers } from '../factories/users.js';
import { hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// A fresh address per test: with TEST_REDIS_URL the counters outlive this run for a minute.
const randomIp = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      poolSize: 10,
      config: { rateLimits: { holds: 3, checkout: 2, login: 2, register: 2, queueJoins: 2 } },
    });
  });
  afterAll(() => t.close());

  it('holds: the 4th request of an account in a minute is 429 with Retry-After; another account is unaffected', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const [greedy, other] = [await createUser(t.deps), await createUser(t.deps)];
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await hold(t.app, greedy, ev.eventId, { seatIds: [ev.seatIds[i]] })).statusCode);
    // The first holds, then one active booking per event: 409s, still counted.
    expect(statuses).toEqual([201, 409, 409]);
    const limited = await hold(t.app, greedy, ev.eventId, { seatIds: [ev.seatIds[3]] });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry in/) } });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Nothing was written by the rejected request.
    const heldBy = await t.deps.db.selectFrom('holds').select('id').where('user_id', '=', greedy.id).execute();
    expect(heldBy).toHaveLength(1);

    const fine = await hold(t.app, other, ev.eventId, { seatIds: [ev.seatIds[3]] });
    expect(fine.statusCode).toBe(201);
  });

  it('checkout is limited per account on its own budget', async () => {
    const user = await createUser(t.deps);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/holds/${randomUUID()}/checkout`,
        headers: { ...user.auth, 'idempotency-key': randomUUID() },
        payload: { payment: { method: 'card', token: 'tok_visa' } },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([404, 404, 429]);
  });

  it('login and register are limited per IP when signed out; another IP is unaffected', async () => {
    const ip = randomIp();
    const login = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        payload: { email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password-123' },
      });
    expect((await login(ip)).statusCode).toBe(401);
    expect((await login(ip)).statusCode).toBe(401);
    const limited = await login(ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(randomIp())).statusCode).toBe(401);

    const register = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress,
        payload: { email: `new-${randomUUID()}@example.com`, password: 'a-long-password-123', name: 'New Fan' },
      });
    const regIp = randomIp();
    expect((await register(regIp)).statusCode).toBe(201);
    expect((await register(regIp)).statusCode).toBe(201);
    expect((await register(regIp)).statusCode).toBe(429);
  });

  // Issue 12, defect 3: with a token attached the budget was per account, so each new account brought a fresh one.
  it('login and register stay limited per IP when every request carries a different account’s token', async () => {
    const users = await createUsers(t.deps, 6);
    const ip = randomIp();
    const login = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: users[i]!.auth,
        payload: { email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password-123' },
      });
    expect([(await login(0)).statusCode, (await login(1)).statusCode, (await login(2)).statusCode]).toEqual([401, 401, 429]);

    const regIp = randomIp();
    const register = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: regIp,
        headers: users[i]!.auth,
        payload: { email: `tok-${randomUUID()}@example.com`, password: 'a-long-password-123', name: 'New Fan' },
      });
    expect([(await register(3)).statusCode, (await register(4)).statusCode, (await register(5)).statusCode]).toEqual([201, 201, 429]);
  });

  it('login is limited per target account across many IPs (credential stuffing from a botnet); other accounts are unaffected', async () => {
    const target = `victim-${randomUUID()}@example.com`;
    const attempt = (email: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: randomIp(), payload: { email, password: 'guess-123456' } });
    // Case and spaces do not make a new account, so they do not make a new budget either.
    const codes = [(await attempt(target)).statusCode, (await attempt(` ${target.toUpperCase()}`)).statusCode];
    const limited = await attempt(target);
    expect([...codes, limited.statusCode]).toEqual([401, 401, 429]);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(`other-${randomUUID()}@example.com`)).statusCode).toBe(401);
  });

  it('signed-in callers are not limited per IP: 40 accounts behind one address all get through', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 4, seatsPerRow: 10 });
    const users = await createUsers(t.deps, 40);
    const ip = randomIp();
    const replies = await Promise.all(
      users.map((u, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/events/${ev.eventId}/holds`,
          remoteAddress: ip,
          headers: u.auth,
          payload: { seatIds: [ev.seatIds[i]] },
        }),
      ),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(users.map(() => 201));
  });
});

describe.skipIf(!inject('redisUrl'))('rate limits on Redis', () => {
  it("the limiter's connection is up once the app is ready: a count sent before it would be dropped, not kept", async () => {
    const t = await createTestApp({ poolSize: 2 });
    try {
      expect(t.deps.redis?.isHealthy()).toBe(true);
    } finally {
      await t.close();
    }
  });
});
