import type { Deps } from '../../context.js';
import { orderMailFacts } from '../../db/repositories/orders.repository.js';
import { composeConfirmationMail } from '../../domain/delivery/confirmation-mail.js';
import { ticketsPdfOf } from '../../domain/delivery/get-tickets-pdf.js';
import { renderOrderCalendar } from '../../domain/delivery/order-calendar.js';
import { publicUrlOf } from '../../domain/delivery/public-url.js';
import { formatVenueTime } from '../../domain/local-time.js';
import { formatMoney, money } from '../../domain/money.js';
import { findOrderView } from '../../domain/orders/order-view.js';
import { receiptFileOf } from '../../domain/receipts/get-receipt-pdf.js';

/** Mails carry no reader's locale: one English form, with the time in the venue's zone and its abbreviation. */
export const mailLocale = 'en-US';

/**
 * Confirmation, cancellation and "paid but the seats were gone" mails. The address is decrypted only here, at
 * send time, and never logged. The mail key is per order and kind, so a
 * redelivered outbox row rewrites the same message instead of sending another.
 */
export async function sendOrderMail(
  deps: Deps,
  orderId: string,
  kind: 'confirmed' | 'cancelled' | 'refunded',
  reason?: unknown,
): Promise<void> {
  const facts = await orderMailFacts(deps.db, orderId);
  if (!facts?.email_cipher) return; // erased account: nobody to write to
  const to = await deps.pii.open(facts.email_cipher);
  const total = formatMoney(money(facts.total_amount, facts.currency), mailLocale);
  const when = formatVenueTime(facts.starts_at, facts.timezone, mailLocale);
  if (kind === 'confirmed') return sendConfirmation(deps, orderId, to);
  let subject: string;
  let text: string;
  if (kind === 'refunded') {
    subject = `Your payment was refunded: ${facts.title}`;
    text = [
      `We could not complete your order ${orderId} for ${facts.title} (${when}):`,
      'the seats were no longer held for you when your payment went through.',
      `The ${total} you paid is being refunded to your card.`,
    ].join('\n');
  } else if (reason === 'event_cancelled') {
    subject = `Cancelled: ${facts.title}`;
    text = [
      `${facts.title} at ${facts.venue_name} (${when}) has been cancelled by the organizer.`,
      `Their reason: ${facts.cancel_reason ?? 'none given'}`,
      '',
      `Your order ${orderId} is cancelled and its tickets no longer work.`,
      `A full refund of ${total} is on its way to your card.`,
    ].join('\n');
  } else {
    subject = `Order cancelled: ${facts.title}`;
    text = [`Your order ${orderId} for ${facts.title} (${when}) was cancelled.`, `A refund of ${total} is on its way to your card.`].join(
      '\n',
    );
  }
  const creditNote = kind === 'cancelled' ? await receiptFileOf(deps, orderId, 'credit_note') : null;
  if (creditNote) text += `\n\nThe credit note ${creditNote.fileName.replace(/\.pdf$/, '')} is attached.`;
  await deps.mailer.send({
    to,
    subject,
    text,
    ...(creditNote
      ? { attachments: [{ filename: `credit-note-${creditNote.fileName}`, content: creditNote.pdf, contentType: 'application/pdf' }] }
      : {}),
    key: `order-${kind}-${orderId}`,
  });
}

/**
 * HTML and text, the tickets as a PDF and the event as an .ics file. Built from
 * the order as it stands at delivery: a retried row renders the same tickets.
 */
async function sendConfirmation(deps: Deps, orderId: string, to: string): Promise<void> {
  const found = await findOrderView(deps.db, orderId);
  if (!found) return;
  const order = found.view;
  // Cancelled before this row was delivered: its tickets are void and the cancellation mail says so.
  if (order.status !== 'confirmed') return;
  const publicUrl = publicUrlOf(deps.config);
  const mail = composeConfirmationMail(order, publicUrl);
  const [pdf, ics] = [await ticketsPdfOf(deps, order), renderOrderCalendar(order, publicUrl, deps.clock.now())];
  const receipt = await receiptFileOf(deps, orderId, 'receipt', order);
  await deps.mailer.send({
    to,
    ...mail,
    attachments: [
      { filename: `tickets-${orderId}.pdf`, content: pdf, contentType: 'application/pdf' },
      { filename: `event-${orderId}.ics`, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
      ...(receipt ? [{ filename: `receipt-${receipt.fileName}`, content: receipt.pdf, contentType: 'application/pdf' }] : []),
    ],
    key: `order-confirmed-${orderId}`,
  });
}
