import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('catalogue administration', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    admin = await createUser(t.deps, ['admin']);
  });
  afterAll(() => t.close());

  const post = (url: string, user: TestUser | null, payload: unknown) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: user ? user.auth : {}, payload: payload as object });

  async function venueWithTwoSections(owner: TestUser) {
    return createVenueWith(t.deps, owner, {
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          rows: [
            { label: 'A', seats: 4 },
            { label: 'B', seats: 6 },
          ],
        },
        { name: 'Floor', kind: 'ga', capacity: 5 },
        { name: 'Balcony', kind: 'seated', rows: [{ label: 'A', seats: 3 }] },
      ],
    });
  }

  it('creates a venue with seated rows and a GA area, seats laid out for drawing', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const res = await post('/admin/venues', organizer, {
      name: 'Olympia',
      city: 'Paris',
      address: '28 Boulevard des Capucines',
      timezone: 'Europe/Paris',
      sections: [
        {
          name: 'Orchestre',
          kind: 'seated',
          rows: [
            { label: 'A', seats: 3 },
            { label: 'B', seats: 5 },
          ],
        },
        { name: 'Fosse', kind: 'ga', capacity: 4 },
        { name: 'Balcon', kind: 'seated', rows: [{ label: 'A', seats: 2 }] },
      ],
    });
    expect(res.statusCode).toBe(201);
    const { venue } = res.json();
    expect(venue).toMatchObject({ name: 'Olympia', city: 'Paris', timezone: 'Europe/Paris' });
    expect(venue.sections.map((s: { name: string; kind: string; capacity: number }) => [s.name, s.kind, s.capacity])).toEqual([
      ['Orchestre', 'seated', 8],
      ['Fosse', 'ga', 4],
      ['Balcon', 'seated', 2],
    ]);
    const [orchestre, fosse, balcon] = venue.sections;
    const seats = await t.deps.db
      .selectFrom('seats')
      .select(['section_id', 'row_label', 'row_index', 'number', 'x', 'y', 'pick_rank', 'map_ordinal'])
      .where('section_id', 'in', [orchestre.id, fosse.id, balcon.id])
      .orderBy('section_id')
      .orderBy('row_index')
      .orderBy('number')
      .execute();
    expect(seats).toHaveLength(14);
    const stalls = seats.filter((s) => s.section_id === orchestre.id);
    // Row A (3 seats) is centred over row B (5 seats); rows are one unit apart, front row at y = 0.
    expect(stalls.map((s) => [s.row_label, s.number, s.x, s.y])).toEqual([
      ['A', 1, 1, 0],
      ['A', 2, 2, 0],
      ['A', 3, 3, 0],
      ['B', 1, 0, 1],
      ['B', 2, 1, 1],
      ['B', 3, 2, 1],
      ['B', 4, 3, 1],
      ['B', 5, 4, 1],
    ]);
    // Best available: front row first, centre outwards.
    expect(stalls.sort((a, b) => a.pick_rank - b.pick_rank).map((s) => `${s.row_label}${s.number}`)).toEqual([
      'A2',
      'A1',
      'A3',
      'B3',
      'B2',
      'B4',
      'B1',
      'B5',
    ]);
    const ga = seats.filter((s) => s.section_id === fosse.id);
    expect(ga.every((s) => s.row_label === null && s.x === null && s.y === null && s.map_ordinal === null)).toBe(true);
    const balconySeats = seats.filter((s) => s.section_id === balcon.id);
    // The next seated section sits to the right of the first with a gap, and continues the seat-map order.
    expect(balconySeats.map((s) => [s.x, s.map_ordinal])).toEqual([
      [7, 8],
      [8, 9],
    ]);
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', venue.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['venue.created']);

    const publicView = await t.app.inject(`/api/v1/venues/${venue.id}`);
    expect(publicView.statusCode).toBe(200);
    expect(publicView.json().venue).toEqual(venue);
  });

  it('creates a 50,000-seat stadium in one go', async () => {
    const started = Date.now();
    const sections = Array.from({ length: 10 }, (_, i) => ({
      name: `Block ${i + 1}`,
      kind: 'seated' as const,
      rows: Array.from({ length: 50 }, (_, r) => ({ label: String(r + 1), seats: 100 })),
    }));
    const res = await post('/admin/venues', admin, { name: 'Stadium', city: 'Munich', address: '', timezone: 'Europe/Berlin', sections });
    expect(res.statusCode).toBe(201);
    console.log(`[catalogue] 50,000-seat venue created in ${Date.now() - started} ms`);
    const ids = res.json().venue.sections.map((s: { id: string }) => s.id);
    const count = await t.deps.db
      .selectFrom('seats')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('section_id', 'in', ids)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(50_000);
    const ordinals = await t.deps.db
      .selectFrom('seats')
      .select((eb) => [eb.fn.min('map_ordinal').as('lo'), eb.fn.max('map_ordinal').as('hi'), eb.fn.count('map_ordinal').distinct().as('n')])
      .where('section_id', 'in', ids)
      .executeTakeFirstOrThrow();
    expect([Number(ordinals.lo), Number(ordinals.hi), Number(ordinals.n)]).toEqual([0, 49_999, 50_000]);
  });

  it('lists venues with keyset pagination', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    for (let i = 0; i < 3; i++) await venueWithTwoSections(organizer);
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const url: string = `/api/v1/admin/venues?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ url, headers: organizer.auth });
      expect(res.statusCode).toBe(200);
      const body: { items: { id: string }[]; nextCursor: string | null } = res.json();
      expect(body.items).toHaveLength(1);
      seen.add(body.items[0]!.id);
      cursor = body.nextCursor;
      // Organizers list only their own venues: these three, so the last page ends the list.
      if (page < 2) expect(cursor).toBeTypeOf('string');
      else expect(cursor).toBeNull();
    }
    expect(seen.size).toBe(3);
    expect((await t.app.inject({ url: '/api/v1/admin/venues?limit=101', headers: organizer.auth })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/admin/venues?cursor=garbage', headers: organizer.auth })).statusCode).toBe(400);
  });

  it('runs an event through draft, patch, publish and removal with its side effects', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const venue = await venueWithTwoSections(organizer);
    const [stalls, floor, balcony] = venue.sections;
    const created = await post('/admin/events', organizer, {
      title: 'Night of Tests',
      description: 'Loud',
      category: 'concert',
      venueId: venue.id,
      startsAt: future(20),
      performers: ['Lucia Vargas', 'lucia vargas', ' The  Ramblers '],
      priceTiers: [
        { name: 'Front', price: { amount: 9000, currency: 'EUR' }, sectionIds: [stalls!.id] },
        { name: 'Floor', price: { amount: 4500, currency: 'EUR' }, sectionIds: [floor!.id] },
      ],
    });
    expect(created.statusCode).toBe(201);
    const event = created.json().event;
    expect(event).toMatchObject({
      status: 'draft',
      saleStatus: 'draft',
      perUserLimit: 6,
      holdSeconds: 600,
      cancellationCutoffHours: 48,
      capacity: 15,
      seatsAvailable: 15,
    });
    expect(event.performers.map((p: { name: string }) => p.name)).toEqual(['Lucia Vargas', 'The Ramblers']);
    const row = await t.deps.db.selectFrom('events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      city: venue.city,
      venue_name: venue.name,
      performer_names: 'Lucia Vargas, The Ramblers',
      min_price: '4500',
      max_price: '9000',
      currency: 'EUR',
      capacity: 15,
      inventory_ready: false,
    });
    const performers = await t.deps.db
      .selectFrom('performers')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', 'lucia vargas'))
      .execute();
    expect(performers).toHaveLength(1);
    expect(await t.deps.db.selectFrom('search_words').select('word').where('word', 'in', ['ramblers', 'night']).execute()).toHaveLength(2);

    // The same performer spelt differently in another event is the same performer.
    const other = await post('/admin/events', organizer, {
      title: 'Second',
      description: '',
      category: 'concert',
      venueId: venue.id,
      startsAt: future(21),
      performers: ['LUCIA VARGAS'],
      priceTiers: [{ name: 'All', price: { amount: 100, currency: 'EUR' }, sectionIds: [balcony!.id] }],
    });
    expect(other.json().event.performers[0].id).toBe(performers[0]!.id);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/events/${event.id}`,
      headers: organizer.auth,
      payload: {
        title: 'Night of Many Tests',
        perUserLimit: 2,
        priceTiers: [{ name: 'All', price: { amount: 7000, currency: 'EUR' }, sectionIds: [stalls!.id, balcony!.id] }],
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().event).toMatchObject({ title: 'Night of Many Tests', perUserLimit: 2, capacity: 13 });
    expect(patched.json().event.priceTiers).toHaveLength(1);

    const published = await post(`/admin/events/${event.id}/publish`, organizer, undefined);
    expect(published.statusCode).toBe(200);
    expect(published.json().event).toMatchObject({ status: 'published', saleStatus: 'on_sale', inventoryReady: true, seatsAvailable: 13 });
    const inventory = await t.deps.db
      .selectFrom('event_seats')
      .select(['section_id', 'tier_id', 'status'])
      .where('event_id', '=', event.id)
      .execute();
    expect(inventory).toHaveLength(13);
    expect(new Set(inventory.map((r) => r.tier_id))).toEqual(new Set([patched.json().event.priceTiers[0].id]));
    expect(inventory.some((r) => r.section_id === floor!.id)).toBe(false);

    expect((await post(`/admin/events/${event.id}/publish`, organizer, undefined)).json().error.code).toBe('INVALID_STATE');
    const lateTiers = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/events/${event.id}`,
      headers: organizer.auth,
      payload: { priceTiers: [{ name: 'X', price: { amount: 1, currency: 'EUR' }, sectionIds: [floor!.id] }] },
    });
    expect(lateTiers.statusCode).toBe(422);
    expect(lateTiers.json().error.code).toBe('INVALID_STATE');
    const lateTitle = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/events/${event.id}`,
      headers: organizer.auth,
      payload: { title: 'Renamed Night' },
    });
    expect(lateTitle.statusCode).toBe(200);

    const detail = await t.app.inject({ url: `/api/v1/admin/events/${event.id}`, headers: organizer.auth });
    expect(detail.json().event.sales).toEqual({ sold: 0, held: 0, available: 13 });

    // Published, even unsold: not removed (only drafts are), it stays up and unchanged.
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/events/${event.id}`, headers: organizer.auth });
    expect(removed.statusCode).toBe(422);
    expect(removed.json().error.code).toBe('INVALID_STATE');
    expect((await t.app.inject(`/api/v1/events/${event.id}`)).statusCode).toBe(200);

    const outbox = await t.deps.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('aggregate_id', '=', event.id)
      .orderBy('id')
      .execute();
    expect(outbox.map((o) => o.topic)).toEqual(['event.created', 'event.updated', 'event.published', 'event.updated']);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', event.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'event.updated', 'event.published', 'event.updated']);
    expect(audit.every((a) => a.actor_id === organizer.id)).toBe(true);
  });

  it('lets organizers manage only their own events and admins all of them', async () => {
    const owner = await createUser(t.deps, ['organizer']);
    const intruder = await createUser(t.deps, ['organizer']);
    const customer = await createUser(t.deps, ['customer']);
    const venue = await venueWithTwoSections(owner);
    const body = {
      title: 'Owned',
      description: '',
      category: 'comedy',
      venueId: venue.id,
      startsAt: future(10),
      performers: ['Solo'],
      priceTiers: [{ name: 'All', price: { amount: 1500, currency: 'GBP' }, sectionIds: [venue.sections[0]!.id] }],
    };
    const id = (await post('/admin/events', owner, body)).json().event.id;

    for (const [method, url, payload] of [
      ['GET', `/admin/events/${id}`, undefined],
      ['PATCH', `/admin/events/${id}`, { title: 'Mine now' }],
      ['POST', `/admin/events/${id}/publish`, undefined],
      ['DELETE', `/admin/events/${id}`, undefined],
    ] as const) {
      const asIntruder = await t.app.inject({ method, url: `/api/v1${url}`, headers: intruder.auth, payload });
      expect(asIntruder.statusCode, `${method} ${url}`).toBe(403);
      const asCustomer = await t.app.inject({ method, url: `/api/v1${url}`, headers: customer.auth, payload });
      expect(asCustomer.statusCode).toBe(403);
      const anonymous = await t.app.inject({ method, url: `/api/v1${url}`, payload });
      expect(anonymous.statusCode).toBe(401);
    }
    expect((await post('/admin/events', customer, body)).statusCode).toBe(403);
    expect((await post('/admin/events', null, body)).statusCode).toBe(401);
    expect((await post('/admin/venues', customer, {})).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/admin/venues' })).statusCode).toBe(401);
    const row = await t.deps.db.selectFrom('events').select(['title', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Owned', status: 'draft' });

    const ownList = await t.app.inject({ url: '/api/v1/admin/events?limit=100', headers: intruder.auth });
    expect(ownList.json().items).toEqual([]);
    const mine = await t.app.inject({ url: '/api/v1/admin/events', headers: owner.auth });
    expect(mine.json().items.map((e: { id: string }) => e.id)).toEqual([id]);

    const byAdmin = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/events/${id}`,
      headers: admin.auth,
      payload: { title: 'Fixed by admin' },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect((await post(`/admin/events/${id}/publish`, admin, undefined)).statusCode).toBe(200);
  });
});
