import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAvailability } from '../../src/domain/catalogue/get-availability.js';
import { unpackSeatStates } from '../../src/domain/catalogue/catalogue.rules.js';
import type { AppInstance } from '../../src/http/app.js';
import { registerErrorHandling } from '../../src/http/plugins/errors.js';
import { createPollingFeed } from '../../src/http/routes/live/availability-feed.js';
import { availabilityStreamRoute } from '../../src/http/routes/live/availability-stream.route.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser } from '../factories/users.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { openStream, waitFor, type SseStream } from '../support/sse.js';

/**
 * The live seat-map stream through a real port: clients get a snapshot, then a
 * delta within about a second of a hold, from one poller however many watch.
 */
describe('GET /events/:id/availability/stream', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => t.close());

  it('answers an unknown event with a JSON 404 and a bad id with a 400, before streaming', async () => {
    const missing = await fetch(`${base}/api/v1/events/00000000-0000-4000-8000-000000000000/availability/stream`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
    const bad = await fetch(`${base}/api/v1/events/not-a-uuid/availability/stream`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('sends a snapshot, then a delta to every watcher when a seat is held and again when it is released', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 8 });
    const buyer = await createUser(t.deps);
    const streams: SseStream[] = await Promise.all(
      Array.from({ length: 5 }, () => openStream(`${base}/api/v1/events/${ev.eventId}/availability/stream`)),
    );
    try {
      for (const s of streams) {
        expect(s.contentType).toMatch(/^text\/event-stream/);
        const first = await waitFor(s, (m) => m.event === 'snapshot');
        const snapshot = JSON.parse(first.data);
        expect(unpackSeatStates(snapshot.seats.data, 16)).toEqual(Array(16).fill(0));
      }

      const seatIndex = 9;
      const hold = await fetch(`${base}/api/v1/events/${ev.eventId}/holds`, {
        method: 'POST',
        headers: { ...buyer.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ seatIds: [ev.seatIds[seatIndex]] }),
      });
      expect(hold.status).toBe(201);
      const holdId = (await hold.json()).hold.id as string;

      for (const s of streams) {
        const delta = JSON.parse((await waitFor(s, (m) => m.event === 'delta')).data);
        expect(delta.changes).toEqual([[seatIndex, 1]]);
        expect(delta.sections[ev.seatedSectionId]).toEqual({ available: 15, total: 16 });
      }

      const released = await fetch(`${base}/api/v1/holds/${holdId}`, { method: 'DELETE', headers: buyer.auth });
      expect(released.status).toBe(204);
      const back = JSON.parse((await waitFor(streams[0]!, (m) => m.event === 'delta' && m.data.includes(`[${seatIndex},0]`))).data);
      expect(back.changes).toEqual([[seatIndex, 0]]);
    } finally {
      for (const s of streams) s.close();
    }
  });
});

describe('the polling availability feed', () => {
  let t: TestApp;
  let app: AppInstance;
  let base: string;
  const loads = new Map<string, number>();
  // A long interval: the only loads are the ones subscribing causes, so the count is exact.
  const feed = createPollingFeed({
    intervalMs: 60_000,
    load: (eventId) => {
      loads.set(eventId, (loads.get(eventId) ?? 0) + 1);
      return getAvailability(t.deps, eventId);
    },
  });

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    app = Fastify().withTypeProvider() as unknown as AppInstance;
    registerErrorHandling(app);
    await app.register(availabilityStreamRoute, { feed, heartbeatMs: 50 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('shares one poller among twenty watchers, sends heartbeats, and stops when the last one leaves', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const url = `${base}/events/${ev.eventId}/availability/stream`;
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(url)));
    await Promise.all(streams.map((s) => waitFor(s, (m) => m.event === 'snapshot')));
    expect(loads.get(ev.eventId)).toBe(1);
    expect(feed.watchedEvents()).toBe(1);

    await Promise.all(streams.map((s) => waitFor(s, (m) => m.comment === 'heartbeat')));

    for (const s of streams.slice(1)) s.close();
    await expect.poll(() => feed.watchedEvents(), { timeout: 5000 }).toBe(1);
    streams[0]!.close();
    await expect.poll(() => feed.watchedEvents(), { timeout: 5000 }).toBe(0);

    // Watching again starts a fresh poller.
    const again = await openStream(url);
    await waitFor(again, (m) => m.event === 'snapshot');
    expect(loads.get(ev.eventId)).toBe(2);
    again.close();
  });
});
