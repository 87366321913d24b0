import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { OrderView } from '../orders/order.types.js';
import { dateTimeFormat } from '../intl-formats.js';
import { admittingTickets, bookingLink, seatLabel } from './ticket-lines.js';

/**
 * The booking as an RFC 5545 calendar: one VEVENT whose DTSTART is the venue's
 * wall-clock time with TZID, and the VTIMEZONE that TZID names (from
 * timezones-ical-library, which ships the IANA rules; nothing is fetched). A
 * zone the library does not know falls back to UTC ("Z"), still the right
 * instant. Events have no end time, so there is no DTEND: RFC 5545 §3.6.1 then
 * reads the event as starting at DTSTART.
 */
export function renderOrderCalendar(order: OrderView, publicUrl: string, now: Date): string {
  const zone = order.event.venue.timezone;
  const vtimezone = vtimezoneOf(zone);
  const start = new Date(order.event.startsAt);
  const link = bookingLink(publicUrl, order.id);
  const seats = admittingTickets(order)
    .map((t) => order.seats.find((s) => s.id === t.seatId))
    .filter((s) => s !== undefined)
    .map(seatLabel);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Boxoffice//Tickets//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(vtimezone ? vtimezone.split(/\r?\n/) : []),
    'BEGIN:VEVENT',
    `UID:order-${order.id}@boxoffice`,
    `DTSTAMP:${utcStamp(now)}`,
    vtimezone ? `DTSTART;TZID=${zone}:${wallClock(start, zone)}` : `DTSTART:${utcStamp(start)}`,
    `SUMMARY:${escapeText(order.event.title)}`,
    `LOCATION:${escapeText(`${order.event.venue.name}, ${order.event.venue.city}`)}`,
    `DESCRIPTION:${escapeText([`Order ${order.id}`, ...seats, link].join('\n'))}`,
    `URL:${link}`,
    order.status === 'confirmed' ? 'STATUS:CONFIRMED' : 'STATUS:CANCELLED',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

const vtimezones = new Map<string, string | null>();

/** The library rebuilds the block on every call (about 15 ms here); a zone's rules do not change while the process runs. */
function vtimezoneOf(zone: string): string | null {
  if (!vtimezones.has(zone)) {
    const block = tzlib_get_ical_block(zone);
    vtimezones.set(zone, Array.isArray(block) && block[0] ? block[0] : null);
  }
  return vtimezones.get(zone)!;
}

const utcStamp = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The instant as the zone's wall clock, in RFC 5545 local form (19980119T020000). */
function wallClock(d: Date, timeZone: string): string {
  const format = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped, newlines as \n. */
const escapeText = (s: string): string => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

const utf8 = new TextEncoder();

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}
