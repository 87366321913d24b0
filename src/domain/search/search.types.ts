import type { Category, SaleStatus } from '../catalogue/catalogue.types.js';
import type { Money } from '../money.js';

export const searchSorts = ['relevance', 'date', 'popularity'] as const;
/** Page sizes: the default, and the most one page may ask for. */
export const defaultLimit = 20;
export const maxLimit = 100;
export type SearchSort = (typeof searchSorts)[number];

/** What a client may ask the catalogue search (already schema-checked by the route). */
export interface SearchInput {
  q?: string;
  city?: string;
  category?: Category;
  /** ISO date-times bounding starts_at. */
  from?: string;
  to?: string;
  /** Calendar days (YYYY-MM-DD) as each event's venue reads them, inclusive: a show at 23:30 local is on its local day. */
  fromDate?: string;
  toDate?: string;
  /**
   * Price filters are in the event's own currency, never converted: with `currency`
   * only events priced in it match and the bounds are its minor units; without it
   * the bounds apply to each event's minor units as they are.
   */
  currency?: string;
  /** Minor units; an event matches when its price range overlaps [minPrice, maxPrice]. */
  minPrice?: number;
  maxPrice?: number;
  available?: boolean;
  sort?: SearchSort;
  limit?: number;
  cursor?: string;
}

export interface EventSummary {
  id: string;
  title: string;
  category: string;
  startsAt: string;
  venue: { id: string; name: string; city: string; timezone: string };
  performers: string[];
  fromPrice: Money | null;
  saleStatus: SaleStatus;
  seatsAvailable: number;
  popularity: number;
}

export interface SearchPage {
  items: EventSummary[];
  nextCursor: string | null;
}

/**
 * Where the previous page ended, in the order of the sort: relevance pages on
 * (rank desc, id), date on (starts_at, id), popularity on (popularity desc, id).
 * Ranks are float4 values carried as their exact text; starts_at as epoch
 * microseconds so no precision is lost between pages.
 */
export type Keyset =
  | { sort: 'relevance'; rank: string; id: string }
  | { sort: 'date'; startsUs: string; id: string }
  | { sort: 'popularity'; popularity: number; id: string };

/** A query word as typed, and the vocabulary words it may stand for. */
export interface ResolvedWord {
  word: string;
  prefix: boolean;
  alternatives: string[];
}

/** The validated, resolved search the repository runs. */
export interface SearchPlan {
  now: Date;
  /** to_tsquery text in the 'boxoffice' configuration; null without q. */
  tsquery: string | null;
  city: string | null;
  category: string | null;
  from: Date | null;
  to: Date | null;
  /** Venue-local calendar days (YYYY-MM-DD); `from`/`to` then also carry instants that bound them in any zone. */
  fromDate: string | null;
  toDate: string | null;
  currency: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  available: boolean;
  sort: SearchSort;
  limit: number;
  after: Keyset | null;
  /**
   * How the matches are read (search.repository.ts): 'walk' follows the
   * sort's own index (popularity for relevance) for at most `walkBudget` rows
   * and stops at a page; 'all' fetches every match (through the GIN index for
   * text) and orders them. Listings without text walk; text queries walk
   * only when the planner's statistics say the words are common.
   */
  strategy: 'all' | 'walk';
  /** 'walk' only: the most index rows one walk reads before giving up. */
  walkBudget: number;
}
