import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCache } from '../../src/adapters/kv/cache.js';
import { KvUnavailableError, type KvStore } from '../../src/adapters/kv/kv-store.js';
import { cacheOutboxHandlers } from '../../src/jobs/handlers/cache.handler.js';
import { outboxHandlers } from '../../src/jobs/handlers/index.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { cancelEvent } from '../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../support/test-app.js';

/** A store whose every call fails, as Redis does while it is away. */
function brokenStore(): KvStore {
  const fail = async (): Promise<never> => {
    throw new KvUnavailableError('store down (test)');
  };
  return {
    kind: 'redis',
    get: fail,
    mget: fail,
    set: fail,
    setIfAbsent: fail,
    del: fail,
    incr: fail,
    incrBy: fail,
    expire: fail,
    ttl: fail,
    isHealthy: () => false,
    close: async () => {},
  };
}

const word = (): string =>
  `zq${randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 10)}`;

describe('read path: cached catalogue reads, invalidation and HTTP caching', () => {
  let t: TestApp;
  const clock = new ManualClock();
  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 10, config: { readCache: true } });
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/api/v1${url}`, headers });
  const patch = (eventId: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/admin/events/${eventId}`, headers: auth, payload });
  /**
   * What the worker does with this file's outbox rows: the registered handler,
   * then the row marked delivered. Only rows of events created here, so other
   * test files' rows (an event.removed that must cancel orders) stay theirs.
   */
  const mine = new Set<string>();
  const deliver = async (): Promise<number> => {
    const rows = await t.deps.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'aggregate_id', 'payload'])
      .where('delivered_at', 'is', null)
      .where('aggregate_id', 'in', [...mine])
      .orderBy('id')
      .execute();
    const handlers = { ...outboxHandlers, ...cacheOutboxHandlers };
    for (const row of rows.filter((r) => handlers[r.topic])) {
      await handlers[row.topic]!(t.deps, {
        id: row.id,
        topic: row.topic,
        aggregateId: row.aggregate_id,
        payload: (row.payload ?? {}) as Record<string, unknown>,
      });
      await t.deps.db.updateTable('outbox').set({ delivered_at: clock.now() }).where('id', '=', row.id).execute();
    }
    return rows.length;
  };
  const published = async (opts: Parameters<typeof createPublishedEvent>[1]) => {
    const ev = await createPublishedEvent(t.deps, opts);
    mine.add(ev.eventId);
    return ev;
  };

  it('event detail: served from the cache until the outbox delivers the change, with ETag, 304 and a CDN Cache-Control', async () => {
    const ev = await published({ seatedRows: 1, seatsPerRow: 4 });
    await deliver();
    const first = await get(`/events/${ev.eventId}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const body = first.json();
    expect(body).toMatchObject({ id: ev.eventId, status: 'published', saleStatus: 'on_sale', capacity: 4 });
    // The shared cache holds only what buyers may see.
    expect(Object.keys(body)).not.toContain('organizerId');
    expect(Object.keys(body)).not.toContain('inventoryReady');

    const notModified = await get(`/events/${ev.eventId}`, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers['content-length']).toBeUndefined();
    expect(notModified.headers.etag).toBe(etag);

    const renamed = await patch(ev.eventId, ev.organizer.auth, { title: 'Renamed by the organizer' });
    expect(renamed.statusCode).toBe(200);
    // The row changed, the cached copy did not: nothing has announced the change yet.
    const stale = await get(`/events/${ev.eventId}`);
    expect(stale.json().title).toBe(body.title);
    expect(stale.headers.etag).toBe(etag);

    expect(await deliver()).toBeGreaterThan(0);
    const fresh = await get(`/events/${ev.eventId}`, { 'if-none-match': etag });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().title).toBe('Renamed by the organizer');
    expect(fresh.headers.etag).not.toBe(etag);
  });

  it('listings: a changed event leaves cached searches at once after delivery (generation bump), with ETag and 304', async () => {
    const before = word();
    const after = word();
    const ev = await published({ seatedRows: 1, seatsPerRow: 2 });
    expect((await patch(ev.eventId, ev.organizer.auth, { title: `Night of ${before}` })).statusCode).toBe(200);
    await deliver();

    const found = await get(`/events?q=${before}`);
    expect(found.statusCode).toBe(200);
    expect(found.headers['cache-control']).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([ev.eventId]);
    const etag = found.headers.etag as string;
    expect((await get(`/events?q=${before}`, { 'if-none-match': etag })).statusCode).toBe(304);
    // Same search spelt differently: same cached page.
    expect((await get(`/events?q=%20${before.toUpperCase()}%20`)).headers.etag).toBe(etag);
    expect((await get(`/events?q=${after}`)).json().items).toEqual([]);

    expect((await patch(ev.eventId, ev.organizer.auth, { title: `Night of ${after}` })).statusCode).toBe(200);
    expect((await get(`/events?q=${before}`)).json().items).toHaveLength(1);

    await deliver();
    const old = await get(`/events?q=${before}`, { 'if-none-match': etag });
    expect(old.statusCode).toBe(200);
    expect(old.json().items).toEqual([]);
    expect((await get(`/events?q=${after}`)).json().items.map((i: { id: string }) => i.id)).toEqual([ev.eventId]);
    // Bad input is answered 400 and never cached.
    expect((await get('/events?sort=relevance')).statusCode).toBe(400);
  });

  it('seat map: long Cache-Control, 304 from the cache, and a cancelled event’s page says so after delivery', async () => {
    const ev = await published({ seatedRows: 2, seatsPerRow: 3 });
    const first = await get(`/events/${ev.eventId}/seatmap`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const etag = first.headers.etag as string;
    expect(first.json().sections[0].seats.map((s: { id: string }) => s.id)).toEqual(ev.seatIds);
    const again = await get(`/events/${ev.eventId}/seatmap`);
    expect(again.body).toBe(first.body);
    expect((await get(`/events/${ev.eventId}/seatmap`, { 'if-none-match': etag })).statusCode).toBe(304);

    const cancelled = await cancelEvent(t.app, ev.organizer, ev.eventId, 'Flooded venue');
    expect(cancelled.statusCode).toBeLessThan(300);
    await deliver();
    // Only drafts are removed: a cancelled event keeps its page and map, and the cached page says it is cancelled.
    expect((await get(`/events/${ev.eventId}/seatmap`)).statusCode).toBe(200);
    expect((await get(`/events/${ev.eventId}`)).json()).toMatchObject({ status: 'cancelled', cancelReason: 'Flooded venue' });
  });

  it('availability: one shared copy per instance for at most one second, max-age=1, ETag and 304', async () => {
    const ev = await published({ seatedRows: 1, seatsPerRow: 8 });
    const replies = await Promise.all(Array.from({ length: 40 }, () => get(`/events/${ev.eventId}/availability`)));
    expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(replies.map((r) => r.headers.etag)).size).toBe(1);
    const first = replies[0]!;
    expect(first.headers['cache-control']).toBe('public, max-age=1');
    expect(first.headers.etag).toBe(`"${first.json().version}"`);
    expect((await get(`/events/${ev.eventId}/availability`, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);

    await t.deps.db
      .updateTable('event_seats')
      .set({ status: 'sold', order_id: randomUUID() })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[0]!)
      .execute();
    // Within its second the shared copy stands …
    clock.advance(500);
    expect((await get(`/events/${ev.eventId}/availability`)).headers.etag).toBe(first.headers.etag);
    // … and not a moment longer.
    clock.advance(500);
    const changed = await get(`/events/${ev.eventId}/availability`, { 'if-none-match': first.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().sections[ev.seatedSectionId]).toEqual({ available: 7, total: 8 });
  });

  it('a failing cache store is a miss: every read is served from PostgreSQL and invalidation is retried', async () => {
    const ev = await published({ seatedRows: 1, seatsPerRow: 3 });
    await deliver();
    const { cache, kv } = t.deps;
    const broken = brokenStore();
    t.deps.cache = createCache(broken);
    t.deps.kv = broken;
    try {
      const detail = await get(`/events/${ev.eventId}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.headers.etag).toBeDefined();
      expect((await get(`/events/${ev.eventId}/seatmap`)).statusCode).toBe(200);
      expect((await get(`/events/${ev.eventId}/availability`)).statusCode).toBe(200);
      const listing = await get(`/events?q=${encodeURIComponent(detail.json().title)}`);
      expect(listing.statusCode).toBe(200);
      expect(listing.json().items.map((i: { id: string }) => i.id)).toContain(ev.eventId);

      // A change made while the store is down reads fresh from PostgreSQL …
      expect((await patch(ev.eventId, ev.organizer.auth, { title: 'Changed during the outage' })).statusCode).toBe(200);
      expect((await get(`/events/${ev.eventId}`)).json().title).toBe('Changed during the outage');
      // … and its invalidation fails, so the worker keeps the row for a retry instead of losing it.
      const row = await t.deps.db
        .selectFrom('outbox')
        .select(['id', 'payload'])
        .where('topic', '=', 'event.updated')
        .where('aggregate_id', '=', ev.eventId)
        .where('delivered_at', 'is', null)
        .executeTakeFirstOrThrow();
      await expect(
        cacheOutboxHandlers['event.updated']!(t.deps, { id: row.id, topic: 'event.updated', aggregateId: ev.eventId, payload: {} }),
      ).rejects.toThrow('store down');
    } finally {
      t.deps.cache = cache;
      t.deps.kv = kv;
    }
    await deliver();
    expect((await get(`/events/${ev.eventId}`)).json().title).toBe('Changed during the outage');
  });
});
