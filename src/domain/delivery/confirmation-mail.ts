import type { OrderView } from '../orders/order.types.js';
import { admittingTickets, amountText, bookingLink, formatPercent, seatLabel, venueStart } from './ticket-lines.js';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The order confirmation in two parts that say the same: plain text for any
 * client, HTML for the rest. Every time is the venue's with its zone, every
 * amount carries its ISO 4217 code; the tickets travel as attachments.
 */
export function composeConfirmationMail(order: OrderView, publicUrl: string): ComposedMail {
  const when = venueStart(order);
  const zone = order.event.venue.timezone;
  const link = bookingLink(publicUrl, order.id);
  const seatOf = new Map(order.seats.map((s) => [s.id, s]));
  const seats = admittingTickets(order).map((t) => {
    const seat = seatOf.get(t.seatId);
    return { label: seat ? seatLabel(seat) : 'Admission', price: seat ? amountText(seat.price) : '', serial: t.serial };
  });
  const b = order.breakdown;
  const money: [string, string][] = [
    ...(b.discount ? [['Access code discount', `−${amountText(b.discount)}`] as [string, string]] : []),
    ['Price before tax', amountText(b.beforeTax)],
    [`Tax (${formatPercent(b.taxRateBasisPoints)})`, amountText(b.tax)],
    ['Booking fee', amountText(b.bookingFee)],
    ['Total paid', amountText(order.total)],
  ];
  const subject = `Your tickets for ${order.event.title}`;
  const text = [
    `Thank you for your order.`,
    '',
    `Order number: ${order.id}`,
    `Event: ${order.event.title}`,
    `Venue: ${order.event.venue.name}, ${order.event.venue.city}`,
    `When: ${when} (venue time, ${zone})`,
    '',
    'Seats:',
    ...seats.map((s) => `  ${s.label} — ${s.price} — ticket ${s.serial}`),
    '',
    ...money.map(([k, v]) => `${k}: ${v}`),
    '',
    `Your booking: ${link}`,
    'Your tickets are attached as a PDF (one page per ticket, show the QR code at the door),',
    'and the event as a calendar file (.ics).',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:auto">
<h1 style="font-size:20px">You're going to ${e(order.event.title)}</h1>
<p>Order number: <strong>${e(order.id)}</strong></p>
<p><strong>${e(order.event.title)}</strong><br>${e(order.event.venue.name)}, ${e(order.event.venue.city)}<br>
<time datetime="${e(order.event.startsAt)}">${e(when)}</time> <small>(venue time, ${e(zone)})</small></p>
<h2 style="font-size:16px">Seats</h2>
<ul>${seats.map((s) => `<li>${e(s.label)} — ${e(s.price)} <small>ticket <code>${e(s.serial)}</code></small></li>`).join('')}</ul>
<table style="border-collapse:collapse">${money
    .map(
      ([k, v], i) =>
        `<tr${i === money.length - 1 ? ' style="font-weight:bold"' : ''}><td style="padding:2px 12px 2px 0">${e(k)}</td><td style="text-align:right">${e(v)}</td></tr>`,
    )
    .join('')}</table>
<p><a href="${e(link)}">View your booking</a></p>
<p style="color:#555;font-size:13px">Your tickets are attached as a PDF (one page per ticket: show the QR code at the door), and the event as a calendar file (.ics).</p>
</body></html>
`;
  return { subject, text, html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
