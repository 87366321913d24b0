import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('money is local: ISO 4217 currencies per venue and event', () => {
  let t: TestApp;
  let organizer: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    organizer = await createUser(t.deps, ['organizer']);
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST', url: string, user: TestUser | null, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: user ? user.auth : {}, ...(payload ? { payload: payload as object } : {}) });

  const venueBody = (extra: object) => ({
    name: `Hall ${Math.random().toString(36).slice(2, 8)}`,
    city: 'Tokyo',
    address: '1-1 Marunouchi',
    timezone: 'Asia/Tokyo',
    sections: [{ name: 'Arena', kind: 'seated', rows: [{ label: 'A', seats: 4 }] }],
    ...extra,
  });

  it('refuses a venue currency that is three letters but not ISO 4217, and writes nothing', async () => {
    const before = await t.deps.db
      .selectFrom('venues')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await call('POST', '/admin/venues', organizer, venueBody({ currency: 'ABC' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().error.details)).toContain('currency');
    const after = await t.deps.db
      .selectFrom('venues')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('keeps the venue currency and tax, refuses tiers in a made-up currency, and prices JPY without minor digits', async () => {
    const venue = await call('POST', '/admin/venues', organizer, venueBody({ currency: 'JPY', taxRateBasisPoints: 1000 }));
    expect(venue.statusCode).toBe(201);
    expect(venue.json().venue).toMatchObject({ currency: 'JPY', taxRateBasisPoints: 1000, timezone: 'Asia/Tokyo' });
    const sectionId = venue.json().venue.sections[0].id;
    const event = (currency: string) => ({
      title: 'Tokyo Nights',
      description: '',
      category: 'concert',
      venueId: venue.json().venue.id,
      startsAt: future(20),
      performers: ['Hikari'],
      priceTiers: [{ name: 'Arena', price: { amount: 8800, currency }, sectionIds: [sectionId] }],
    });
    const bad = await call('POST', '/admin/events', organizer, event('XYZ'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('priceTiers/0/price/currency');

    const made = await call('POST', '/admin/events', organizer, event('JPY'));
    expect(made.statusCode).toBe(201);
    expect(made.json().event.currency).toBe('JPY');
    expect((await call('POST', `/admin/events/${made.json().event.id}/publish`, organizer)).statusCode).toBe(200);

    const fan = await createUser(t.deps);
    const hold = await call('POST', `/events/${made.json().event.id}/holds`, fan, { sectionId, quantity: 2 });
    expect(hold.statusCode).toBe(201);
    expect(hold.json().hold.total).toEqual({ amount: 17600, currency: 'JPY' });
    expect(hold.json().hold.breakdown).toEqual({
      beforeTax: { amount: 16000, currency: 'JPY' },
      tax: { amount: 1600, currency: 'JPY' },
      taxRateBasisPoints: 1000,
      bookingFee: { amount: 0, currency: 'JPY' },
    });
    expect(hold.json().hold.event.venue.timezone).toBe('Asia/Tokyo');

    // Price filters compare in the event's own currency: with currency=JPY, 8,800 yen is in a 5,000–10,000 band.
    const inYen = await call('GET', `/events?q=Tokyo%20Nights&currency=JPY&minPrice=5000&maxPrice=10000`, null);
    expect(inYen.json().items.map((e: { id: string }) => e.id)).toContain(made.json().event.id);
    const inEuro = await call('GET', `/events?q=Tokyo%20Nights&currency=EUR&minPrice=5000&maxPrice=10000`, null);
    expect(inEuro.json().items.map((e: { id: string }) => e.id)).not.toContain(made.json().event.id);
    expect(inYen.json().items[0].venue.timezone).toBe('Asia/Tokyo');
  });

  it('an event without a currency of its own is priced in EUR by venues from before', async () => {
    const ev = await createPublishedEvent(t.deps);
    const res = await call('GET', `/events/${ev.eventId}`, null);
    expect(res.json()).toMatchObject({ currency: 'EUR', venue: { currency: 'EUR', taxRateBasisPoints: 0 } });
  });
});
