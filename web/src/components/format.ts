import type { Money } from '../api/types.js';

// One fixed locale keeps prices and dates identical for every visitor and in screenshots.
const locale = 'en-GB';

export function formatMoney(m: Money): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amount / 100);
}

export function formatDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

export function formatDay(iso: string, timeZone?: string): { day: string; month: string } {
  const d = new Date(iso);
  return {
    day: new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone }).format(d),
    month: new Intl.DateTimeFormat(locale, { month: 'short', timeZone }).format(d),
  };
}

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
