import type { EventStatus } from '../../db/schema.js';
import { isSaleCurrency } from '../money.js';
import type { PriceTierInput, SaleStatus, VenueInput } from './catalogue.types.js';

export interface SaleWindowFacts {
  status: EventStatus;
  startsAt: Date;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  seatsAvailable: number;
}

/**
 * Whether tickets can be bought at `now`. A published event with no explicit
 * window is on sale from publication until it starts.
 */
export function saleStatus(e: SaleWindowFacts, now: Date): SaleStatus {
  if (e.status !== 'published') return e.status;
  if (e.saleStartsAt && now < e.saleStartsAt) return 'scheduled';
  const end = e.saleEndsAt ?? e.startsAt;
  if (now >= end) return 'ended';
  if (e.seatsAvailable <= 0) return 'sold_out';
  return 'on_sale';
}

/** Sale is open (ignoring sell-out, which the inventory itself decides). */
export function saleOpen(e: Omit<SaleWindowFacts, 'seatsAvailable'>, now: Date): boolean {
  return saleStatus({ ...e, seatsAvailable: 1 }, now) === 'on_sale';
}

/** The next moment after `now` at which the sale status may change by time alone, or null when none is ahead. */
export function nextSaleBoundary(e: { saleStartsAt: string | null; saleEndsAt: string | null; startsAt: string }, now: Date): Date | null {
  const ahead = [e.saleStartsAt, e.saleEndsAt, e.startsAt]
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t))
    .filter((t) => t > now.getTime());
  return ahead.length > 0 ? new Date(Math.min(...ahead)) : null;
}

/** A field-level problem, reported in `details` of a VALIDATION_FAILED error. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Not any three letters: a code of ISO 4217 in circulation (src/domain/money.ts). */
const currencyProblem = (field: string): FieldProblem => ({ field, message: 'must be an ISO 4217 currency code such as EUR, GBP or USD' });

export const venueLimits = {
  sections: 100,
  rows: 200,
  seatsPerRow: 500,
  gaCapacity: 100_000,
  totalPlaces: 150_000,
} as const;

const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

const isTimeZone = (tz: string): boolean => timeZones.has(tz);

/** Rules on a venue beyond its schema: shape of sections, limits, timezone. */
export function venueProblems(input: VenueInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isTimeZone(input.timezone)) problems.push({ field: 'body/timezone', message: 'must be an IANA time zone such as Europe/Berlin' });
  if (input.currency !== undefined && !isSaleCurrency(input.currency)) problems.push(currencyProblem('body/currency'));
  if (input.sections.length < 1 || input.sections.length > venueLimits.sections) {
    problems.push({ field: 'body/sections', message: `must have 1..${venueLimits.sections} sections` });
  }
  const names = new Set<string>();
  let total = 0;
  input.sections.forEach((s, i) => {
    const at = `body/sections/${i}`;
    const key = s.name.trim().toLowerCase();
    if (names.has(key)) problems.push({ field: `${at}/name`, message: 'section names must be unique within a venue' });
    names.add(key);
    if (s.kind === 'seated') {
      if (s.capacity !== undefined) problems.push({ field: `${at}/capacity`, message: 'a seated section takes rows, not capacity' });
      const rows = s.rows ?? [];
      if (rows.length < 1 || rows.length > venueLimits.rows) {
        problems.push({ field: `${at}/rows`, message: `a seated section needs 1..${venueLimits.rows} rows` });
      }
      const labels = new Set<string>();
      rows.forEach((r, j) => {
        if (labels.has(r.label)) problems.push({ field: `${at}/rows/${j}/label`, message: 'row labels must be unique within a section' });
        labels.add(r.label);
        if (!Number.isInteger(r.seats) || r.seats < 1 || r.seats > venueLimits.seatsPerRow) {
          problems.push({ field: `${at}/rows/${j}/seats`, message: `must be 1..${venueLimits.seatsPerRow}` });
        }
        total += r.seats;
      });
    } else {
      if (s.rows !== undefined) problems.push({ field: `${at}/rows`, message: 'a general-admission section takes capacity, not rows' });
      const c = s.capacity;
      if (c === undefined || !Number.isInteger(c) || c < 1 || c > venueLimits.gaCapacity) {
        problems.push({ field: `${at}/capacity`, message: `a general-admission section needs a capacity of 1..${venueLimits.gaCapacity}` });
      }
      total += c ?? 0;
    }
  });
  if (total > venueLimits.totalPlaces) {
    problems.push({ field: 'body/sections', message: `a venue holds at most ${venueLimits.totalPlaces} places (got ${total})` });
  }
  return problems;
}

