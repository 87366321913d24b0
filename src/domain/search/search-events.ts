import type { Deps } from '../../context.js';
import { lookUpWords, searchEvents as findEvents, type SummaryRow } from '../../db/repositories/search.repository.js';
import { saleStatus } from '../catalogue/catalogue.rules.js';
import { AppError } from '../errors.js';
import { money } from '../money.js';
import { splitQuery, toTsquery } from './query-words.js';
import { createCursorCodec, searchFingerprint, type CursorCodec } from './search-cursor.js';
import type { EventSummary, Keyset, SearchInput, SearchPage, SearchPlan, SearchSort } from './search.types.js';

export const defaultLimit = 20;
export const maxLimit = 100;

const codecs = new Map<string, CursorCodec>();
function codecFor(secret: string): CursorCodec {
  let codec = codecs.get(secret);
  if (!codec) {
    codec = createCursorCodec(secret);
    codecs.set(secret, codec);
  }
  return codec;
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid querystring: ${field} ${message}`, [{ field: `querystring/${field}`, message }]);
}

/**
 * Checks the rules that span fields, corrects misspelt words against the
 * vocabulary and turns the request into the plan the repository runs. Exposed
 * so the benchmark can time the very same SQL without the HTTP layer.
 */
export async function planSearch(deps: Pick<Deps, 'db' | 'clock' | 'config'>, input: SearchInput): Promise<{ plan: SearchPlan; fingerprint: string }> {
  const q = input.q?.trim() ?? '';
  const from = input.from ? new Date(input.from) : null;
  const to = input.to ? new Date(input.to) : null;
  if (from && Number.isNaN(from.getTime())) throw invalid('from', 'must be an ISO date-time');
  if (to && Number.isNaN(to.getTime())) throw invalid('to', 'must be an ISO date-time');
  if (from && to && from > to) throw invalid('to', 'must not be before from');
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
    minPrice,
    maxPrice,
    input.available ?? false,
    sort,
  ]);
  const after: Keyset | null = input.cursor ? codecFor(deps.config.secretKey).decode(input.cursor, sort, fingerprint) : null;

  const tsquery = toTsquery(await lookUpWords(deps.db, words));
  return {
    fingerprint,
    plan: {
      now: deps.clock.now(),
      tsquery,
      city,
      category: input.category ?? null,
      from,
      to,
      minPrice,
      maxPrice,
      available: input.available ?? false,
      sort,
      limit,
      after,
    },
  };
}

/** The public catalogue search: published, upcoming events, typo-tolerant text, filters, keyset pages. */
export async function searchEvents(deps: Pick<Deps, 'db' | 'clock' | 'config'>, input: SearchInput): Promise<SearchPage> {
  const { plan, fingerprint } = await planSearch(deps, input);
  const rows = await findEvents(deps.db, plan);
  const page = rows.slice(0, plan.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > plan.limit && last ? codecFor(deps.config.secretKey).encode(keysetOf(plan.sort, last), fingerprint) : null;
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
    venue: { id: r.venue_id, name: r.venue_name, city: r.city },
    performers: r.performers,
    fromPrice: r.min_price !== null && r.currency ? money(r.min_price, r.currency) : null,
    saleStatus: saleStatus(
      { status: r.status, startsAt: r.starts_at, saleStartsAt: r.sale_starts_at, saleEndsAt: r.sale_ends_at, seatsAvailable: r.seats_available },
      now,
    ),
    seatsAvailable: r.seats_available,
    popularity: r.popularity,
  };
}
