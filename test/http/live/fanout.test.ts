import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../../src/config.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { checkout, hold, listen } from '../../support/booking-helpers.js';
import { PrivateRedis, redisServerAvailable } from '../../support/redis-server.js';
import { openStream, waitFor, type SseMessage, type SseStream } from '../../support/sse.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Opens the event's availability stream on `base`; messages are awaited with `waitFor`. */
async function openAvailability(base: string, eventId: string): Promise<SseStream> {
  const stream = await openStream(`${base}/api/v1/events/${eventId}/availability/stream`);
  expect(stream.status).toBe(200);
  return stream;
}

/** A delta in which seat `index` takes `state` (0 available, 1 held, 2 sold). */
const seatBecomes = (index: number, state: number) => (m: SseMessage) =>
  m.event === 'delta' &&
  ((JSON.parse(m.data) as { changes?: [number, number][] }).changes ?? []).some(([i, s]) => i === index && s === state);
const isSnapshot = (m: SseMessage): boolean => m.event === 'snapshot';

// A poll of one minute: only the pub/sub signal can bring the change within the test's deadline.
const slowPoll: Partial<Config> = { availabilityPollMs: 60_000 };

describe('availability stream: inventory signal (in-process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5, config: { ...slowPoll, redisUrl: undefined } });
  });
  afterAll(() => t.close());

  it('a hold is pushed to the stream at once, not at the next poll', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 8 });
    const base = await listen(t.app);
    const stream = await openAvailability(base, ev.eventId);
    await waitFor(stream, isSnapshot, 5_000);
    const user = await createUser(t.deps);
    expect((await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[3]] })).statusCode).toBe(201);
    await waitFor(stream, seatBecomes(3, 1), 5_000);
    stream.close();
  });
});

const sharedRedis = inject('redisUrl');
const canRun = Boolean(sharedRedis) || redisServerAvailable();
if (!canRun)
  console.warn('\n!!! test/http/live/fanout.test.ts (two instances) SKIPPED: no TEST_REDIS_URL and no redis-server binary !!!\n');

describe.skipIf(!canRun)('availability stream fans out across instances through Redis pub/sub', () => {
  let redis: PrivateRedis | null = null;
  let a: TestApp;
  let b: TestApp;
  let ev: PublishedEvent;
  beforeAll(async () => {
    if (!sharedRedis) redis = await PrivateRedis.start();
    const config: Partial<Config> = { ...slowPoll, redisUrl: sharedRedis ?? redis!.url };
    a = await createTestApp({ poolSize: 5, config });
    b = await createTestApp({ poolSize: 5, config });
    ev = await createPublishedEvent(a.deps, { seatedRows: 2, seatsPerRow: 10 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('a client streaming from instance B sees a hold, a release and a sale made through instance A', async () => {
    const baseB = await listen(b.app);
    const stream = await openAvailability(baseB, ev.eventId);
    await waitFor(stream, isSnapshot, 5_000);

    const fan = await createUser(a.deps);
    const started = Date.now();
    const res = await hold(a.app, fan, ev.eventId, { seatIds: [ev.seatIds[5]] });
    expect(res.statusCode).toBe(201);
    await waitFor(stream, seatBecomes(5, 1), 5_000);
    const elapsed = Date.now() - started;
    console.log(`[fanout] hold on A reached B's stream in ${elapsed} ms (poll interval 60 s)`);

    const released = await a.app.inject({ method: 'DELETE', url: `/api/v1/holds/${res.json().hold.id}`, headers: fan.auth });
    expect(released.statusCode).toBe(204);
    await waitFor(stream, seatBecomes(5, 0), 5_000);

    const buyer = await createUser(a.deps);
    const held = await hold(a.app, buyer, ev.eventId, { seatIds: [ev.seatIds[7]] });
    expect(held.statusCode).toBe(201);
    expect((await checkout(a.app, buyer, held.json().hold.id, randomUUID())).statusCode).toBe(201);
    await waitFor(stream, seatBecomes(7, 2), 5_000);
    stream.close();
  });
});