export interface EventTimes {
  startsAt: Date;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
}

/** The event starts in the future and its sale window, when given, ends by the start. */
export function eventTimeProblems(t: EventTimes, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (Number.isNaN(t.startsAt.getTime()) || t.startsAt <= now) problems.push({ field: 'body/startsAt', message: 'must be in the future' });
  if (t.saleStartsAt && t.saleEndsAt && t.saleStartsAt >= t.saleEndsAt) {
    problems.push({ field: 'body/saleEndsAt', message: 'must be after saleStartsAt' });
  }
  if (t.saleEndsAt && t.saleEndsAt > t.startsAt) problems.push({ field: 'body/saleEndsAt', message: 'must not be after startsAt' });
  if (t.saleStartsAt && t.saleStartsAt >= t.startsAt) problems.push({ field: 'body/saleStartsAt', message: 'must be before startsAt' });
  return problems;
}

/**
 * Tiers sell sections of the event's venue, each section in at most one tier,
 * all in one currency. `venueSectionIds` are the venue's sections.
 */
export function priceTierProblems(tiers: PriceTierInput[], venueSectionIds: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (tiers.length < 1) problems.push({ field: 'body/priceTiers', message: 'at least one price tier is needed' });
  const currencies = new Set(tiers.map((t) => t.price.currency));
  if (currencies.size > 1) problems.push({ field: 'body/priceTiers', message: 'all tiers must use one currency' });
  tiers.forEach((t, i) => {
    if (!isSaleCurrency(t.price.currency)) problems.push(currencyProblem(`body/priceTiers/${i}/price/currency`));
  });
  const names = new Set<string>();
  const taken = new Set<string>();
  tiers.forEach((t, i) => {
    if (names.has(t.name)) problems.push({ field: `body/priceTiers/${i}/name`, message: 'tier names must be unique' });
    names.add(t.name);
    if (t.sectionIds.length < 1) problems.push({ field: `body/priceTiers/${i}/sectionIds`, message: 'a tier needs at least one section' });
    t.sectionIds.forEach((id, j) => {
      const at = `body/priceTiers/${i}/sectionIds/${j}`;
      if (!venueSectionIds.has(id)) problems.push({ field: at, message: 'is not a section of this venue' });
      else if (taken.has(id)) problems.push({ field: at, message: 'a section can be in only one tier' });
      taken.add(id);
    });
  });
  return problems;
}

/** Performer names trimmed and deduplicated case-insensitively, first spelling and order kept. */
export function distinctPerformers(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

/** Drafts are not announced yet and removed events are gone: both are unknown to the public. */
export const isPublicStatus = (status: EventStatus): boolean => status === 'published' || status === 'cancelled';

/**
 * Packs one state digit ('0' free, '1' held, '2' sold) per seat into 2 bits,
 * four seats a byte, the first seat in the two most significant bits, and
 * base64-encodes the bytes. Unused bits of the last byte are 0.
 */
export function packSeatStates(digits: string): string {
  const bytes = Buffer.alloc(Math.ceil(digits.length / 4));
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i) - 48;
    bytes[i >> 2]! |= (code & 3) << (6 - 2 * (i & 3));
  }
  return bytes.toString('base64');
}

/** The inverse of packSeatStates, for clients in TypeScript and for tests. */
export function unpackSeatStates(data: string, seatCount: number): number[] {
  const bytes = Buffer.from(data, 'base64');
  return Array.from({ length: seatCount }, (_, i) => ((bytes[i >> 2] ?? 0) >> (6 - 2 * (i & 3))) & 3);
}
