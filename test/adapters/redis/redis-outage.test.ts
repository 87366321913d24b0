import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failClosed } from '../../../src/adapters/kv/fail-closed.js';
import { KvUnavailableError } from '../../../src/adapters/kv/kv-store.js';
import { AppError } from '../../../src/domain/errors.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { eventually, PrivateRedis, redisServerAvailable, REDIS_SERVER_BIN } from '../../support/redis-server.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const available = redisServerAvailable();
if (!available) {
  console.warn(
    `\n!!! test/adapters/redis/redis-outage.test.ts SKIPPED: ${REDIS_SERVER_BIN} not found (install redis-server to run the outage tests) !!!\n`,
  );
}

describe.skipIf(!available)('Redis outage: the API keeps selling and recovers by itself', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ poolSize: 10, config: { redisUrl: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('reads, holds and checkout work with Redis down; fail-closed operations say 503; all recover when it returns', async () => {
    const { app, deps } = t;
    const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 6 });
    const received: string[] = [];
    const channel = `outage-${randomUUID()}`;
    const unsubscribe = await deps.pubsub.subscribe(channel, (m) => received.push(m));

    // Healthy: Redis answers, readiness is ok, the cache and pub/sub work.
    await eventually(async () => (await app.inject('/readyz')).json().status === 'ok', 10_000, 'redis ready');
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } });
    expect(await deps.cache.getOrLoad(`outage:${ev.eventId}`, 60_000, async () => 'from-db')).toBe('from-db');
    expect(await deps.kv.incr(`outage:${ev.eventId}:n`)).toBe(1);
    await deps.pubsub.publish(channel, 'before');
    await eventually(async () => received.includes('before'), 5_000, 'message before the outage');
    expect((await app.inject(`/api/v1/events/${ev.eventId}`)).statusCode).toBe(200);

    await redis.stop();

    // Down: readiness reports it but stays 200 (the API still sells on PostgreSQL).
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'degraded', checks: { database: 'ok', migrations: 'ok', redis: 'unreachable' } });

    // Event detail, listings/search, holds and checkout: cache misses go to PostgreSQL.
    const detail = await app.inject(`/api/v1/events/${ev.eventId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().id ?? detail.json().event?.id).toBe(ev.eventId);
    expect((await app.inject(`/api/v1/events/${ev.eventId}/availability`)).statusCode).toBe(200);
    expect((await app.inject('/api/v1/events?limit=5')).statusCode).toBe(200);
    expect((await app.inject('/api/v1/events?q=concert&limit=5')).statusCode).toBe(200);
    const user = await createUser(deps);
    const held = await hold(app, user, ev.eventId, { seatIds: [ev.seatIds[0], ev.seatIds[1]] });
    expect(held.statusCode).toBe(201);
    const paid = await checkout(app, user, held.json().hold.id, randomUUID());
    expect(paid.statusCode).toBe(201);
    expect(paid.json().order.status).toBe('confirmed');
    const sold = await deps.db
      .selectFrom('event_seats')
      .select('status')
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'sold')
      .execute();
    expect(sold).toHaveLength(2);

    // The cache fails open: a miss, the loader answers, nothing throws.
    expect(await deps.cache.getOrLoad(`outage:${ev.eventId}`, 60_000, async () => 'db-during-outage')).toBe('db-during-outage');
    // What must fail closed (waiting-room joins) gets a 503 UNAVAILABLE with Retry-After.
    const closed = await failClosed(() => deps.kv.incr(`outage:${ev.eventId}:n`)).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(AppError);
    expect(closed).toMatchObject({ code: 'UNAVAILABLE', status: 503, details: { retryAfterSeconds: expect.any(Number) } });
    // Publishing is a lost message, reported to the caller, never a crash.
    await expect(deps.pubsub.publish(channel, 'lost')).rejects.toThrow();

    await redis.start();

    // Back: the same client reconnects by itself; no restart of the app.
    await eventually(async () => (await app.inject('/readyz')).json().status === 'ok', 15_000, 'redis recovered');
    // The cache's own connection may still be finishing its reconnect, or its breaker (open for a second after a timed-out
    // command) may still be cooling off, when readiness first says ok: it comes back by itself within seconds.
    await eventually(
      async () => {
        await deps.cache.set(`outage:${ev.eventId}:after`, { ok: true }, 60_000);
        return (await deps.cache.get<{ ok: boolean }>(`outage:${ev.eventId}:after`))?.ok === true;
      },
      10_000,
      'cache round trip after recovery',
    );
    expect(await failClosed(() => deps.kv.incr(`outage:${ev.eventId}:fresh`))).toBe(1);
    // The subscriber re-subscribed after the reconnect.
    await eventually(
      async () => {
        await deps.pubsub.publish(channel, 'after');
        return received.includes('after');
      },
      15_000,
      'message after recovery',
    );
    expect(received).not.toContain('lost');
    await unsubscribe();

    const other = await createUser(deps);
    expect((await hold(app, other, ev.eventId, { seatIds: [ev.seatIds[2]] })).statusCode).toBe(201);
    await expectInvariantsHold(deps, [ev.eventId]);
  });

  it('a Redis that stops answering (socket open, no replies) costs one command timeout, then fails fast until it answers again', async () => {
    const { app, deps } = t;
    const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 4 });
    await eventually(async () => (await app.inject('/readyz')).json().status === 'ok', 10_000, 'redis ready');
    redis.pause();
    try {
      const first = await deps.kv.get('anything').catch((e: unknown) => e);
      expect(first).toBeInstanceOf(KvUnavailableError);
      expect((first as Error).message).toMatch(/timed out/);
      // The breaker is open now: the next call does not even wait for the timeout.
      const second = await deps.kv.get('anything').catch((e: unknown) => e);
      expect((second as Error).message).toMatch(/not answering/);
      expect(await deps.cache.getOrLoad(`paused:${ev.eventId}`, 1000, async () => 'db')).toBe('db');
      expect((await app.inject(`/api/v1/events/${ev.eventId}`)).statusCode).toBe(200);
      const user = await createUser(deps);
      expect((await hold(app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).statusCode).toBe(201);
    } finally {
      redis.resume();
    }
    await eventually(async () => (await deps.kv.incr(`paused:${ev.eventId}:n`)) === 1, 15_000, 'answers after resume');
  });
});
