import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from '../../src/http/plugins/hostile-input.js';
import type { Venue } from '../../src/domain/catalogue/catalogue.types.js';
import { createVenueWith } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Organizer text and free-form JSON that PostgreSQL cannot store used to end in a 500; now a 400 before anything is written. */
describe('hostile input', () => {
  let t: TestApp;
  let organizer: TestUser;
  let venue: Venue;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    organizer = await createUser(t.deps, ['organizer']);
    venue = await createVenueWith(t.deps, organizer, { sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }] });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...organizer.auth, 'content-type': 'application/json' }, payload });
  const venueBody = (name: string) =>
    JSON.stringify({
      name,
      city: 'Vienna',
      address: 'Ring 1',
      timezone: 'Europe/Vienna',
      sections: [{ name: 'Main', kind: 'ga', capacity: 5 }],
    });
  const eventBody = (extra: Record<string, unknown>) =>
    JSON.stringify({
      title: 'Hostile',
      description: '',
      category: 'theatre',
      venueId: venue.id,
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      performers: ['Company'],
      priceTiers: [{ name: 'All', price: { amount: 2500, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      ...extra,
    });
  const ownedCounts = async () => {
    const venues = await t.deps.db.selectFrom('venues').select('id').where('name', 'like', 'Hostile%').execute();
    const events = await t.deps.db.selectFrom('events').select('id').where('organizer_id', '=', organizer.id).execute();
    return { venues: venues.length, events: events.length };
  };

  it('refuses NUL bytes and lone surrogates in organizer text with 400, writing nothing', async () => {
    const before = await ownedCounts();
    for (const name of ['Hostile\u0000Hall', 'Hostile\uD800Hall', 'Hostile\uDC00Hall', 'Hostile Hall\uD83D']) {
      const res = await post('/admin/venues', venueBody(name));
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'body/name' }] } });
    }
    // In a free-form policy too, as a value or as a key.
    for (const pricing of [{ note: 'a\u0000b' }, { ['k\uDFFF']: 1 }, { deep: [{ x: 'ok' }, { y: '\uD800' }] }]) {
      const res = await post('/admin/events', eventBody({ pricing }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await ownedCounts()).toEqual(before);
    // A real astral character (a surrogate pair) is fine.
    const ok = await post('/admin/venues', venueBody('Hostile Hall 🎸'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().venue.name).toBe('Hostile Hall 🎸');
  });

  it('refuses JSON nested thousands deep with 400, in free-form fields and anywhere else', async () => {
    const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const before = await ownedCounts();
    for (const n of [MAX_JSON_DEPTH, 5_000]) {
      const res = await post('/admin/events', eventBody({ queue: 0 }).replace('"queue":0', `"queue":${deepObject(n)}`));
      expect(res.statusCode, `depth ${n}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'body' }] } });
    }
    const arrays = await post('/admin/venues', '['.repeat(100_000) + ']'.repeat(100_000));
    expect(arrays.statusCode).toBe(400);
    expect(await ownedCounts()).toEqual(before);
    // Just inside the limit is accepted (the policy is stored as given).
    const fits = await post('/admin/events', eventBody({ queue: 0 }).replace('"queue":0', `"queue":${deepObject(MAX_JSON_DEPTH - 2)}`));
    expect(fits.statusCode).toBe(201);
  });

  it('refuses NUL in query strings and path parameters', async () => {
    for (const url of ['/api/v1/events?q=ab%00c', '/api/v1/events?city=%00', `/api/v1/events/${'a'.repeat(8)}%00`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/events?q=abc' })).statusCode).toBe(200);
  });

  it('measures depth outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    expect(jsonDepth('[]')).toBe(1);
  });
});
