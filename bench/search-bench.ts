import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import type { Deps } from '../src/context.js';
import { categories } from '../src/domain/catalogue/catalogue.types.js';
import { splitQuery } from '../src/domain/search/query-words.js';
import { planSearch } from '../src/domain/search/search-events.js';
import type { SearchInput } from '../src/domain/search/search.types.js';
import { eventSearchQuery, matchEstimateQuery, wordLookupQuery } from '../src/db/repositories/search.repository.js';
import { buildApp } from '../src/http/app.js';
import { generateEvents } from '../src/seed/bulk-events.js';
import { seedDemo } from '../src/seed/demo.js';
import { createRandom, type Random } from '../src/seed/prng.js';
import { machine } from './lib/results.js';
import { summarise, timed, type Summary } from './lib/stats.js';
import { formatTable } from './lib/table.js';

export const queryKinds = ['text', 'prefix', 'typo', 'city', 'category', 'dates', 'price', 'available', 'popularity', 'next-page'] as const;
export type QueryKind = (typeof queryKinds)[number];

export interface SearchBenchOptions {
  events: number;
  queries: number;
  /** Bulk batch size when events must be generated. */
  batch?: number;
  log?: (line: string) => void;
}

export interface SearchBenchResult {
  name: 'search';
  date: string;
  cores: number;
  machine: ReturnType<typeof machine>;
  events: number;
  queries: number;
  results: Record<string, { api: Summary; sql: Summary; emptyShare: number }>;
  /** API mean / raw SQL mean, per kind and overall: the cost of HTTP, validation and JSON. */
  ratios: Record<string, number>;
  /** 1-minute load average when the queries started: other work on the machine shows up in the tails. */
  loadAverage: number;
  /** How many measured queries read all text matches ('all') or walked an ordered index ('walk'). */
  strategies: Record<string, number>;
}

interface Sample {
  words: string[];
  performers: string[];
  cities: string[];
}

/**
 * Runs `queries` mixed searches through the HTTP API on a real port and, as
 * the baseline, the same SQL (word look-up + page query) straight through pg.
 * Queries run one at a time: this measures latency, not throughput.
 */
