import type { Deps } from '../../context.js';
import { LRUCache } from 'lru-cache';
import {
  broadCandidates,
  estimateMatches,
  lookUpWords,
  searchEvents as findEvents,
  searchStatistics,
  type SearchStatistics,
  type SummaryRow,
} from '../../db/repositories/search.repository.js';
import { saleStatus } from '../catalogue/catalogue.rules.js';
import { AppError } from '../errors.js';
import { money } from '../money.js';
import { splitQuery, toTsquery } from './query-words.js';
import { decodeSearchCursor, searchFingerprint } from './search-cursor.js';
import {
  defaultLimit,
  maxLimit,
  type EventSummary,
  type Keyset,
  type SearchInput,
  type SearchPage,
  type SearchPlan,
  type SearchSort,
} from './search.types.js';

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid querystring: ${field} ${message}`, [{ field: `querystring/${field}`, message }]);
}

/** Every zone in use lies between UTC−12 and UTC+14. */
const earliestOffsetMs = 14 * 3_600_000;
const latestOffsetMs = 12 * 3_600_000;

/**
 * Instants that bound venue-local days in any zone, intersected with the
 * caller's own instants: they keep the starts_at indexes useful, and the exact
 * local-day test in SQL (search.repository.ts) does the rest.
 */
function localDayBounds(from: Date | null, to: Date | null, fromDate: string | null, toDate: string | null) {
  const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const lo = fromDate ? new Date(dayStart(fromDate) - earliestOffsetMs) : null;
  const hi = toDate ? new Date(dayStart(toDate) + 86_400_000 + latestOffsetMs) : null;
  return {
    from: lo && (!from || lo > from) ? lo : from,
    to: hi && (!to || hi < to) ? hi : to,
  };
}

/**
 * Checks the rules that span fields, corrects misspelt words against the
 * vocabulary and turns the request into the plan the repository runs. Exposed
 * so the benchmark can time the very same SQL without the HTTP layer.
 */
export async function planSearch(
  deps: Pick<Deps, 'db' | 'clock' | 'cursors' | 'local'>,
  input: SearchInput,
): Promise<{ plan: SearchPlan; fingerprint: string }> {
  const q = input.q?.trim() ?? '';
  const from = input.from ? new Date(input.from) : null;
  const to = input.to ? new Date(input.to) : null;
  if (from && Number.isNaN(from.getTime())) throw invalid('from', 'must be an ISO date-time');
  if (to && Number.isNaN(to.getTime())) throw invalid('to', 'must be an ISO date-time');
  if (from && to && from > to) throw invalid('to', 'must not be before from');
  const fromDate = input.fromDate ?? null;
  const toDate = input.toDate ?? null;
  if (fromDate && toDate && fromDate > toDate) throw invalid('toDate', 'must not be before fromDate');
  const minPrice = input.minPrice ?? null;
  const maxPrice = input.maxPrice ?? null;
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) throw invalid('maxPrice', 'must not be below minPrice');
  const limit = input.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw invalid('limit', `must be 1..${maxLimit}`);

  const words = splitQuery(q);
  const sort: SearchSort = input.sort ?? (words.length > 0 ? 'relevance' : 'date');
  if (sort === 'relevance' && words.length === 0) throw invalid('sort', 'relevance needs a search text (q)');

  const city = input.city?.trim() || null;
  const fingerprint = searchFingerprint([
    q.toLowerCase(),
    city?.toLowerCase() ?? null,
    input.category ?? null,
    from?.toISOString() ?? null,
    to?.toISOString() ?? null,
    fromDate,
    toDate,
    minPrice,
    maxPrice,
    input.currency ?? null,
    input.available ?? false,
    sort,
  ]);
  const after: Keyset | null = input.cursor ? decodeSearchCursor(deps.cursors, input.cursor, sort, fingerprint) : null;

  const tsquery = toTsquery(await lookUpWords(deps.db, words));
  const plan: SearchPlan = {
    now: deps.clock.now(),
    tsquery,
    city,
    category: input.category ?? null,
    ...localDayBounds(from, to, fromDate, toDate),
    fromDate,
    toDate,
    currency: input.currency ?? null,
    minPrice,
    maxPrice,
    available: input.available ?? false,
    sort,
    limit,
    after,
    strategy: 'all',
    walkBudget: 0,
  };
  // Listings without text always walk their order's index first: most filters keep many events, and a rare
  // combination (a city with a price band it has no events in) stops at the budget instead of reading the city.
  Object.assign(plan, tsquery === null ? { strategy: 'walk', walkBudget: filterWalk } : await chooseStrategy(deps, plan));
  return { fingerprint, plan };
}

/**
 * Reading every text match costs about one heap page per match; walking the
 * sort's index costs about one page per row walked, i.e. the rows wanted
 * divided by the share of events that match. Walk when that is the smaller:
 * matches² > wanted × events. Both figures are the planner's statistics
 * (tsvector lexeme frequencies, row counts), so deciding costs one EXPLAIN.
 * The estimate can be far off (a prefix the statistics do not know is
 * guessed at 0.5 %), so a walk reads at most three times the rows it should
 * need and then gives way to reading every match (search.repository.ts).
 */
async function chooseStrategy(deps: Pick<Deps, 'db' | 'local'>, plan: SearchPlan): Promise<Pick<SearchPlan, 'strategy' | 'walkBudget'>> {
  const all = { strategy: 'all', walkBudget: 0 } as const;
  const stats = await statistics(deps);
  // Without statistics there is nothing to go on: reading all matches is never catastrophic.
  if (stats.events <= 0 || stats.minLexemeFrequency === null) return all;
  const matches = await estimateMatches(deps.db, plan);
  // At or below the rarest lexeme ANALYZE kept, the planner is guessing (0.5 % for an unknown prefix).
  if (matches <= stats.minLexemeFrequency * stats.events) return all;
  const wanted = plan.sort === 'relevance' ? broadCandidates : plan.limit + 1;
  if (matches * matches <= wanted * stats.events) return all;
  return { strategy: 'walk', walkBudget: Math.ceil(Math.min(maxWalk, Math.max(minWalk, (3 * wanted * stats.events) / matches))) };
}

const minWalk = 1_000;
const maxWalk = 20_000;
/** Near √(page × 1,000,000): past it, reading the few matching events beats walking on. */
const filterWalk = 4_000;

/** The planner's statistics as last read, one copy per Deps (src/context.ts). */
export type StatisticsCache = LRUCache<'statistics', SearchStatistics>;

/** Statistics move slowly: read once a minute per process (wall time), and at once while there are none. */
export function createStatisticsCache(): StatisticsCache {
  return new LRUCache({ max: 1, ttl: 60_000 });
}

async function statistics(deps: Pick<Deps, 'db' | 'local'>): Promise<SearchStatistics> {
  const memo = deps.local.searchStatistics.get('statistics');
  if (memo) return memo;
  const stats = await searchStatistics(deps.db);
  if (stats.events > 0 && stats.minLexemeFrequency !== null) deps.local.searchStatistics.set('statistics', stats);
  return stats;
}

/** The public catalogue search: published, upcoming events, typo-tolerant text, filters, keyset pages. */
export async function searchEvents(deps: Pick<Deps, 'db' | 'clock' | 'cursors' | 'local'>, input: SearchInput): Promise<SearchPage> {
  const { plan, fingerprint } = await planSearch(deps, input);
  const rows = await findEvents(deps.db, plan);
  const page = rows.slice(0, plan.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > plan.limit && last ? deps.cursors.encode(fingerprint, keysetOf(plan.sort, last)) : null;
  return { items: page.map((r) => toSummary(r, plan.now)), nextCursor };
}

function keysetOf(sort: SearchSort, row: SummaryRow): Keyset {
  switch (sort) {
    case 'relevance':
      return { sort, rank: row.rank ?? '0', id: row.id };
    case 'date':
      return { sort, startsUs: row.starts_us, id: row.id };
    case 'popularity':
      return { sort, popularity: row.popularity, id: row.id };
  }
}

function toSummary(r: SummaryRow, now: Date): EventSummary {
  return {
    id: r.id,
    title: r.title,
    category: r.category,
    startsAt: r.starts_at.toISOString(),
    venue: { id: r.venue_id, name: r.venue_name, city: r.city, timezone: r.timezone },
    performers: r.performers,
    fromPrice: r.min_price !== null && r.currency ? money(r.min_price, r.currency) : null,
    saleStatus: saleStatus(
      {
        status: r.status,
        startsAt: r.starts_at,
        saleStartsAt: r.sale_starts_at,
        saleEndsAt: r.sale_ends_at,
        seatsAvailable: r.seats_available,
      },
      now,
    ),
    seatsAvailable: r.seats_available,
    popularity: r.popularity,
  };
}
