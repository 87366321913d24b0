import type { Deps } from '../../context.js';
import { holdSeatDetails } from '../../db/repositories/holds.repository.js';
import { offerMailFacts } from '../../db/repositories/waiting-list.repository.js';
import { publicUrlOf } from '../../domain/delivery/public-url.js';
import { formatVenueTime } from '../../domain/local-time.js';
import { formatMoney, money } from '../../domain/money.js';
import type { OutboxDelivery } from './index.js';
import { mailLocale } from './order-mail.handler.js';

/**
 * "Seats are held for you": the event in venue time, the seats, the price and
 * the deadline (venue time too). Keyed by the entry, so a redelivery rewrites
 * the same mail; an offer already bought, lapsed or declined is not mailed.
 */
export async function sendWaitlistOfferMail(deps: Deps, m: OutboxDelivery): Promise<void> {
  const facts = await offerMailFacts(deps.db, m.aggregateId);
  if (!facts?.email_cipher || facts.status !== 'offered') return;
  const to = await deps.pii.open(facts.email_cipher);
  const seats = await holdSeatDetails(deps.db, facts.hold_id);
  const at = (d: Date): string => formatVenueTime(d, facts.timezone, mailLocale);
  const total = formatMoney(money(facts.total_amount, facts.currency.trim()), mailLocale);
  const seatLines = seats.map(
    (s) => `  ${s.section_name}${s.row_label ? `, row ${s.row_label}` : ''}${s.number !== null ? `, seat ${s.number}` : ''}`,
  );
  const link = `${publicUrlOf(deps.config)}/checkout/${facts.hold_id}`;
  const text = [
    `Good news: seats for ${facts.title} came back, and they are held for you.`,
    '',
    `${facts.title} at ${facts.venue_name}, ${at(facts.starts_at)}`,
    `${seats.length === 1 ? 'Seat' : 'Seats'}:`,
    ...seatLines,
    `Price: ${total}`,
    '',
    `They are yours to buy until ${at(facts.expires_at)}. After that they pass to the next fan on the list.`,
    `Pay here: ${link}`,
    'Or release them from My bookings if you no longer want them.',
  ].join('\n');
  await deps.mailer.send({ to, subject: `Seats held for you: ${facts.title}`, text, key: `waitlist-offer-${facts.id}` });
}
