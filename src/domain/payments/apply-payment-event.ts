import type { Deps } from '../../context.js';
import { deferPaymentEvent, markPaymentEventProcessed, type PaymentEventRow } from '../../db/repositories/payment-events.repository.js';
import { findAttemptForIntent } from './find-attempt-for-intent.js';
import { eventRetryDelayMs } from './payment-attempt.rules.js';
import { settlePaymentAttempt } from './settle-payment-attempt.js';

/**
 * Event types that say something about an intent's money (simulated, then
 * Stripe's); others are stored and marked ignored. Stripe's
 * `amount_capturable_updated` is not among them: it arrives while the checkout
 * that authorised is about to capture, and settling it here would void that
 * authorisation; reconciliation voids one the checkout really left behind.
 */
const intentEvents = new Set([
  'payment.captured',
  'payment.failed',
  'payment.canceled',
  'payment.authorized',
  'payment.processing',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'payment_intent.requires_action',
]);

export type EventOutcome = 'applied' | 'ignored' | 'unmatched';

/**
 * Applies a stored provider event. The event only says "look at this intent":
 * its current state is read from the provider (webhooks arrive late, twice,
 * out of order) and settled like any other outcome. An intent we cannot match
 * to an attempt yet stays stored and is retried with backoff; a capture is
 * adopted for the order its metadata names.
 */
export async function applyPaymentEvent(deps: Deps, event: PaymentEventRow): Promise<EventOutcome> {
  const now = deps.clock.now();
  if (!event.intent_id || !intentEvents.has(event.type)) {
    await markPaymentEventProcessed(deps.db, event.provider, event.id, 'ignored', now);
    return 'ignored';
  }
  const intent = await deps.payments.retrieve(event.intent_id);
  const attempt = intent ? await findAttemptForIntent(deps, intent, { adopt: intent.status === 'captured' }) : null;
  if (!intent || !attempt) {
    deps.logger.warn({ eventId: event.id, intentId: event.intent_id }, 'payment event for an intent we cannot match yet; kept for retry');
    await deferPaymentEvent(deps.db, {
      provider: event.provider,
      id: event.id,
      outcome: 'unmatched',
      error: null,
      retryAt: new Date(now.getTime() + eventRetryDelayMs(event.attempts)),
    });
    return 'unmatched';
  }
  await settlePaymentAttempt(deps, attempt.id, intent, 'webhook');
  await markPaymentEventProcessed(deps.db, event.provider, event.id, 'applied', deps.clock.now());
  return 'applied';
}
