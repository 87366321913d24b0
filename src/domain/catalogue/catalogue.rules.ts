import type { EventStatus } from '../../db/schema.js';
import type { SaleStatus } from './catalogue.types.js';

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
