import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { createPublishedEvent, createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const day = 86_400_000;

describe('organizer tools: venue edit and duplicate an event', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, user: TestUser | null, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: user?.auth ?? {}, ...(payload ? { payload } : {}) });
  const future = (days: number) => new Date(t.deps.clock.now().getTime() + days * day).toISOString();

  it('lists only my venues (all for admins), paged', async () => {
    const [mine, other, admin] = [
      await createUser(t.deps, ['organizer']),
      await createUser(t.deps, ['organizer']),
      await createUser(t.deps, ['admin']),
    ];
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createVenueWith(t.deps, mine, { sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }] })).id);
    const theirs = (await createVenueWith(t.deps, other, { sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }] })).id;
    const page1 = (await call('GET', '/admin/venues?limit=2', mine)).json();
    const page2 = (await call('GET', `/admin/venues?limit=2&cursor=${page1.nextCursor}`, mine)).json();
    expect([...page1.items, ...page2.items].map((v: { id: string }) => v.id)).toEqual(ids.reverse());
    expect(page2.nextCursor).toBeNull();
    const all = (await call('GET', '/admin/venues?limit=100', admin)).json().items.map((v: { id: string }) => v.id);
    expect(all).toEqual(expect.arrayContaining([...ids, theirs]));
  });

  it('edits details any time, the layout only while no event there was published (409), and only my venues (403)', async () => {
    const owner = await createUser(t.deps, ['organizer']);
    const venue = await createVenueWith(t.deps, owner, {
      sections: [
        { name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 4 }] },
        { name: 'Balcony', kind: 'seated', rows: [{ label: 'A', seats: 2 }] },
      ],
    });
    const draft = await createEvent(
      t.deps,
      { userId: owner.id, roles: owner.roles },
      {
        title: 'Draft at the hall',
        description: '',
        category: 'concert',
        venueId: venue.id,
        startsAt: future(20),
        performers: ['Band'],
        priceTiers: [{ name: 'All', price: { amount: 1000, currency: 'EUR' }, sectionIds: venue.sections.map((s) => s.id) }],
      },
    );

    const intruder = await createUser(t.deps, ['organizer']);
    expect((await call('PATCH', `/admin/venues/${venue.id}`, intruder, { name: 'Mine now' })).statusCode).toBe(403);
    const badZone = await call('PATCH', `/admin/venues/${venue.id}`, owner, { timezone: 'Mars/Olympus' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.details.fields[0].field).toBe('body/timezone');
    expect((await call('PATCH', `/admin/venues/${venue.id}`, owner, { currency: 'XYZ' })).statusCode).toBe(400);

    // A new layout while only a draft uses the venue: the draft keeps "Stalls" (same name), loses "Balcony".
    const relaid = await call('PATCH', `/admin/venues/${venue.id}`, owner, {
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          rows: [
            { label: 'A', seats: 6 },
            { label: 'B', seats: 6 },
          ],
        },
        { name: 'Standing', kind: 'ga', capacity: 50 },
      ],
    });
    expect(relaid.statusCode).toBe(200);
    const sections = relaid.json().venue.sections;
    expect(sections.map((s: { name: string; capacity: number }) => [s.name, s.capacity])).toEqual([
      ['Stalls', 12],
      ['Standing', 50],
    ]);
    const draftNow = (await call('GET', `/admin/events/${draft.id}`, owner)).json().event;
    expect(draftNow.priceTiers[0].sectionIds).toEqual([sections[0].id]);
    expect(draftNow.capacity).toBe(12);

    expect((await call('POST', `/admin/events/${draft.id}/publish`, owner)).statusCode).toBe(200);
    const locked = await call('PATCH', `/admin/venues/${venue.id}`, owner, { sections: [{ name: 'Floor', kind: 'ga', capacity: 5 }] });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('1 published event uses') });

    const renamed = await call('PATCH', `/admin/venues/${venue.id}`, owner, {
      name: 'Renamed Hall',
      city: 'Hamburg',
      address: '2 New Street',
      timezone: 'Europe/London',
      currency: 'GBP',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().venue).toMatchObject({ name: 'Renamed Hall', city: 'Hamburg', timezone: 'Europe/London', currency: 'GBP' });
    expect(renamed.json().venue.sections).toHaveLength(2);
    const listed = (await call('GET', `/events/${draft.id}`, null)).json();
    expect(listed.venue).toMatchObject({ name: 'Renamed Hall', city: 'Hamburg', timezone: 'Europe/London' });
    const row = await t.deps.db.selectFrom('events').select(['venue_name', 'city']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ venue_name: 'Renamed Hall', city: 'Hamburg' });
    const admin = await createUser(t.deps, ['admin']);
    expect((await call('PATCH', `/admin/venues/${venue.id}`, admin, { address: '3 Admin Road' })).statusCode).toBe(200);
  });

  it('duplicates an event as a draft with its tiers and prices on a new date; others get 403', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 4,
      gaCapacity: 20,
      price: { amount: 4200, currency: 'EUR' },
    });
    const source = (await call('GET', `/admin/events/${ev.eventId}`, ev.organizer)).json().event;
    const startsAt = future(60);
    const intruder = await createUser(t.deps, ['organizer']);
    expect((await call('POST', `/admin/events/${ev.eventId}/duplicate`, intruder, { startsAt })).statusCode).toBe(403);
    const past = await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt: future(-1) });
    expect(past.statusCode).toBe(400);

    const res = await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt, title: 'Second night' });
    expect(res.statusCode).toBe(201);
    const copy = res.json().event;
    expect(copy.id).not.toBe(ev.eventId);
    expect(copy).toMatchObject({
      title: 'Second night',
      status: 'draft',
      startsAt,
      saleStartsAt: null,
      description: source.description,
      category: source.category,
      venue: { id: ev.venueId },
      perUserLimit: source.perUserLimit,
      cancellationCutoffHours: source.cancellationCutoffHours,
      performers: source.performers,
    });
    const tiers = (x: { priceTiers: { name: string; price: unknown; sectionIds: string[] }[] }) =>
      x.priceTiers.map((p) => ({ name: p.name, price: p.price, sectionIds: p.sectionIds }));
    expect(tiers(copy)).toEqual(tiers(source));
    expect(copy.priceTiers[0].price).toEqual({ amount: 4200, currency: 'EUR' });
    const sameTitle = (await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt })).json().event;
    expect(sameTitle.title).toBe(source.title);
  });

  it('a presale-only (hidden) tier stays hidden in the copy', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, gaCapacity: 20 });
    const source = (await call('GET', `/admin/events/${ev.eventId}`, ev.organizer)).json().event;
    const hiddenId = source.priceTiers[1].id as string;
    const presale = await call('PUT', `/admin/events/${ev.eventId}/presale`, ev.organizer, { hiddenTierIds: [hiddenId] });
    expect(presale.statusCode).toBe(200);
    const res = await call('POST', `/admin/events/${ev.eventId}/duplicate`, ev.organizer, { startsAt: future(90) });
    expect(res.statusCode).toBe(201);
    const copy = res.json().event;
    expect(copy.priceTiers.map((p: { hidden: boolean }) => p.hidden)).toEqual([false, true]);
    const stored = await t.deps.db
      .selectFrom('price_tiers')
      .select(['hidden'])
      .where('event_id', '=', copy.id)
      .orderBy('position')
      .execute();
    expect(stored.map((r) => r.hidden)).toEqual([false, true]);
  });
});
