import { formatMoney as formatMoneyIn } from '../../../src/domain/money.js';
import type { Money } from '../api/types.js';
import { formatVenueTime, venueDay } from '../../../src/domain/local-time.js';

/**
 * The one place the web app turns times and amounts into text: the viewer's own
 * locale (undefined = the browser's), times always in the venue's IANA zone with
 * its abbreviation (src/domain/local-time.ts, shared with the mails).
 */
export const formatMoney = (m: Money): string => formatMoneyIn(m);

/** A moment as the venue's clock shows it, e.g. "Fri, Jan 15, 2027, 8:00 PM EST". */
export const formatDate = (iso: string, timeZone: string): string => formatVenueTime(iso, timeZone);

/** Basis points as a percentage in the viewer's locale (2000 → "20%"). */
export const formatPercent = (basisPoints: number): string =>
  new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 3 }).format(basisPoints / 10_000);

export const formatDay = (iso: string, timeZone: string): { day: string; month: string } => venueDay(iso, timeZone);

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h ${pad(m)}m`;
  if (h > 0) return `${h}:${pad(m)}:${pad(s)}`;
  return `${m}:${pad(s)}`;
}

export const saleStatusLabel: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Not yet on sale',
  on_sale: 'On sale',
  sold_out: 'Sold out',
  ended: 'Sale ended',
  cancelled: 'Cancelled',
  removed: 'Removed',
};

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
