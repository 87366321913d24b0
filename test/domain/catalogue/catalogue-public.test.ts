import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackSeatStates } from '../../../src/domain/catalogue/catalogue.rules.js';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { ensureInventory } from '../../../src/domain/catalogue/ensure-inventory.js';
import { publishEvent } from '../../../src/domain/catalogue/publish-event.js';
import { createPublishedEvent, createVenueWith, rowLabel } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

describe('public catalogue: event, seat map, availability', () => {
  let t: TestApp;
  const clock = new ManualClock();
  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/api/v1${url}`, headers });

  it('shows a published event and hides drafts, removed and unknown events', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 3, gaCapacity: 4, perUserLimit: 3, holdSeconds: 90 });
    const res = await get(`/events/${ev.eventId}`);
    expect(res.statusCode).toBe(200);
    const event = res.json();
    expect(event).toMatchObject({
      id: ev.eventId,
      status: 'published',
      saleStatus: 'on_sale',
      perUserLimit: 3,
      holdSeconds: 90,
      cancellationCutoffHours: 48,
      capacity: 10,
      seatsAvailable: 10,
      saleStartsAt: null,
      saleEndsAt: null,
      category: 'concert',
    });
    expect(event.venue).toMatchObject({ id: ev.venueId, timezone: 'Europe/Berlin' });
    expect(event.performers).toEqual([{ id: expect.any(String), name: 'The Testers' }]);
    expect(event.priceTiers).toEqual([
      {
        id: ev.tierIds[0],
        name: 'Stalls',
        price: { amount: 5000, currency: 'EUR' },
        sectionIds: [ev.seatedSectionId],
        demand: null,
        hidden: false,
      },
      {
        id: ev.tierIds[1],
        name: 'Floor',
        price: { amount: 5000, currency: 'EUR' },
        sectionIds: [ev.gaSectionId],
        demand: null,
        hidden: false,
      },
    ]);
    expect(Object.keys(event).sort()).not.toContain('organizerId');

    const organizer = await createUser(t.deps, ['organizer']);
    const venue = await createVenueWith(t.deps, organizer, { sections: [{ name: 'Only', kind: 'ga', capacity: 2 }] });
    const draft = await createEvent(
      t.deps,
      { userId: organizer.id, roles: organizer.roles },
      {
        title: 'Secret',
        description: '',
        category: 'dance',
        venueId: venue.id,
        startsAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
        performers: ['Hidden'],
        priceTiers: [{ name: 'All', price: { amount: 1, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      },
    );
    for (const path of ['', '/seatmap', '/availability']) {
      expect((await get(`/events/${draft.id}${path}`)).statusCode).toBe(404);
      expect((await get(`/events/${randomUUID()}${path}`)).statusCode).toBe(404);
      expect((await get(`/events/xyz${path}`)).statusCode).toBe(400);
    }
    // Only drafts are removed now, but published events removed under the earlier rule stay in the data: still 404.
    await t.deps.db.updateTable('events').set({ status: 'removed' }).where('id', '=', ev.eventId).execute();
    expect((await get(`/events/${ev.eventId}`)).statusCode).toBe(404);
    expect((await get(`/events/${ev.eventId}/availability`)).statusCode).toBe(404);
  });

  it('serves the seat map in seat-map order with a long cache and a working ETag', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 3, seatsPerRow: 4, gaCapacity: 50 });
    const res = await get(`/events/${ev.eventId}/seatmap`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const map = res.json();
    expect(map.eventId).toBe(ev.eventId);
    expect(map.venue.id).toBe(ev.venueId);
    expect(map.sections.map((s: { id: string; kind: string; seats: unknown[] }) => [s.id, s.kind, s.seats.length])).toEqual([
      [ev.seatedSectionId, 'seated', 12],
      [ev.gaSectionId, 'ga', 0],
    ]);
    const seated = map.sections[0];
    expect(seated.tierId).toBe(ev.tierIds[0]);
    expect(seated.bounds).toEqual({ minX: 0, minY: 0, maxX: 3, maxY: 2 });
    expect(seated.seats.map((s: { id: string }) => s.id)).toEqual(ev.seatIds);
    expect(seated.seats.slice(0, 5).map((s: { row: string; number: number }) => `${s.row}${s.number}`)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'B1',
    ]);

    const cached = await get(`/events/${ev.eventId}/seatmap`, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.etag).toBe(etag);
    expect((await get(`/events/${ev.eventId}/seatmap`, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
  });

  it('documents the availability encoding in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json();
    const op = doc.paths['/api/v1/events/{id}/availability'].get;
    expect(op.description).toContain('2 bits per seat');
    expect(doc.paths['/api/v1/admin/events/{id}/publish']).toBeDefined();
  });

  it('encodes availability per seat, counts expired holds as free and answers 304 while unchanged', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 5, gaCapacity: 20 });
    const first = await get(`/events/${ev.eventId}/availability`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=1');
    const a0 = first.json();
    expect(first.headers.etag).toBe(`"${a0.version}"`);
    expect(a0.sections).toEqual({ [ev.seatedSectionId]: { available: 10, total: 10 }, [ev.gaSectionId!]: { available: 20, total: 20 } });
    expect(a0.seats.encoding).toBe('2bit-base64');
    expect(unpackSeatStates(a0.seats.data, 10)).toEqual(Array(10).fill(0));
    expect(Buffer.from(a0.seats.data, 'base64')).toHaveLength(3);
    expect((await get(`/events/${ev.eventId}/availability`, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);

    // Seat 2 held for a minute, seat 7 sold, and one GA place sold (as the booking path would leave them).
    const expires = new Date(clock.now().getTime() + 60_000);
    await t.deps.db
      .updateTable('event_seats')
      .set({ status: 'held', hold_id: randomUUID(), hold_expires_at: expires })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[1]!)
      .execute();
    await t.deps.db
      .updateTable('event_seats')
      .set({ status: 'sold', order_id: randomUUID() })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', ev.seatIds[6]!)
      .execute();
    const gaPlace = await t.deps.db
      .selectFrom('event_seats')
      .select('seat_id')
      .where('section_id', '=', ev.gaSectionId!)
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.deps.db
      .updateTable('event_seats')
      .set({ status: 'sold', order_id: randomUUID() })
      .where('event_id', '=', ev.eventId)
      .where('seat_id', '=', gaPlace.seat_id)
      .execute();

    const changed = await get(`/events/${ev.eventId}/availability`, { 'if-none-match': first.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    const a1 = changed.json();
    expect(a1.version).not.toBe(a0.version);
    expect(unpackSeatStates(a1.seats.data, 10)).toEqual([0, 1, 0, 0, 0, 0, 2, 0, 0, 0]);
    expect(a1.sections[ev.seatedSectionId]).toEqual({ available: 8, total: 10 });
    expect(a1.sections[ev.gaSectionId!]).toEqual({ available: 19, total: 20 });

    const admin = await t.app.inject({ url: `/api/v1/admin/events/${ev.eventId}`, headers: ev.organizer.auth });
    expect(admin.json().event.sales).toEqual({ sold: 2, held: 1, available: 27 });

    clock.advance(60_000);
    const expired = (await get(`/events/${ev.eventId}/availability`)).json();
    expect(unpackSeatStates(expired.seats.data, 10)).toEqual([0, 0, 0, 0, 0, 0, 2, 0, 0, 0]);
    expect(expired.sections[ev.seatedSectionId]).toEqual({ available: 9, total: 10 });
    const again = (await t.app.inject({ url: `/api/v1/admin/events/${ev.eventId}`, headers: ev.organizer.auth })).json();
    expect(again.event.sales).toEqual({ sold: 2, held: 0, available: 28 });
  });

  it('keeps a 50,000-seat stadium small: 12,500 bytes of seat data in seat-map order', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const venue = await createVenueWith(t.deps, organizer, {
      sections: [
        ...Array.from({ length: 5 }, (_, i) => ({
          name: `Tribune ${i + 1}`,
          kind: 'seated' as const,
          rows: Array.from({ length: 40 }, (_, r) => ({ label: rowLabel(r), seats: 250 })),
        })),
        { name: 'Pitch', kind: 'ga' as const, capacity: 20_000 },
      ],
    });
    const principal = { userId: organizer.id, roles: organizer.roles };
    const draft = await createEvent(t.deps, principal, {
      title: 'Final',
      description: '',
      category: 'sports',
      venueId: venue.id,
      startsAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(),
      performers: ['Home', 'Away'],
      priceTiers: [
        { name: 'Tribunes', price: { amount: 8000, currency: 'EUR' }, sectionIds: venue.sections.slice(0, 5).map((s) => s.id) },
        { name: 'Pitch', price: { amount: 4000, currency: 'EUR' }, sectionIds: [venue.sections[5]!.id] },
      ],
    });
    await publishEvent(t.deps, principal, draft.id);

    const last = await t.deps.db
      .selectFrom('seats')
      .select('id')
      .where('section_id', '=', venue.sections[4]!.id)
      .orderBy('map_ordinal', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.deps.db
      .updateTable('event_seats')
      .set({ status: 'sold', order_id: randomUUID() })
      .where('event_id', '=', draft.id)
      .where('seat_id', '=', last.id)
      .execute();

    const res = await get(`/events/${draft.id}/availability`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const bytes = Buffer.from(body.seats.data, 'base64');
    expect(bytes).toHaveLength(12_500);
    expect(res.body.length).toBeLessThan(17_500);
    const states = unpackSeatStates(body.seats.data, 50_000);
    expect(states.filter((s) => s !== 0)).toEqual([2]);
    expect(states[49_999]).toBe(2);
    expect(body.sections[venue.sections[5]!.id]).toEqual({ available: 20_000, total: 20_000 });

    const map = (await get(`/events/${draft.id}/seatmap`)).json();
    const seats = map.sections.flatMap((s: { seats: { id: string }[] }) => s.seats);
    expect(seats).toHaveLength(50_000);
    expect(seats[49_999].id).toBe(last.id);
  });

  it('materialises inventory once for bulk-created events, even when callers race', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 4, seatsPerRow: 25, gaCapacity: 100 });
    // A bulk-generated event: published, but without inventory rows yet.
    await t.deps.db.deleteFrom('event_seats').where('event_id', '=', ev.eventId).execute();
    await t.deps.db.updateTable('events').set({ inventory_ready: false }).where('id', '=', ev.eventId).execute();

    const results = await Promise.all(Array.from({ length: 12 }, () => ensureInventory(t.deps.db, ev.eventId)));
    expect(results.every(Boolean)).toBe(true);
    const rows = await t.deps.db
      .selectFrom('event_seats')
      .select(['seat_id', 'map_ordinal', 'section_id'])
      .where('event_id', '=', ev.eventId)
      .execute();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.seat_id)).size).toBe(200);
    expect(rows.filter((r) => r.map_ordinal !== null)).toHaveLength(100);
    const event = await t.deps.db.selectFrom('events').select('inventory_ready').where('id', '=', ev.eventId).executeTakeFirstOrThrow();
    expect(event.inventory_ready).toBe(true);

    // The availability route does the same for an event nobody has touched yet.
    await t.deps.db.deleteFrom('event_seats').where('event_id', '=', ev.eventId).execute();
    await t.deps.db.updateTable('events').set({ inventory_ready: false }).where('id', '=', ev.eventId).execute();
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(`/events/${ev.eventId}/availability`)));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(replies.map((r) => r.json().version)).size).toBe(1);
    expect(replies[0]!.json().sections[ev.gaSectionId!]).toEqual({ available: 100, total: 100 });
  });
});
