import type { Deps } from '../../context.js';
import { orderMailFacts } from '../../db/repositories/orders.repository.js';
import { ticketsOfOrders } from '../../db/repositories/tickets.repository.js';
import { formatVenueTime } from '../../domain/local-time.js';
import { formatMoney, money } from '../../domain/money.js';

/** Mails carry no reader's locale: one English form, with the time in the venue's zone and its abbreviation. */
const mailLocale = 'en-US';

/**
 * Confirmation, cancellation and "paid but the seats were gone" mails. The address is decrypted only here, at
 * send time, and never logged. The mail key is per order and kind, so a
 * redelivered outbox row rewrites the same message instead of sending another.
 */
export async function sendOrderMail(deps: Deps, orderId: string, kind: 'confirmed' | 'cancelled' | 'refunded'): Promise<void> {
  const facts = await orderMailFacts(deps.db, orderId);
  if (!facts?.email_cipher) return; // erased account: nobody to write to
  const to = deps.pii.decrypt(facts.email_cipher);
  const total = formatMoney(money(facts.total_amount, facts.currency), mailLocale);
  const when = formatVenueTime(facts.starts_at, facts.timezone, mailLocale);
  let subject: string;
  let text: string;
  if (kind === 'confirmed') {
    const tickets = await ticketsOfOrders(deps.db, [orderId]);
    subject = `Your tickets for ${facts.title}`;
    text = [
      `Thank you for your order ${orderId}.`,
      `${facts.title} — ${facts.venue_name}, ${when}`,
      `Total paid: ${total}`,
      '',
      'Tickets:',
      ...tickets.map((t) => `  ${t.serial}`),
    ].join('\n');
  } else if (kind === 'refunded') {
    subject = `Your payment was refunded: ${facts.title}`;
    text = [
      `We could not complete your order ${orderId} for ${facts.title} (${when}):`,
      'the seats were no longer held for you when your payment went through.',
      `The ${total} you paid is being refunded to your card.`,
    ].join('\n');
  } else {
    subject = `Order cancelled: ${facts.title}`;
    text = [`Your order ${orderId} for ${facts.title} (${when}) was cancelled.`, `A refund of ${total} is on its way to your card.`].join(
      '\n',
    );
  }
  await deps.mailer.send({ to, subject, text, key: `order-${kind}-${orderId}` });
}
