import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadCandidates, searchEvents as runSearch, type SummaryRow } from '../../../src/db/repositories/search.repository.js';
import { planSearch } from '../../../src/domain/search/search-events.js';
import type { Keyset, SearchPlan, SearchSort } from '../../../src/domain/search/search.types.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const keysetOf = (sort: SearchSort, r: SummaryRow): Keyset =>
  sort === 'relevance'
    ? { sort, rank: r.rank ?? '0', id: r.id }
    : sort === 'date'
      ? { sort, startsUs: r.starts_us, id: r.id }
      : { sort, popularity: r.popularity, id: r.id };

/** Every page of a plan, following the keyset as the API's cursor does. */
async function allPages(t: TestApp, plan: SearchPlan): Promise<SummaryRow[]> {
  const out: SummaryRow[] = [];
  let after: Keyset | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const rows = await runSearch(t.deps.db, { ...plan, after });
    const page = rows.slice(0, plan.limit);
    out.push(...page);
    if (rows.length <= plan.limit) return out;
    after = keysetOf(plan.sort, page[page.length - 1]!);
  }
  throw new Error('no last page');
}

/**
 * The two ways the search reads text matches (search.repository.ts): reading
 * all of them, or walking the sort's index for a common word. Date and
 * popularity order must be identical either way; relevance over a common word
 * ranks only the most popular matches.
 */
describe('search strategies for common words', () => {
  let t: TestApp;
  const word = `zw${Date.now().toString(36)}`;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    const base = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    // A city of its own, so listings without text see only these events, not those the file's other tests create.
    await t.deps.db
      .updateTable('events')
      .set({ title: `${word} opening night`, performer_names: `${word} band`, city: `City ${word}` })
      .where('id', '=', base.eventId)
      .execute();
    // 130 listed copies: more matches than relevance ranks when walking, popularity with ties, distinct dates.
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = 'events' and is_generated = 'NEVER' and column_name not in ('id', 'title', 'popularity', 'starts_at', 'description')`.execute(
      t.deps.db,
    );
    const cols = rows.map((r) => sql.ref(r.column_name));
    await sql`
      insert into events (id, title, popularity, starts_at, description, ${sql.join(cols)})
      select gen_random_uuid(), ${word} || ' night ' || g, (g * 7) % 40, e.starts_at + g * interval '1 hour',
        case when g % 3 = 0 then ${word} || ' ' || ${word} || ' all night' else 'another night' end, ${sql.join(cols.map((c) => sql`e.${c}`))}
      from events e, generate_series(1, 130) g where e.id = ${base.eventId}`.execute(t.deps.db);
  });
  afterAll(() => t.close());

  const plan = async (sort: SearchSort, limit: number): Promise<SearchPlan> => (await planSearch(t.deps, { q: word, sort, limit })).plan;

  it.each(['date', 'popularity'] as const)('%s: walking the index gives exactly the pages of reading every match', async (sort) => {
    const p = await plan(sort, 9);
    const all = await allPages(t, { ...p, strategy: 'all' });
    const walk = await allPages(t, { ...p, strategy: 'walk', walkBudget: 1_000 });
    expect(all).toHaveLength(131);
    expect(walk.map((r) => r.id)).toEqual(all.map((r) => r.id));
    // A budget too small for a page (the word was rarer than estimated) falls back to reading every match.
    const starved = await allPages(t, { ...p, strategy: 'walk', walkBudget: 3 });
    expect(starved.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('relevance over a common word ranks the most popular matches, stably across pages', async () => {
    const p = await plan('relevance', 7);
    const all = await allPages(t, { ...p, strategy: 'all' });
    const walk = await allPages(t, { ...p, strategy: 'walk', walkBudget: 1_000 });
    expect(all).toHaveLength(131);
    expect(walk).toHaveLength(broadCandidates);
    expect(new Set(walk.map((r) => r.id)).size).toBe(broadCandidates);
    // The candidates are the most popular matches (ties by id) …
    const byPopularity = [...all].sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1)).slice(0, broadCandidates);
    expect(new Set(walk.map((r) => r.id))).toEqual(new Set(byPopularity.map((r) => r.id)));
    // … in relevance order, the same relative order reading every match gives them.
    const candidateIds = new Set(walk.map((r) => r.id));
    expect(walk.map((r) => r.id)).toEqual(all.filter((r) => candidateIds.has(r.id)).map((r) => r.id));
    const ranks = walk.map((r) => Number(r.rank));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // Fewer candidates than wanted within the budget: every match is ranked instead, on every page.
    const starved = await allPages(t, { ...p, strategy: 'walk', walkBudget: 50 });
    expect(starved.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('chooses to walk only when the statistics say the word is common', async () => {
    await sql`analyze events`.execute(t.deps.db);
    // 131 of the (few thousand at most) test events match: walking for 2 rows beats reading 131.
    expect((await plan('date', 1)).strategy).toBe('walk');
    expect((await planSearch(t.deps, { q: 'qqqnosuchwordqqq', sort: 'date' })).plan.strategy).toBe('all');
    // Listings without text always try the bounded walk first.
    expect((await planSearch(t.deps, { sort: 'date' })).plan.strategy).toBe('walk');
  });

  it.each(['date', 'popularity'] as const)('%s listing without text: a starved walk falls back to the same pages', async (sort) => {
    const { plan: p } = await planSearch(t.deps, { sort, limit: 9, city: `city ${word}`, maxPrice: 5000 });
    const all = await allPages(t, { ...p, strategy: 'all' });
    expect(all.length).toBeGreaterThan(100);
    for (const walkBudget of [3, 40, 5_000]) {
      expect((await allPages(t, { ...p, strategy: 'walk', walkBudget })).map((r) => r.id)).toEqual(all.map((r) => r.id));
    }
  });
});
