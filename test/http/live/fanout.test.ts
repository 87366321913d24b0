import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../../src/config.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { checkout, hold, listen } from '../../support/booking-helpers.js';
import { PrivateRedis, redisServerAvailable } from '../../support/redis-server.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

interface SseMessage {
  event: string;
  data: { changes?: [number, number][]; seats?: unknown };
}

/** An open SSE connection whose messages collect in `messages`. */
async function openStream(
  base: string,
  eventId: string,
): Promise<{ messages: SseMessage[]; next(match: (m: SseMessage) => boolean, timeoutMs: number): Promise<SseMessage>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events/${eventId}/availability/stream`, { signal: controller.signal });
  expect(res.status).toBe(200);
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) messages.push({ event, data: JSON.parse(data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    messages,
    async next(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching SSE message within ${timeoutMs} ms; got ${messages.map((m) => m.event).join(',')}`);
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 50);
        });
      }
    },
    close: () => controller.abort(),
  };
}

const heldSeat = (index: number) => (m: SseMessage) =>
  m.event === 'delta' && (m.data.changes ?? []).some(([i, state]) => i === index && state === 1);

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
    const stream = await openStream(base, ev.eventId);
    await stream.next((m) => m.event === 'snapshot', 5_000);
    const user = await createUser(t.deps);
    expect((await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[3]] })).statusCode).toBe(201);
    await stream.next(heldSeat(3), 5_000);
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
    const stream = await openStream(baseB, ev.eventId);
    await stream.next((m) => m.event === 'snapshot', 5_000);

    const fan = await createUser(a.deps);
    const started = Date.now();
    const res = await hold(a.app, fan, ev.eventId, { seatIds: [ev.seatIds[5]] });
    expect(res.statusCode).toBe(201);
    await stream.next(heldSeat(5), 5_000);
    const elapsed = Date.now() - started;
    console.log(`[fanout] hold on A reached B's stream in ${elapsed} ms (poll interval 60 s)`);

    const released = await a.app.inject({ method: 'DELETE', url: `/api/v1/holds/${res.json().hold.id}`, headers: fan.auth });
    expect(released.statusCode).toBe(204);
    await stream.next((m) => m.event === 'delta' && (m.data.changes ?? []).some(([i, s]) => i === 5 && s === 0), 5_000);

    const buyer = await createUser(a.deps);
    const held = await hold(a.app, buyer, ev.eventId, { seatIds: [ev.seatIds[7]] });
    expect(held.statusCode).toBe(201);
    expect((await checkout(a.app, buyer, held.json().hold.id, randomUUID())).statusCode).toBe(201);
    await stream.next((m) => m.event === 'delta' && (m.data.changes ?? []).some(([i, s]) => i === 7 && s === 2), 5_000);
    stream.close();
  });
});
