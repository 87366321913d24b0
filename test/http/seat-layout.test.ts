import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatLayout } from '../../src/http/routes/catalogue/catalogue.schemas.js';
import { createEvent } from '../../src/domain/catalogue/create-event.js';
import { createPublishedEvent, createVenueWith } from '../factories/catalogue.js';
import { createUser } from '../factories/users.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface VerboseSeat {
  id: string;
  row: string;
  number: number;
  x: number;
  y: number;
}

/** Every seat of the compact layout, in order, as the verbose seat map lists them. */
function expand(layout: SeatLayout): VerboseSeat[] {
  return layout.sections.flatMap((s) => {
    const irregular = new Map(s.irregular.map((r) => [r.row, r]));
    return s.rows.label.flatMap((label, i) =>
      Array.from({ length: s.rows.count[i]! }, (_, k) => ({
        id: irregular.get(i)?.ids?.[k] ?? String(Number(s.rows.firstId[i]) + k),
        row: label,
        number: irregular.get(i)?.numbers?.[k] ?? s.rows.firstNumber[i]! + k,
        x: irregular.get(i)?.xs?.[k] ?? s.rows.x[i]! + k * s.rows.dx[i]!,
        y: irregular.get(i)?.ys?.[k] ?? s.rows.y[i]! + k * s.rows.dy[i]!,
      })),
    );
  });
}

describe('GET /events/:id/seat-layout (compact, immutable)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/api/v1${url}`, headers });

  it('points at the versioned URL, which is immutable, revalidates to 304 and holds the same seats as /seatmap', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 12, seatsPerRow: 30, gaCapacity: 50 });
    const pointer = await get(`/events/${ev.eventId}/seat-layout`);
    expect(pointer.statusCode).toBe(307);
    expect(pointer.headers['cache-control']).toBe('public, max-age=60');
    const location = String(pointer.headers.location);
    expect(location).toMatch(/^seat-layout\/[A-Za-z0-9_-]{22}$/);

    const res = await get(`/events/${ev.eventId}/${location}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const layout = res.json<SeatLayout>();
    expect(res.headers.etag).toBe(`"${layout.version}"`);
    expect(location).toBe(`seat-layout/${layout.version}`);
    expect(layout.seatCount).toBe(360);
    // Rows and ranges: one entry per row, none irregular for a generated venue.
    expect(layout.sections[0]!.rows.label).toHaveLength(12);
    expect(layout.sections[0]!.irregular).toEqual([]);
    expect(layout.sections[1]).toMatchObject({ kind: 'ga', capacity: 50, rows: { label: [] } });

    const verbose = (await get(`/events/${ev.eventId}/seatmap`)).json<{ sections: { seats: VerboseSeat[] }[] }>();
    const expected = verbose.sections.flatMap((s) => s.seats.map(({ id, row, number, x, y }) => ({ id, row, number, x, y })));
    const decoded = expand(layout);
    expect(decoded.map((s) => [s.id, s.row, s.number])).toEqual(expected.map((s) => [s.id, s.row, s.number]));
    decoded.forEach((s, i) => {
      expect(s.x).toBeCloseTo(expected[i]!.x, 2);
      expect(s.y).toBeCloseTo(expected[i]!.y, 2);
    });
    expect(res.body.length).toBeLessThan(JSON.stringify(verbose).length / 10);

    const again = await get(`/events/${ev.eventId}/${location}`, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for another version than the current one, for drafts and for unknown events', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const stale = await get(`/events/${ev.eventId}/seat-layout/notTheCurrentVersion`);
    expect(stale.statusCode).toBe(404);
    expect(stale.json().error.code).toBe('NOT_FOUND');

    const organizer = await createUser(t.deps, ['organizer']);
    const venue = await createVenueWith(t.deps, organizer, {
      sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 3 }] }],
    });
    const draft = await createEvent(
      t.deps,
      { userId: organizer.id, roles: organizer.roles },
      {
        title: 'Draft show',
        description: 'Not published yet',
        category: 'concert',
        venueId: venue.id,
        startsAt: new Date(t.deps.clock.now().getTime() + 7 * 86_400_000).toISOString(),
        performers: ['The Drafts'],
        priceTiers: [{ name: 'All', price: { amount: 1000, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      },
    );
    expect((await get(`/events/${draft.id}/seat-layout`)).statusCode).toBe(404);
    expect((await get(`/events/00000000-0000-4000-8000-000000000000/seat-layout`)).statusCode).toBe(404);
    expect((await get(`/events/${ev.eventId}/seat-layout/bad%20version`)).statusCode).toBe(400);
  });
});
