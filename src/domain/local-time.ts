import { dateTimeFormat } from './intl-formats.js';

/**
 * How a moment is shown to people: always in the venue's IANA zone with the
 * zone's abbreviation, so a show reads the same in every browser and mail.
 * Pure and browser-safe: the web app and the mail handlers both use it.
 */
export function formatVenueTime(iso: string | Date, timeZone: string, locale?: string): string {
  return dateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Day of month and short month name in the venue's zone (date badges on cards). */
export function venueDay(iso: string, timeZone: string, locale?: string): { day: string; month: string } {
  const d = new Date(iso);
  return {
    day: dateTimeFormat(locale, { day: 'numeric', timeZone }).format(d),
    month: dateTimeFormat(locale, { month: 'short', timeZone }).format(d),
  };
}
