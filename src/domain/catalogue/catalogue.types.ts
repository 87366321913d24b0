import type { Money } from '../money.js';

/** Every status an event can be in; organizers filter their list by one. */
export const eventStatuses = ['draft', 'published', 'cancelled', 'removed'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const categories = [
  'concert',
  'theatre',
  'sports',
  'comedy',
  'festival',
  'family',
  'classical',
  'opera',
  'dance',
  'conference',
] as const;
export type Category = (typeof categories)[number];

export type SectionKind = 'seated' | 'ga';

/** Seat numbers (1..n) in a row that are wheelchair-accessible or have a restricted view. */
export interface RowFlags {
  accessible?: number[];
  restricted?: number[];
}

/**
 * Where a block sits on the drawing: its front row centred on (x, y), seats
 * numbered along the `rotation` (degrees clockwise from +x), rows going back
 * to the left of that direction. Without it, sections line up facing a stage.
 */
export interface SectionPlacement {
  x: number;
  y: number;
  rotation: number;
}

/** The field of play or a stage as a box in seat-map coordinates (seat widths). */
export interface VenueField {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SectionInput {
  name: string;
  kind: SectionKind;
  /** Seated sections: rows front to back, seats numbered 1..n within a row. */
  rows?: ({ label: string; seats: number } & RowFlags)[];
  /** General-admission areas: number of places. */
  capacity?: number;
  placement?: SectionPlacement;
}

export interface VenueInput {
  name: string;
  city: string;
  address: string;
  timezone: string;
  /** ISO 4217 code its events are priced in by default (EUR when not given). */
  currency?: string;
  /** Sales tax included in all-in prices, basis points (2000 = 20 %; 0 when not given). */
  taxRateBasisPoints?: number;
  latitude?: number;
  longitude?: number;
  sections: SectionInput[];
  field?: VenueField;
}

export interface PriceTierInput {
  name: string;
  price: Money;
  sectionIds: string[];
}

export interface EventInput {
  title: string;
  description: string;
  category: Category;
  venueId: string;
  startsAt: string;
  performers: string[];
  priceTiers: PriceTierInput[];
  perUserLimit?: number;
  holdSeconds?: number;
  cancellationCutoffHours?: number;
  transferCutoffMinutes?: number;
  saleStartsAt?: string;
  saleEndsAt?: string;
  pricing?: unknown;
  queue?: unknown;
}

/** What a buyer sees about whether tickets can be bought right now. */
export type SaleStatus = 'draft' | 'scheduled' | 'on_sale' | 'sold_out' | 'ended' | 'cancelled' | 'removed';

export interface SectionSummary {
  id: string;
  name: string;
  kind: SectionKind;
  capacity: number;
}

/** Where an event is: its clock (IANA zone) and its money (currency, tax included in prices). */
export interface VenuePlace {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  currency: string;
  taxRateBasisPoints: number;
}

export interface Venue extends VenuePlace {
  sections: SectionSummary[];
}

export interface VenueListItem {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  currency: string;
  taxRateBasisPoints: number;
  capacity: number;
  createdAt: string;
}

export interface PriceTier {
  id: string;
  name: string;
  /** The current all-in price: what a hold made now locks. */
  price: Money;
  sectionIds: string[];
  /** Demand pricing: the range the price moves in; null when the tier's price is fixed. */
  demand: { floor: Money; cap: Money; paused: boolean } | null;
  /** Sold only with an access code that unlocks it; never listed publicly (migration 0029). */
  hidden: boolean;
}

/** The public view of an event (API.md `Event`). */
export interface EventView {
  id: string;
  title: string;
  description: string;
  category: string;
  startsAt: string;
  status: string;
  saleStatus: SaleStatus;
  saleStartsAt: string | null;
  /** Holds from here until saleStartsAt need an access code; null: no presale. */
  presaleStartsAt: string | null;
  saleEndsAt: string | null;
  perUserLimit: number;
  holdSeconds: number;
  cancellationCutoffHours: number;
  /** Ticket transfers between fans close this many minutes before the start. */
  transferCutoffMinutes: number;
  venue: VenuePlace;
  /** ISO 4217: what its tiers are priced in (the venue's currency until tiers say otherwise). */
  currency: string;
  performers: { id: string; name: string }[];
  priceTiers: PriceTier[];
  capacity: number;
  seatsAvailable: number;
  /** A cancelled event stays listed with why; buyers and holders read it on the page. */
  cancelReason: string | null;
  cancelledAt: string | null;
  /** The start before the latest reschedule. */
  rescheduledFrom: string | null;
}

/** What organizers see: any status, plus bookkeeping. */
export interface AdminEventView extends EventView {
  organizerId: string;
  publishedAt: string | null;
  createdAt: string;
  inventoryReady: boolean;
}

export interface SalesSummary {
  sold: number;
  held: number;
  available: number;
}

export interface SeatMapSeat {
  id: string;
  row: string;
  number: number;
  x: number;
  y: number;
  tierId: string;
}

export interface SeatMapSection {
  id: string;
  name: string;
  kind: SectionKind;
  capacity: number;
  tierId: string;
  bounds?: { minX: number; minY: number; maxX: number; maxY: number };
  seats: SeatMapSeat[];
}

export interface SeatMap {
  eventId: string;
  venue: { id: string; name: string };
  sections: SeatMapSection[];
}

/**
 * Seat rows as columns: row i of a section has `count[i]` seats numbered from
 * `firstNumber[i]`, ids from `firstId[i]` upward, seat k at
 * (x[i] + k dx[i], y[i] + k dy[i]). A row that breaks any of these runs is
 * listed in full under `irregular` instead.
 */
export interface SeatLayoutRows {
  label: string[];
  count: number[];
  firstNumber: number[];
  firstId: string[];
  x: number[];
  y: number[];
  dx: number[];
  dy: number[];
}

/** Only the columns that break their run are listed, seat by seat. */
export interface IrregularRow {
  row: number;
  ids?: string[];
  numbers?: number[];
  xs?: number[];
  ys?: number[];
}

export interface SeatLayoutSection {
  id: string;
  name: string;
  kind: SectionKind;
  capacity: number;
  tierId: string;
  rows: SeatLayoutRows;
  irregular: IrregularRow[];
  /** Positions of flagged seats within the section's seats (0 = first seat of the first row). */
  accessible: number[];
  restricted: number[];
}

/** The seat map by rows and ranges: what GET /seatmap says with one object per seat, in a few per cent of the bytes. */
export interface SeatLayout {
  eventId: string;
  version: string;
  venue: { id: string; name: string };
  field: VenueField | null;
  seatCount: number;
  sections: SeatLayoutSection[];
}

export interface Availability {
  version: string;
  sections: Record<string, { available: number; total: number }>;
  seats: { encoding: '2bit-base64'; data: string };
  /** Each tier's current all-in price in minor units (demand pricing moves it; the stream carries the change). */
  prices: Record<string, number>;
}

/** Fields an organizer may change; priceTiers only while the event is a draft. */
export type EventPatch = Partial<
  Pick<
    EventInput,
    | 'title'
    | 'description'
    | 'category'
    | 'startsAt'
    | 'performers'
    | 'perUserLimit'
    | 'holdSeconds'
    | 'cancellationCutoffHours'
    | 'transferCutoffMinutes'
    | 'priceTiers'
  >
> & { saleStartsAt?: string | null; saleEndsAt?: string | null };

export type { Page } from '../page-cursor.js';
