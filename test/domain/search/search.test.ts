import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Venue } from '../../../src/domain/catalogue/catalogue.types.js';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { publishEvent } from '../../../src/domain/catalogue/publish-event.js';
import { searchEvents } from '../../../src/domain/search/search-events.js';
import { createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

/** Letters only, so it is one word to the text search and never a prefix of another test's word. */
const word = (): string => 'zq' + Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');

const day = 86_400_000;

describe('GET /api/v1/events (search)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let venue: Venue;
  let otherVenue: Venue;
  const city = `Searchville ${word()}`;
  const venueWord = word();

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
    organizer = await createUser(t.deps, ['organizer']);
    venue = await createVenueWith(t.deps, organizer, {
      name: `Hall ${venueWord}`,
      city,
      sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 4 }] }],
    });
    otherVenue = await createVenueWith(t.deps, organizer, {
      city: 'Lisbon',
      timezone: 'Europe/Lisbon',
      sections: [
        { name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 4 }] },
        { name: 'Floor', kind: 'ga', capacity: 10 },
      ],
    });
  });
  afterAll(() => t.close());

  interface EventOpts {
    title: string;
    description?: string;
    performers?: string[];
    category?: Category;
    startsInDays?: number;
    startsAt?: Date;
    prices?: number[];
    at?: Venue;
    publish?: boolean;
  }

  async function makeEvent(o: EventOpts): Promise<string> {
    const at = o.at ?? venue;
    const prices = o.prices ?? [5000];
    const draft = await createEvent(
      t.deps,
      { userId: organizer.id, roles: organizer.roles },
      {
        title: o.title,
        description: o.description ?? 'An evening out',
        category: o.category ?? 'concert',
        venueId: at.id,
        startsAt: (o.startsAt ?? new Date(Date.now() + (o.startsInDays ?? 30) * day)).toISOString(),
        performers: o.performers ?? ['The Testers'],
        priceTiers: prices.map((amount, i) => ({
          name: `Tier ${i}`,
          price: { amount, currency: 'EUR' },
          sectionIds: [at.sections[i]!.id],
        })),
      },
    );
    if (o.publish !== false) await publishEvent(t.deps, { userId: organizer.id, roles: organizer.roles }, draft.id);
    return draft.id;
  }

  async function search(query: Record<string, string | number | boolean>) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    return t.app.inject({ method: 'GET', url: `/api/v1/events?${qs}` });
  }
  async function ids(query: Record<string, string | number | boolean>): Promise<string[]> {
    const res = await search(query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
  }

  it('ranks a title match above a description match and returns full summaries', async () => {
    const w = word();
    const inDescription = await makeEvent({ title: 'Quiet Evening', description: `Featuring a ${w} encore` });
    const inTitle = await makeEvent({ title: `${w} Live`, performers: ['Nora Quill'], prices: [4500] });
    const res = await search({ q: w });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([inTitle, inDescription]);
    expect(body.nextCursor).toBeNull();
    expect(body.items[0]).toMatchObject({
      id: inTitle,
      title: `${w} Live`,
      category: 'concert',
      venue: { id: venue.id, name: `Hall ${venueWord}`, city },
      performers: ['Nora Quill'],
      fromPrice: { amount: 4500, currency: 'EUR' },
      saleStatus: 'on_sale',
      seatsAvailable: 4,
      popularity: 0,
    });
  });

  it('matches performers, venue names and cities', async () => {
    const performerWord = word();
    const byPerformer = await makeEvent({ title: 'Night One', performers: [`Ada ${performerWord}`] });
    expect(await ids({ q: `ada ${performerWord}` })).toEqual([byPerformer]);
    const atVenue = await ids({ q: venueWord, limit: 100 });
    expect(atVenue).toContain(byPerformer);
    const inCity = await ids({ q: city, limit: 100 });
    expect(inCity).toEqual(expect.arrayContaining([byPerformer]));
  });

  it('corrects misspelt performers to known words ("Beyonse" finds Beyoncé, "Metalica" finds Metallica)', async () => {
    const startsAt = new Date(Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 3_000_000) * 60_000);
    const window = { from: new Date(startsAt.getTime() - 1000).toISOString(), to: new Date(startsAt.getTime() + 1000).toISOString() };
    const beyonce = await makeEvent({ title: 'Renaissance Tour', performers: ['Beyoncé'], startsAt });
    const metallica = await makeEvent({ title: 'M72 World Tour', performers: ['Metallica'], startsAt });
    expect(await ids({ q: 'Beyonse', ...window })).toEqual([beyonce]);
    expect(await ids({ q: 'metalica', ...window })).toEqual([metallica]);
    const unique = word();
    const misspelt = unique.slice(0, 5) + (unique[5] === 'x' ? 'y' : 'x') + unique.slice(6);
    const id = await makeEvent({ title: 'Typo Night', performers: [`Kit ${unique}`] });
    expect(await ids({ q: misspelt })).toEqual([id]);
  });

  it('ignores accents both ways', async () => {
    const w = word();
    const id = await makeEvent({ title: `Chanson ${w}`, performers: ['Renée Ångström'] });
    expect(await ids({ q: `renee angstrom ${w}` })).toEqual([id]);
    expect(await ids({ q: `Renée Ångström ${w}` })).toEqual([id]);
  });

  it('matches the last word as a prefix while typing', async () => {
    const w = word();
    const id = await makeEvent({ title: `Marimba ${w}` });
    expect(await ids({ q: w.slice(0, 7) })).toEqual([id]);
    expect(await ids({ q: `marim ${w.slice(0, 8)}` })).toEqual([id]);
  });

  it('filters by city (case-insensitive), category, date range, price overlap and availability', async () => {
    const w = word();
    const inCity = await makeEvent({ title: `${w} One`, category: 'opera', startsInDays: 10, prices: [1000] });
    const elsewhere = await makeEvent({ title: `${w} Two`, category: 'comedy', startsInDays: 20, prices: [5000, 20000], at: otherVenue });
    const soldOut = await makeEvent({ title: `${w} Three`, category: 'comedy', startsInDays: 40, prices: [30000] });
    await t.deps.db.updateTable('events').set({ seats_available: 0 }).where('id', '=', soldOut).execute();

    const sorted = (xs: string[]) => [...xs].sort();
    expect(await ids({ q: w, city: city.toUpperCase() })).toEqual(expect.arrayContaining([inCity, soldOut]));
    expect((await ids({ q: w, city: city.toUpperCase() })).length).toBe(2);
    expect(await ids({ q: w, city: 'lisbon' })).toEqual([elsewhere]);
    expect(await ids({ q: w, category: 'opera' })).toEqual([inCity]);
    const from = new Date(Date.now() + 15 * day).toISOString();
    const to = new Date(Date.now() + 30 * day).toISOString();
    expect(await ids({ q: w, from, to })).toEqual([elsewhere]);
    expect(sorted(await ids({ q: w, from }))).toEqual(sorted([elsewhere, soldOut]));
    // [5000, 20000] overlaps [6000, 8000]; 1000 and 30000 do not.
    expect(await ids({ q: w, minPrice: 6000, maxPrice: 8000 })).toEqual([elsewhere]);
    expect(sorted(await ids({ q: w, maxPrice: 5000 }))).toEqual(sorted([inCity, elsewhere]));
    expect(sorted(await ids({ q: w, minPrice: 25000 }))).toEqual([soldOut]);
    expect(sorted(await ids({ q: w, available: true }))).toEqual(sorted([inCity, elsewhere]));
    expect((await ids({ q: w, available: false })).length).toBe(3);
  });

  it('lists only published events that have not started', async () => {
    const w = word();
    const soon = await makeEvent({ title: `${w} Soon`, startsInDays: 1 });
    await makeEvent({ title: `${w} Draft`, publish: false });
    const later = await makeEvent({ title: `${w} Later`, startsInDays: 5 });
    expect((await ids({ q: w })).sort()).toEqual([soon, later].sort());
    const clock = new ManualClock(new Date(Date.now() + 2 * day));
    const page = await searchEvents({ ...t.deps, clock }, { q: w });
    expect(page.items.map((i) => i.id)).toEqual([later]);
  });

  it('sorts by date and by popularity', async () => {
    const w = word();
    const a = await makeEvent({ title: `${w} A`, startsInDays: 30 });
    const b = await makeEvent({ title: `${w} B`, startsInDays: 10 });
    const c = await makeEvent({ title: `${w} C`, startsInDays: 20 });
    await t.deps.db.updateTable('events').set({ popularity: 50 }).where('id', '=', a).execute();
    await t.deps.db.updateTable('events').set({ popularity: 90 }).where('id', '=', c).execute();
    expect(await ids({ q: w, sort: 'date' })).toEqual([b, c, a]);
    expect(await ids({ q: w, sort: 'popularity' })).toEqual([c, a, b]);
    // Without q the default is date order.
    const res = await search({
      city,
      from: new Date(Date.now() + 9 * day).toISOString(),
      to: new Date(Date.now() + 31 * day).toISOString(),
      limit: 100,
    });
    const listed: { id: string; startsAt: string }[] = res.json().items;
    expect(listed.map((i) => i.startsAt)).toEqual([...listed.map((i) => i.startsAt)].sort());
  });

  it('walks every page of every sort without duplicates or misses (keyset, limit 10)', async () => {
    const w = word();
    const base = Date.now() + 50 * day;
    const created = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        // Ties on purpose: 15 distinct start times, 5 popularity values, equal ranks.
        makeEvent({
          title: `${w} Show ${i}`,
          startsAt: new Date(base + (i % 15) * 3_600_000),
          description: i % 2 ? `${w} again` : 'plain',
        }),
      ),
    );
    await Promise.all(
      created.map((id, i) =>
        t.deps.db
          .updateTable('events')
          .set({ popularity: i % 5 })
          .where('id', '=', id)
          .execute(),
      ),
    );
    for (const sort of ['relevance', 'date', 'popularity'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await search({ q: w, sort, limit: 10, ...(cursor ? { cursor } : {}) });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages, sort).toBe(5);
      expect(new Set(seen).size, sort).toBe(45);
      expect([...seen].sort(), sort).toEqual([...created].sort());
    }
  });

  it('treats tsquery operators and quotes in q as plain text', async () => {
    const w = word();
    const id = await makeEvent({ title: `${w} Operators` });
    for (const q of [`${w} & !`, `'${w}':*`, `(${w}) | <-> \\`, `${w}'); drop table events; --`]) {
      const res = await search({ q });
      expect(res.statusCode, q).toBe(200);
      expect(
        res.json().items.map((i: { id: string }) => i.id),
        q,
      ).toEqual(q.includes('drop') ? [] : [id]);
    }
  });

  it('answers an empty result with no cursor', async () => {
    const res = await search({ q: word() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('rejects bad parameters with 400 VALIDATION_FAILED', async () => {
    const bad: Record<string, string | number>[] = [
      { q: 'x'.repeat(201) },
      { category: 'circus' },
      { from: 'yesterday' },
      { to: '2030-13-01T00:00:00Z' },
      { from: '2030-02-01T00:00:00Z', to: '2030-01-01T00:00:00Z' },
      { minPrice: -1 },
      { maxPrice: 12.5 },
      { minPrice: 5000, maxPrice: 1000 },
      { available: 'maybe' },
      { sort: 'price' },
      { sort: 'relevance' },
      { limit: 0 },
      { limit: 101 },
      { limit: 'ten' },
      { cursor: 'not a cursor!' },
      { cursor: 'AAAA' },
      { unknown: 'field' },
    ];
    for (const query of bad) {
      const res = await search(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().error.code, JSON.stringify(query)).toBe('VALIDATION_FAILED');
    }
  });

  it('rejects a tampered cursor and a cursor replayed against another search', async () => {
    const w = word();
    await Promise.all([1, 2, 3].map((i) => makeEvent({ title: `${w} ${i}` })));
    const first = (await search({ q: w, limit: 1 })).json();
    const cursor: string = first.nextCursor;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await search({ q: w, limit: 1, cursor })).statusCode).toBe(200);

    const raw = Buffer.from(cursor, 'base64url');
    const forged = Buffer.from(
      raw.toString('utf8', 16).replace(/"id":"([0-9a-f])/, (_m, c: string) => `"id":"${c === '0' ? '1' : '0'}`),
      'utf8',
    );
    const tampered = Buffer.concat([raw.subarray(0, 16), forged]).toString('base64url');
    const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    for (const bad of [tampered, flipped]) {
      const res = await search({ q: w, limit: 1, cursor: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await search({ q: w, limit: 1, sort: 'date', cursor })).statusCode).toBe(400);
    expect((await search({ q: `${w} 1`, limit: 1, cursor })).statusCode).toBe(400);
  });
});
