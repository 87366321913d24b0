import type { Deps } from '../../context.js';
import { orderMailFacts } from '../../db/repositories/orders.repository.js';
import { formatVenueTime } from '../../domain/local-time.js';
import { formatMoney, money } from '../../domain/money.js';
import type { OutboxDelivery } from './index.js';
import { mailLocale } from './order-mail.handler.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Tells one ticket holder that their event moved or was renamed, with the old
 * and new venue-local times. One outbox row per order (written with the
 * change), so the key of the row is the key of the mail: a redelivery rewrites
 * it. A booking cancelled since is not written to.
 */
export async function sendEventChangeMail(deps: Deps, m: OutboxDelivery): Promise<void> {
  const facts = await orderMailFacts(deps.db, m.aggregateId);
  if (!facts?.email_cipher || facts.status !== 'confirmed') return;
  const to = await deps.pii.open(facts.email_cipher);
  const at = (iso: string): string => formatVenueTime(iso, facts.timezone, mailLocale);
  let subject: string;
  let lines: string[];
  if (m.payload.change === 'rescheduled') {
    const total = formatMoney(money(facts.total_amount, facts.currency), mailLocale);
    subject = `New date: ${facts.title}`;
    lines = [
      `${facts.title} at ${facts.venue_name} has moved.`,
      '',
      `Was: ${at(text(m.payload.from))}`,
      `Now: ${at(text(m.payload.to))}`,
      '',
      `Your tickets (order ${facts.id}) stay valid for the new date.`,
      `If it does not suit you, cancel the booking under My bookings until ${at(text(m.payload.refundUntil))}`,
      `for a full refund of ${total}, whatever the usual cancellation cut-off.`,
    ];
  } else {
    subject = `Renamed: ${text(m.payload.from)} is now ${facts.title}`;
    lines = [
      `The event you have tickets for, ${text(m.payload.from)}, is now called ${facts.title}.`,
      `Nothing else changed: ${facts.venue_name}, ${at(facts.starts_at.toISOString())}.`,
      `Your tickets (order ${facts.id}) stay valid.`,
    ];
  }
  await deps.mailer.send({ to, subject, text: lines.join('\n'), key: `event-change-${m.id}` });
}