export async function runSearchBench(deps: Deps, databaseUrl: string, opts: SearchBenchOptions): Promise<SearchBenchResult> {
  const log = opts.log ?? (() => {});
  // The demo catalogue comes first (the generator builds on its venues) and counts towards N.
  await seedDemo(deps, log);
  const listed = await countListed(deps);
  if (listed < opts.events) {
    log(`search bench: ${listed} listed events, generating ${opts.events - listed}`);
    await generateEvents(deps, { count: opts.events - listed, batch: opts.batch ?? 10_000, log });
  }
  const events = await countListed(deps);
  const sample = await sampleCatalogue(deps);

  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/events`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const loadAverage = Math.round(os.loadavg()[0]! * 100) / 100;
  const api: Record<string, number[]> = {};
  const raw: Record<string, number[]> = {};
  const empty: Record<string, number> = {};
  const strategies: Record<string, number> = {};
  try {
    const r = createRandom(20_240_601);
    const cursors: SearchInput[] = [];
    const warmUp = Math.min(50, Math.ceil(opts.queries / 10));
    for (let n = 0; n < warmUp + opts.queries; n += 1) {
      let kind = queryKinds[n % queryKinds.length]!;
      if (kind === 'next-page' && cursors.length === 0) kind = 'text';
      const input = kind === 'next-page' ? cursors.shift()! : makeQuery(kind, sample, r);

      const viaApi = await timed(async () => {
        const res = await fetch(`${base}?${toQueryString(input)}`);
        const body = (await res.json()) as { items?: unknown[]; nextCursor?: string | null; error?: { message: string } };
        if (res.status !== 200) throw new Error(`search bench: ${res.status} ${body.error?.message} for ${toQueryString(input)}`);
        return body;
      });
      const { plan } = await planSearch(deps, input);
      const lookup = wordLookupQuery(splitQuery(input.q ?? '')).compile(deps.db);
      const page = eventSearchQuery(plan).compile(deps.db);
      const estimate = matchEstimateQuery(plan).compile(deps.db);
      const viaSql = await timed(async () => {
        if (input.q) await pool.query(lookup.sql, lookup.parameters as unknown[]);
        if (plan.tsquery !== null) await pool.query(estimate.sql, estimate.parameters as unknown[]);
        return pool.query(page.sql, page.parameters as unknown[]);
      });
      if (n >= warmUp) strategies[plan.strategy] = (strategies[plan.strategy] ?? 0) + 1;
      if (viaApi.value.nextCursor && kind !== 'next-page' && cursors.length < 20)
        cursors.push({ ...input, cursor: viaApi.value.nextCursor });
      if (n < warmUp) continue;
      (api[kind] ??= []).push(viaApi.ms);
      (raw[kind] ??= []).push(viaSql.ms);
      if ((viaApi.value.items ?? []).length === 0) empty[kind] = (empty[kind] ?? 0) + 1;
    }
  } finally {
    await pool.end();
    await app.close();
  }

  const results: SearchBenchResult['results'] = {};
  const ratios: Record<string, number> = {};
  for (const kind of [...queryKinds, 'overall']) {
    const a = kind === 'overall' ? Object.values(api).flat() : api[kind];
    const s = kind === 'overall' ? Object.values(raw).flat() : raw[kind];
    if (!a?.length || !s?.length) continue;
    const emptyCount = kind === 'overall' ? Object.values(empty).reduce((x, y) => x + y, 0) : (empty[kind] ?? 0);
    results[kind] = { api: summarise(a), sql: summarise(s), emptyShare: Math.round((emptyCount / a.length) * 100) / 100 };
    ratios[kind] = Math.round((results[kind].api.mean / Math.max(results[kind].sql.mean, 0.001)) * 100) / 100;
  }
  const m = machine();
  return {
    name: 'search',
    date: new Date().toISOString(),
    cores: m.cores,
    machine: m,
    events,
    queries: opts.queries,
    results,
    ratios,
    loadAverage,
    strategies,
  };
}

export function resultTable(result: SearchBenchResult, markdown = false): string {
  const rows = Object.entries(result.results).map(([kind, r]) => [
    kind,
    r.api.count,
    r.api.p50.toFixed(2),
    r.api.p95.toFixed(2),
    r.api.p99.toFixed(2),
    r.api.mean.toFixed(2),
    r.sql.p50.toFixed(2),
    r.sql.p95.toFixed(2),
    r.sql.p99.toFixed(2),
    r.sql.mean.toFixed(2),
    `${result.ratios[kind]?.toFixed(2)}×`,
  ]);
  return formatTable(
    ['query kind', 'n', 'API p50', 'API p95', 'API p99', 'API mean', 'SQL p50', 'SQL p95', 'SQL p99', 'SQL mean', 'API/SQL'],
    rows,
    markdown,
  );
}

async function countListed(deps: Deps): Promise<number> {
  const { rows } = await sql<{
    n: string;
  }>`select count(*)::text as n from events where status = 'published' and starts_at > ${deps.clock.now()}`.execute(deps.db);
  return Number(rows[0]?.n ?? 0);
}

/** Real words from the catalogue, sorted so the seeded choices are the same run to run. */
async function sampleCatalogue(deps: Deps): Promise<Sample> {
  const performers = await sql<{
    name: string;
  }>`select name from performers p where exists (select 1 from event_performers ep where ep.performer_id = p.id) order by name limit 1000`.execute(
    deps.db,
  );
  const cities = await sql<{ city: string }>`select distinct city from events where status = 'published' order by city`.execute(deps.db);
  const words = await sql<{ word: string }>`select word from search_words where length(word) >= 5 order by word limit 3000`.execute(
    deps.db,
  );
  return { performers: performers.rows.map((r) => r.name), cities: cities.rows.map((r) => r.city), words: words.rows.map((r) => r.word) };
}

function misspell(word: string, r: Random): string {
  const letters = [...word];
  const i = r.int(1, Math.max(1, letters.length - 2));
  letters[i] = letters[i] === 'e' ? 'a' : 'e';
  return letters.join('');
}

function makeQuery(kind: Exclude<QueryKind, 'next-page'>, s: Sample, r: Random): SearchInput {
  const day = 86_400_000;
  switch (kind) {
    case 'text':
      return { q: r.pick(s.performers) };
    case 'prefix': {
      const w = r.pick(s.words);
      return { q: w.slice(0, r.int(3, Math.min(5, w.length))) };
    }
    case 'typo':
      return { q: misspell(r.pick(s.performers).split(' ').pop()!, r) };
    case 'city':
      return { city: r.pick(s.cities).toLowerCase() };
    case 'category':
      return { category: r.pick(categories), q: r.chance(0.5) ? r.pick(s.words) : undefined };
    case 'dates': {
      const from = Date.now() + r.int(1, 150) * day;
      return { from: new Date(from).toISOString(), to: new Date(from + 7 * day).toISOString() };
    }
    case 'price': {
      const min = r.int(10, 80) * 100;
      return { minPrice: min, maxPrice: min + 2000, city: r.chance(0.5) ? r.pick(s.cities) : undefined };
    }
    case 'available':
      return { available: true, category: r.pick(categories), sort: 'popularity' };
    case 'popularity':
      return { sort: 'popularity', q: r.chance(0.5) ? r.pick(s.words) : undefined };
  }
}

function toQueryString(input: SearchInput): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) if (v !== undefined) params.set(k, String(v));
  return params.toString();
}
