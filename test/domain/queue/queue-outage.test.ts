import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvUnavailableError, type KvStore } from '../../../src/adapters/kv/kv-store.js';
import { runAdmission } from '../../../src/jobs/admission.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers } from '../../factories/users.js';
import { hold } from '../../support/booking-helpers.js';
import { eventually, PrivateRedis, redisServerAvailable, REDIS_SERVER_BIN } from '../../support/redis-server.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/** The app's own store, failing every call like an unreachable Redis while `down` is set. */
function switchable(store: KvStore): { kv: KvStore; setDown(down: boolean): void } {
  let down = false;
  const kv = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'close') return value;
      if (prop === 'isHealthy') return () => !down;
      return (...args: unknown[]) =>
        down
          ? Promise.reject(new KvUnavailableError('store unreachable (test)'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { kv, setDown: (d) => (down = d) };
}

describe('waiting room without its store', () => {
  let t: TestApp;
  const opening = new Date(Date.now() + 365 * 86_400_000);
  const clock = new ManualClock(new Date(opening.getTime() - 600_000));
  let store: ReturnType<typeof switchable>;

  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 5 });
    store = switchable(t.deps.kv);
    t.deps.kv = store.kv;
  });
  afterAll(() => t.close());

  it('fails joins closed with 503 and Retry-After, while admitted token holders keep holding', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 10,
      saleStartsAt: opening,
      startsAt: new Date(opening.getTime() + 30 * 86_400_000),
    });
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/v1/admin/events/${ev.eventId}/queue`,
          headers: ev.organizer.auth,
          payload: { enabled: true },
        })
      ).statusCode,
    ).toBe(200);
    clock.set(new Date(opening.getTime() + 1000));
    const [admitted, newcomer] = await createUsers(t.deps, 2);
    const joined = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: admitted!.auth, payload: {} });
    const token = joined.json().token as string;
    await runAdmission(t.deps, { eventIds: [ev.eventId] });

    store.setDown(true);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: newcomer!.auth, payload: {} });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('UNAVAILABLE');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The admission pass waits rather than guessing how many joined.
    expect((await runAdmission(t.deps, { eventIds: [ev.eventId] })).events).toEqual([]);
    // Status and holds read PostgreSQL and the token's signature only.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/queue/status` })).json()).toMatchObject({
      servingUpTo: 1,
      active: true,
    });
    const held = await hold(t.app, admitted!, ev.eventId, { seatIds: [ev.seatIds[0]] }, { 'x-queue-token': token });
    expect(held.statusCode).toBe(201);

    store.setDown(false);
    const back = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: newcomer!.auth, payload: {} });
    expect(back.statusCode).toBe(200);
    expect(back.json().position).toBe(2);
  });
});

describe.skipIf(!redisServerAvailable())('waiting room on a Redis that goes away and comes back', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  const opening = new Date(Date.now() + 365 * 86_400_000);
  const clock = new ManualClock(new Date(opening.getTime() - 600_000));

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ clock, poolSize: 5, config: { redisUrl: redis.url } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('answers 503 with Retry-After while Redis is down, keeps admitted holders booking, and recovers by itself', async () => {
    expect(t.deps.kv.kind).toBe('redis');
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 10,
      saleStartsAt: opening,
      startsAt: new Date(opening.getTime() + 30 * 86_400_000),
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/queue`,
      headers: ev.organizer.auth,
      payload: { enabled: true },
    });
    clock.set(new Date(opening.getTime() + 1000));
    const [admitted, newcomer] = await createUsers(t.deps, 2);
    const token = (
      await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: admitted!.auth, payload: {} })
    ).json().token as string;
    await runAdmission(t.deps, { eventIds: [ev.eventId] });

    await redis.stop();
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: newcomer!.auth, payload: {} });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await hold(t.app, admitted!, ev.eventId, { seatIds: [ev.seatIds[0]] }, { 'x-queue-token': token })).statusCode).toBe(201);

    await redis.start();
    // The fresh Redis has lost every counter: numbers already handed out (recorded in PostgreSQL) are not reissued.
    let position = 0;
    await eventually(
      async () => {
        const r = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: newcomer!.auth, payload: {} });
        position = r.statusCode === 200 ? (r.json().position as number) : 0;
        return r.statusCode === 200;
      },
      15_000,
      'join after Redis returned',
    );
    expect(position).toBeGreaterThan(1);
  });
});

if (!redisServerAvailable()) console.warn(`SKIPPED the real-Redis waiting-room outage test: ${REDIS_SERVER_BIN} is missing`);
