import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Venue } from '../../../src/domain/catalogue/catalogue.types.js';
import { createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * Every rejected request must leave nothing behind. The file's other tests write
 * to the same database, so counts are scoped to what this organizer owns or did.
 */
describe('catalogue admin input validation', () => {
  let t: TestApp;
  let organizer: TestUser;
  let venue: Venue;
  let foreignVenue: Venue;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    organizer = await createUser(t.deps, ['organizer']);
    venue = await createVenueWith(t.deps, organizer, {
      sections: [
        { name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 5 }] },
        { name: 'Floor', kind: 'ga', capacity: 10 },
      ],
    });
    foreignVenue = await createVenueWith(t.deps, organizer, { sections: [{ name: 'Other', kind: 'ga', capacity: 3 }] });
    const draft = await t.app.inject({ method: 'POST', url: '/api/v1/admin/events', headers: organizer.auth, payload: validEvent() });
    draftId = draft.json().event.id;
  });
  afterAll(() => t.close());

  function validEvent(): Record<string, unknown> {
    return {
      title: 'Valid',
      description: '',
      category: 'theatre',
      venueId: venue.id,
      startsAt: future(30),
      performers: ['Company'],
      priceTiers: [{ name: 'All', price: { amount: 2500, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
    };
  }

  function validVenue(): Record<string, unknown> {
    return {
      name: 'Hall',
      city: 'Vienna',
      address: 'Ring 1',
      timezone: 'Europe/Vienna',
      sections: [{ name: 'Main', kind: 'seated', rows: [{ label: 'A', seats: 2 }] }],
    };
  }

  async function footprint() {
    const { rows } = await sql<Record<string, number>>`
      select
        (select count(*)::int from venues where created_by = ${organizer.id}) as venues,
        (select count(*)::int from sections s join venues v on v.id = s.venue_id where v.created_by = ${organizer.id}) as sections,
        (select count(*)::int from seats st join sections s on s.id = st.section_id join venues v on v.id = s.venue_id where v.created_by = ${organizer.id}) as seats,
        (select count(*)::int from events where organizer_id = ${organizer.id}) as events,
        (select count(*)::int from price_tiers pt join events e on e.id = pt.event_id where e.organizer_id = ${organizer.id}) as tiers,
        (select count(*)::int from event_sections es join events e on e.id = es.event_id where e.organizer_id = ${organizer.id}) as event_sections,
        (select count(*)::int from event_performers ep join events e on e.id = ep.event_id where e.organizer_id = ${organizer.id}) as event_performers,
        (select count(*)::int from event_seats es join events e on e.id = es.event_id where e.organizer_id = ${organizer.id}) as event_seats,
        (select count(*)::int from audit_log where actor_id = ${organizer.id}) as audit,
        (select count(*)::int from outbox o join events e on e.id::text = o.aggregate_id where e.organizer_id = ${organizer.id}) as outbox,
        (select count(*)::int from outbox o where o.topic like 'event.%' and not exists (select 1 from events e where e.id::text = o.aggregate_id)) as orphan_outbox,
        (select count(*)::int from performers where name like 'Ghost %') as ghost_performers,
        (select title from events where id = ${draftId}::uuid) as draft_title
    `.execute(t.deps.db);
    return rows[0];
  }

  async function expectRejected(method: 'POST' | 'PATCH', url: string, payload: unknown, status: number, code: string) {
    const before = await footprint();
    const body =
      payload === undefined ? {} : { headers: { ...organizer.auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) };
    const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: organizer.auth, ...body });
    expect(res.statusCode, `${url} ${String(JSON.stringify(payload)).slice(0, 200)} → ${res.body}`).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await footprint()).toEqual(before);
    return res.json().error;
  }

  it('rejects malformed venues with 400 and writes nothing', async () => {
    const v = validVenue;
    const section = (extra: Record<string, unknown>) => ({
      ...v(),
      sections: [{ name: 'S', kind: 'seated', rows: [{ label: 'A', seats: 2 }], ...extra }],
    });
    const cases: unknown[] = [
      { ...v(), name: undefined },
      { ...v(), sections: [] },
      { ...v(), timezone: 'Mars/Olympus_Mons' },
      { ...v(), timezone: 42 },
      { ...v(), extra: true },
      { ...v(), sections: [{ name: 'S', kind: 'balcony', capacity: 3 }] },
      section({ rows: undefined }),
      section({ rows: [] }),
      section({ rows: [{ label: 'A', seats: 0 }] }),
      section({ rows: [{ label: 'A', seats: 501 }] }),
      section({ rows: [{ label: 'A', seats: '3', unknown: 1 }] }),
      section({
        rows: [
          { label: 'A', seats: 2 },
          { label: 'A', seats: 2 },
        ],
      }),
      section({ rows: Array.from({ length: 201 }, (_, i) => ({ label: `R${i}`, seats: 1 })) }),
      section({ capacity: 5 }),
      { ...v(), sections: [{ name: 'G', kind: 'ga' }] },
      { ...v(), sections: [{ name: 'G', kind: 'ga', capacity: 100_001 }] },
      { ...v(), sections: [{ name: 'G', kind: 'ga', capacity: 5, rows: [{ label: 'A', seats: 1 }] }] },
      {
        ...v(),
        sections: [
          { name: 'Dup', kind: 'ga', capacity: 5 },
          { name: 'dup', kind: 'ga', capacity: 5 },
        ],
      },
      { ...v(), sections: Array.from({ length: 101 }, (_, i) => ({ name: `S${i}`, kind: 'ga', capacity: 1 })) },
      { ...v(), sections: Array.from({ length: 2 }, (_, i) => ({ name: `S${i}`, kind: 'ga', capacity: 80_000 })) },
      'not an object',
    ];
    for (const body of cases) await expectRejected('POST', '/admin/venues', body, 400, 'VALIDATION_FAILED');
    const err = await expectRejected('POST', '/admin/venues', { ...v(), timezone: 'Europe/Atlantis' }, 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual({ fields: [{ field: 'body/timezone', code: 'invalid', message: expect.any(String) }] });
  });

  it('rejects malformed or rule-breaking events and writes nothing', async () => {
    const e = validEvent;
    const tier = (sectionIds: string[], currency = 'EUR') => ({
      name: `T${sectionIds.length}${currency}`,
      price: { amount: 100, currency },
      sectionIds,
    });
    const cases: [unknown, number, string][] = [
      [{ ...e(), title: undefined }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), performers: [] }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), performers: ['Ghost A', '  '] }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), performers: Array.from({ length: 21 }, (_, i) => `Ghost ${i}`) }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), performers: ['   '] }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), category: 'wrestling' }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), venueId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), venueId: randomUUID(), performers: ['Ghost B'] }, 404, 'NOT_FOUND'],
      [{ ...e(), startsAt: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), startsAt: new Date(Date.now() - 60_000).toISOString(), performers: ['Ghost C'] }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), saleStartsAt: future(5), saleEndsAt: future(4) }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), saleEndsAt: future(31) }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), perUserLimit: 51 }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), perUserLimit: 2.5 }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), holdSeconds: 29 }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), cancellationCutoffHours: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), priceTiers: [] }, 400, 'VALIDATION_FAILED'],
      [{ ...e(), priceTiers: [tier([foreignVenue.sections[0]!.id])], performers: ['Ghost D'] }, 400, 'VALIDATION_FAILED'],
      [
        {
          ...e(),
          priceTiers: [tier([venue.sections[0]!.id]), tier([venue.sections[0]!.id, venue.sections[1]!.id])],
          performers: ['Ghost E'],
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { ...e(), priceTiers: [tier([venue.sections[0]!.id]), tier([venue.sections[1]!.id, venue.sections[1]!.id])] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        {
          ...e(),
          priceTiers: [tier([venue.sections[0]!.id]), { ...tier([venue.sections[1]!.id], 'USD'), name: 'Dollars' }],
          performers: ['Ghost F'],
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { ...e(), priceTiers: [{ name: 'Neg', price: { amount: -1, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { ...e(), priceTiers: [{ name: 'Str', price: { amount: 'ten', currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }] },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { ...e(), priceTiers: [{ name: 'Cur', price: { amount: 10, currency: 'euro' }, sectionIds: [venue.sections[0]!.id] }] },
        400,
        'VALIDATION_FAILED',
      ],
      [{ ...e(), surprise: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) await expectRejected('POST', '/admin/events', body, status, code);
    const overlap = await expectRejected(
      'POST',
      '/admin/events',
      { ...e(), priceTiers: [tier([venue.sections[0]!.id]), { ...tier([venue.sections[0]!.id]), name: 'Again' }] },
      400,
      'VALIDATION_FAILED',
    );
    expect(overlap.details.fields[0]).toEqual({
      field: 'body/priceTiers/1/sectionIds/0',
      code: 'invalid',
      message: 'a section can be in only one tier',
    });
  });

  it('rejects bad patches, ids and state changes and writes nothing', async () => {
    const url = `/admin/events/${draftId}`;
    await expectRejected('PATCH', url, {}, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', url, { title: '' }, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', url, { unknown: 'x' }, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', url, { startsAt: new Date(Date.now() - 1000).toISOString() }, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', url, { saleStartsAt: future(40), title: 'Changed?' }, 400, 'VALIDATION_FAILED');
    await expectRejected(
      'PATCH',
      url,
      { priceTiers: [{ name: 'X', price: { amount: 1, currency: 'EUR' }, sectionIds: [foreignVenue.sections[0]!.id] }] },
      400,
      'VALIDATION_FAILED',
    );
    await expectRejected('PATCH', url, { performers: ['Ghost G', ''] }, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', '/admin/events/not-a-uuid', { title: 'x' }, 400, 'VALIDATION_FAILED');
    await expectRejected('PATCH', `/admin/events/${randomUUID()}`, { title: 'x' }, 404, 'NOT_FOUND');
    await expectRejected('POST', `/admin/events/${randomUUID()}/publish`, undefined, 404, 'NOT_FOUND');
    await expectRejected('POST', '/admin/events/123/publish', undefined, 400, 'VALIDATION_FAILED');
    const unknownDelete = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/events/${randomUUID()}`, headers: organizer.auth });
    expect(unknownDelete.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/admin/events/${randomUUID()}`, headers: organizer.auth })).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/venues/${randomUUID()}`)).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/venues/nope')).statusCode).toBe(400);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1${url}`, headers: organizer.auth });
    expect(removed.statusCode).toBe(200);
    await expectRejected('POST', `${url}/publish`, undefined, 422, 'INVALID_STATE');
    await expectRejected('PATCH', url, { title: 'Back from the dead' }, 422, 'INVALID_STATE');
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1${url}`, headers: organizer.auth });
    expect(again.statusCode).toBe(422);
  });
});
