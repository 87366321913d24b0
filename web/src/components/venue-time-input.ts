import { TZDate } from '@date-fns/tz';

/**
 * `datetime-local` fields hold a wall-clock time with no zone. The editor reads
 * and writes them as the venue's clock, whatever zone the organizer's browser is in.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the venue's wall clock, "YYYY-MM-DDTHH:mm" ('' for none). */
export function toVenueInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const t = new TZDate(iso, timeZone);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The venue's wall-clock time "YYYY-MM-DDTHH:mm" as a UTC ISO instant (undefined for an empty field). */
export function fromVenueInput(value: FormDataEntryValue | null, timeZone: string): string | undefined {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, timeZone).getTime()).toISOString();
}
