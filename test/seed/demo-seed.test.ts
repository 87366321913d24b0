import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/context.js';
import { verifyPassword } from '../../src/security/passwords.js';
import { demoAccounts, demoPassword } from '../../src/seed/demo-accounts.js';
import { seedDemo } from '../../src/seed/demo.js';
import { generateEvents } from '../../src/seed/bulk-events.js';
import { ensureInventory } from '../../src/domain/catalogue/ensure-inventory.js';
import { findDemoMarker } from '../../src/seed/seed.repository.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resultTable, runSearchBench, queryKinds } from '../../bench/search-bench.js';
import { updateDocSection, writeJson } from '../../bench/lib/results.js';
import { createTestApp, testConfig, type TestApp } from '../support/test-app.js';

/**
 * The demo catalogue is seeded once, before any test, as production would seed
 * it (no demo accounts); each test then checks one thing on it and runs in any order.
 */
describe('demo seed', () => {
  let t: TestApp;
  let seeded: boolean;
  let demoUsersAfterSeed: string[];

  const demoUserIds = async (): Promise<string[]> => {
    const rows = await t.deps.db
      .selectFrom('users')
      .select('id')
      .where(
        'email_hash',
        'in',
        demoAccounts.map((a) => t.deps.pii.blindIndex(a.email)),
      )
      .execute();
    return rows.map((r) => r.id);
  };

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    // config.ts refuses DEMO_SEED in production; the seed must not rely on that alone.
    const deps = createDeps({ ...t.deps, config: testConfig({ env: 'production', demoSeed: true }) });
    const started = Date.now();
    seeded = await seedDemo(deps, () => {});
    console.log(`[demo-seed.test] demo seed took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    demoUsersAfterSeed = await demoUserIds();
  }, 300_000);
  afterAll(() => t.close());

  it('seeds the catalogue without demo accounts when NODE_ENV is production', () => {
    expect(seeded).toBe(true);
    expect(demoUsersAfterSeed).toEqual([]);
  });

  it('has 200+ upcoming published events in 10+ cities across every category, and the promised venues', async () => {
    const marker = await findDemoMarker(t.deps.db);
    expect(marker).not.toBeNull();
    const events = await t.deps.db
      .selectFrom('events')
      .select([
        (eb) => eb.fn.countAll<string>().as('n'),
        sql<string>`count(distinct city)`.as('cities'),
        sql<string>`count(distinct category)`.as('categories'),
      ])
      .where('venue_id', 'in', marker!.venueIds)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBeGreaterThanOrEqual(200);
    expect(Number(events.cities)).toBeGreaterThanOrEqual(10);
    expect(Number(events.categories)).toBe(10);

    const venues = await t.deps.db
      .selectFrom('venues as v')
      .innerJoin('sections as s', 's.venue_id', 'v.id')
      .select([
        'v.name',
        sql<string>`sum(s.capacity) filter (where s.kind = 'seated')`.as('seated'),
        sql<string>`sum(s.capacity) filter (where s.kind = 'ga')`.as('ga'),
        sql<string[]>`array_agg(s.name order by s.position)`.as('sections'),
      ])
      .where('v.id', 'in', marker!.venueIds)
      .groupBy('v.name')
      .execute();
    const byName = new Map(venues.map((v) => [v.name, v]));
    const theatre = byName.get('Royal Albion Theatre')!;
    expect(theatre.sections).toEqual(['Stalls', 'Circle', 'Balcony']);
    expect(Number(theatre.seated)).toBeGreaterThanOrEqual(1900);
    expect(Number(theatre.seated)).toBeLessThanOrEqual(2100);
    const stadium = byName.get('Northgate Stadium')!;
    expect(Number(stadium.seated)).toBeGreaterThanOrEqual(50_000);
    expect(Number(stadium.ga)).toBeGreaterThan(0);
    const club = byName.get('Kellerklub')!;
    expect(club.seated).toBeNull();
    expect(Number(club.ga)).toBe(300);

    const seats = await t.deps.db
      .selectFrom('event_seats as es')
      .innerJoin('events as e', 'e.id', 'es.event_id')
      .innerJoin('venues as v', 'v.id', 'e.venue_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('v.name', '=', 'Northgate Stadium')
      .where('e.venue_id', 'in', marker!.venueIds)
      .executeTakeFirstOrThrow();
    expect(Number(seats.n)).toBeGreaterThanOrEqual(4 * 50_000);
  });

  it('is idempotent and creates the demo accounts (argon2id) only when allowed', async () => {
    const deps = createDeps({ ...t.deps, config: testConfig({ demoSeed: false }) });
    expect(await seedDemo(deps, () => {})).toBe(false);
    expect(await demoUserIds()).toEqual([]);

    // Issue 12, defect 4: never on a database named by DATABASE_URL, whatever DEMO_SEED says.
    const external = createDeps({ ...t.deps, config: testConfig({ env: 'development', demoSeed: true }) });
    expect(await seedDemo(external, () => {})).toBe(false);
    expect(await demoUserIds()).toEqual([]);

    const devDeps = createDeps({ ...t.deps, config: testConfig({ env: 'development', demoSeed: true, databaseUrl: undefined }) });
    expect(await seedDemo(devDeps, () => {})).toBe(false);
    expect(await seedDemo(devDeps, () => {})).toBe(false);
    const ids = await demoUserIds();
    expect(ids).toHaveLength(4);
    const admin = await t.deps.db
      .selectFrom('users')
      .select(['password_hash', 'roles'])
      .where('email_hash', '=', t.deps.pii.blindIndex('admin@boxoffice.test'))
      .executeTakeFirstOrThrow();
    expect(admin.roles).toEqual(['admin']);
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin.password_hash!, demoPassword)).toBe(true);

    // Issue 11: the demo scanner works the doors of every demo event.
    const scanner = await t.deps.db
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', t.deps.pii.blindIndex('scanner@boxoffice.test'))
      .executeTakeFirstOrThrow();
    const doors = await t.deps.db
      .selectFrom('event_scanners')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', scanner.id)
      .executeTakeFirstOrThrow();
    const marker = await findDemoMarker(t.deps.db);
    const demoEvents = await t.deps.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organizer_id', '=', marker!.organizerId)
      .executeTakeFirstOrThrow();
    expect(Number(doors.n)).toBe(Number(demoEvents.n));
  });

  it('makes the demo catalogue searchable, accents and typos included', async () => {
    const search = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/events?q=${encodeURIComponent(q)}&limit=100` })).json();
    const zoe = await search('zoe marchetti');
    expect(zoe.items.length).toBeGreaterThan(0);
    expect(zoe.items.every((i: { performers: string[] }) => i.performers.includes('Zoë Marchetti'))).toBe(true);
    const typo = await search('Bjorn Ekdal');
    expect(typo.items.some((i: { performers: string[] }) => i.performers.includes('Björn Ekdahl'))).toBe(true);
    const city = await t.app.inject({ method: 'GET', url: '/api/v1/events?city=vienna&limit=5' });
    expect(city.json().items.every((i: { venue: { city: string } }) => i.venue.city === 'Vienna')).toBe(true);
  });

  it('bulk-generates published events consistent with what the catalogue writes, and searchable', async () => {
    // The search benchmark test generates events too: count only those this call adds to the demo organizer's.
    const organizerId = (await findDemoMarker(t.deps.db))!.organizerId;
    const ownEvents = async () =>
      (await t.deps.db.selectFrom('events').select('id').where('organizer_id', '=', organizerId).execute()).map((r) => r.id);
    const before = new Set(await ownEvents());
    const lines: string[] = [];
    const result = await generateEvents(t.deps, { count: 450, batch: 200, log: (l) => lines.push(l) });
    expect(result.events).toBe(450);
    expect(lines.filter((l) => l.startsWith('bulk:'))).toHaveLength(3);
    const created = (await ownEvents()).filter((id) => !before.has(id));
    expect(created).toHaveLength(450);

    // The denormalised columns agree with the rows they summarise, as refreshEventSummary would leave them.
    const { rows: mismatches } = await sql<{ id: string }>`
      select e.id from events e
      where e.id = any(${created}::uuid[]) and (
        e.status <> 'published' or e.inventory_ready or e.starts_at <= now()
        or e.performer_names <> (select string_agg(p.name, ', ' order by ep.position) from event_performers ep join performers p on p.id = ep.performer_id where ep.event_id = e.id)
        or e.min_price is distinct from (select min(price_amount) from price_tiers where event_id = e.id)
        or e.max_price is distinct from (select max(price_amount) from price_tiers where event_id = e.id)
        or e.capacity <> (select sum(s.capacity) from event_sections es join sections s on s.id = es.section_id where es.event_id = e.id)
        or e.seats_available <> e.capacity
        or e.city <> (select city from venues where id = e.venue_id)
      )`.execute(t.deps.db);
    expect(mismatches).toEqual([]);

    // A typo in a short word is beyond trigram correction (one changed letter of four leaves too few shared
    // trigrams), so the sample is an event whose first performer ends in a word of six letters or more.
    const sample = await t.deps.db
      .selectFrom('events')
      .select(['id', 'title', 'performer_names', 'capacity', 'starts_at'])
      .where('id', 'in', created)
      .where(sql<boolean>`length(regexp_replace(split_part(performer_names, ',', 1), '^.*[^[:alpha:]]', '')) >= 6`)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const at = sample.starts_at.toISOString();
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events?q=${encodeURIComponent(sample.title)}&from=${at}&to=${at}&limit=100`,
    });
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(sample.id);
    const misspelt = sample.performer_names.split(',')[0]!.replace(/[aeiou](?=[^aeiou]*$)/, 'y');
    const typo = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events?q=${encodeURIComponent(misspelt)}&from=${at}&to=${at}&limit=100`,
    });
    expect(typo.json().items.map((i: { id: string }) => i.id)).toContain(sample.id);

    // Inventory is lazy: the catalogue materialises it on first use.
    expect(await ensureInventory(t.deps.db, sample.id)).toBe(true);
    const seats = await t.deps.db
      .selectFrom('event_seats')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', sample.id)
      .executeTakeFirstOrThrow();
    expect(Number(seats.n)).toBe(sample.capacity);
  });

  it('runs the search benchmark end to end on a tiny catalogue (smoke test)', async () => {
    const listed = await t.deps.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const result = await runSearchBench(t.deps, t.deps.config.databaseUrl!, { events: Number(listed.n) + 100, queries: 60, batch: 100 });
    expect(result.events).toBeGreaterThanOrEqual(Number(listed.n) + 100);
    expect(result.results.overall?.api.count).toBe(60);
    for (const kind of queryKinds) {
      expect(result.results[kind]?.api.count, kind).toBeGreaterThan(0);
      expect(result.results[kind]?.sql.p50, kind).toBeGreaterThan(0);
      expect(result.ratios[kind], kind).toBeGreaterThan(0);
    }
    expect(resultTable(result)).toMatch(/overall/);

    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
    try {
      await writeJson(path.join(dir, 'search.json'), result);
      expect(JSON.parse(await readFile(path.join(dir, 'search.json'), 'utf8')).name).toBe('search');
      const doc = path.join(dir, 'performance.md');
      await updateDocSection(doc, 'search', 'first');
      await updateDocSection(doc, 'other', 'kept');
      await updateDocSection(doc, 'search', resultTable(result, true));
      const text = await readFile(doc, 'utf8');
      expect(text).not.toContain('first');
      expect(text).toContain('kept');
      expect(text.match(/bench:search:start/g)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
