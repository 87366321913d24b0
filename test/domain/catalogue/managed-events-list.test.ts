import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { publishEvent } from '../../../src/domain/catalogue/publish-event.js';
import { removeEvent } from '../../../src/domain/catalogue/remove-event.js';
import { createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

interface Listed {
  id: string;
  title: string;
  status: string;
  organizerId: string;
  createdAt: string;
}
interface ListReply {
  items: Listed[];
  nextCursor: string | null;
}

const eventCount = 230;

describe('organizer events list: paging, title search, status filter', () => {
  let t: TestApp;
  let organizer: TestUser;
  let other: TestUser;
  let admin: TestUser;
  const mine = new Map<string, string>();
  let stadiumId = '';
  let otherStadiumId = '';

  async function eventsOf(owner: TestUser, count: number, title: (i: number) => string): Promise<string[]> {
    const venue = await createVenueWith(t.deps, owner, { sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }] });
    const principal = { userId: owner.id, roles: owner.roles };
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const e = await createEvent(t.deps, principal, {
        title: title(i),
        description: '',
        category: 'concert',
        venueId: venue.id,
        startsAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(),
        performers: ['Band'],
        priceTiers: [{ name: 'Floor', price: { amount: 2000, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      });
      ids.push(e.id);
    }
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    [organizer, other, admin] = await Promise.all([
      createUser(t.deps, ['organizer']),
      createUser(t.deps, ['organizer']),
      createUser(t.deps, ['admin']),
    ]);
    const ids = await eventsOf(organizer, eventCount, (i) => (i === 3 ? 'Stadium Show 100% Live' : `Club night ${i}`));
    ids.forEach((id, i) => mine.set(id, i === 3 ? 'Stadium Show 100% Live' : `Club night ${i}`));
    stadiumId = ids[3]!;
    otherStadiumId = (await eventsOf(other, 2, (i) => `Stadium Show elsewhere ${i}`))[0]!;
    const principal = { userId: organizer.id, roles: organizer.roles };
    for (const id of ids.slice(0, 4)) await publishEvent(t.deps, principal, id);
    await removeEvent(t.deps, principal, ids[4]!);
    // Many rows share one creation instant, so the keyset's id tiebreak is what keeps pages apart.
    const instants = [new Date('2026-01-01T10:00:00Z'), new Date('2026-01-02T10:00:00Z'), new Date('2026-01-03T10:00:00Z')];
    for (const [n, instant] of instants.entries()) {
      await t.deps.db
        .updateTable('events')
        .set({ created_at: instant })
        .where(
          'id',
          'in',
          ids.filter((_, i) => i % 3 === n),
        )
        .execute();
    }
  });
  afterAll(() => t.close());

  async function list(user: TestUser, params: Record<string, string>): Promise<ListReply> {
    const res = await t.app.inject({ url: `/api/v1/admin/events?${new URLSearchParams(params)}`, headers: user.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function everyPage(user: TestUser, params: Record<string, string>): Promise<{ items: Listed[]; pages: number }> {
    const items: Listed[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListReply = await list(user, { ...params, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  }

  it('pages through all of an organizer’s events exactly once, newest first, and none of another organizer’s', async () => {
    const { items, pages } = await everyPage(organizer, { limit: '17' });
    expect(pages).toBe(Math.ceil(eventCount / 17));
    const ids = items.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(mine.keys()));
    expect(items.every((e) => e.organizerId === organizer.id)).toBe(true);
    const created = items.map((e) => e.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(ids).toContain(stadiumId);
    expect(ids).not.toContain(otherStadiumId);
  });

  it('lets admins page past the first hundred events across organizers', async () => {
    const { items } = await everyPage(admin, { limit: '100' });
    const ids = new Set(items.map((e) => e.id));
    expect(ids.size).toBe(items.length);
    for (const id of [...mine.keys(), otherStadiumId]) expect(ids.has(id)).toBe(true);
  });

  it('finds events by any part of the title, any case, with % and _ taken literally', async () => {
    expect((await list(organizer, { q: 'stadium show' })).items.map((e) => e.id)).toEqual([stadiumId]);
    expect((await list(organizer, { q: '100%' })).items.map((e) => e.id)).toEqual([stadiumId]);
    expect((await list(organizer, { q: '1_0' })).items).toEqual([]);
    expect((await list(other, { q: 'stadium' })).items.map((e) => e.title).sort()).toEqual([
      'Stadium Show elsewhere 0',
      'Stadium Show elsewhere 1',
    ]);
    const clubs = await everyPage(organizer, { q: 'NIGHT 1', limit: '5' });
    const expected = [...mine.values()].filter((title) => title.toLowerCase().includes('night 1'));
    expect(clubs.items.map((e) => e.title).sort()).toEqual(expected.sort());
  });

  it('filters by status and combines the filter with search', async () => {
    const published = await everyPage(organizer, { status: 'published', limit: '2' });
    expect(published.items.map((e) => e.status)).toEqual(['published', 'published', 'published', 'published']);
    expect((await list(organizer, { status: 'removed' })).items).toHaveLength(1);
    expect((await list(organizer, { status: 'cancelled' })).items).toEqual([]);
    const drafts = await everyPage(organizer, { status: 'draft', limit: '100' });
    expect(drafts.items).toHaveLength(eventCount - 5);
    expect((await list(organizer, { status: 'published', q: 'stadium' })).items.map((e) => e.id)).toEqual([stadiumId]);
    expect((await list(organizer, { status: 'draft', q: 'stadium' })).items).toEqual([]);
  });

  it('rejects unknown statuses, and cursors replayed against other filters or another organizer', async () => {
    const bad = await t.app.inject({ url: '/api/v1/admin/events?status=archived', headers: organizer.auth });
    expect(bad.statusCode).toBe(400);
    const first = await list(organizer, { limit: '10' });
    expect(first.nextCursor).toBeTypeOf('string');
    const cursor = first.nextCursor!;
    for (const [user, params] of [
      [organizer, { cursor, status: 'draft' }],
      [organizer, { cursor, q: 'club' }],
      [other, { cursor }],
    ] as const) {
      const res = await t.app.inject({ url: `/api/v1/admin/events?${new URLSearchParams(params)}`, headers: user.auth });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
