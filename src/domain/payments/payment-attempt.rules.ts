import type { IntentStatus } from '../../adapters/payments/payment-provider.js';
import type { PaymentStatus } from '../../db/schema.js';

/**
 * The payment attempt state machine: the one table of allowed moves. A
 * `payments` row is written as 'created' (key, amount, currency, order) and
 * committed before the provider is called; after that only the provider's
 * word moves it — its API reply, its webhook, or reconciliation's lookup by
 * key — and all three go through `nextAttemptStatus`.
 *
 *   created ──► processing ──► authorized ──► captured
 *      │            │              │
 *      └────────────┴──────────────┴──► failed      voided ◄── authorized
 *
 * 'failed' can still become 'authorized' or 'captured': a call we gave up on
 * (the provider had no record of the key) may land afterwards, and the
 * provider's record wins; the order is then no longer payable, so the money
 * is voided or refunded.
 */
export type AttemptStatus = PaymentStatus;

/** What the provider says about an attempt: an intent status, or 'missing' when it never saw the key. */
export type ProviderObservation = IntentStatus | 'missing';

export const attemptTransitions: Readonly<Record<AttemptStatus, readonly AttemptStatus[]>> = {
  created: ['processing', 'authorized', 'captured', 'failed', 'voided'],
  processing: ['authorized', 'captured', 'failed', 'voided'],
  authorized: ['captured', 'failed', 'voided'],
  captured: [],
  failed: ['authorized', 'captured'],
  voided: [],
};

/** Which status each provider observation asks for ('awaiting' asks for none: the customer has yet to confirm). */
const wanted: Record<Exclude<ProviderObservation, 'awaiting'>, AttemptStatus> = {
  missing: 'failed',
  processing: 'processing',
  authorized: 'authorized',
  captured: 'captured',
  declined: 'failed',
  canceled: 'voided',
};

export const isFinal = (s: AttemptStatus): boolean => s === 'captured' || s === 'failed' || s === 'voided';

export function canTransition(from: AttemptStatus, to: AttemptStatus): boolean {
  return attemptTransitions[from].includes(to);
}

/**
 * The status an attempt moves to on this observation, or null when it stays
 * (already there, or the move is not allowed — e.g. a late 'declined' after
 * a capture). 'missing' only fails an attempt the provider never answered.
 */
export function nextAttemptStatus(from: AttemptStatus, observed: ProviderObservation): AttemptStatus | null {
  if (observed === 'awaiting' || (observed === 'missing' && from !== 'created')) return null;
  const to = wanted[observed];
  return to !== from && canTransition(from, to) ? to : null;
}

/** Why the order failed, kept in orders.failure_reason; a replayed checkout answers from it. */
export function orderFailureReason(status: 'failed' | 'voided', declineCode: string | null, observed: ProviderObservation): string {
  if (status === 'voided') return 'payment_voided';
  if (observed === 'missing') return 'payment_not_received';
  return `declined:${declineCode ?? 'declined'}`;
}

/** Who reports an outcome; it decides what an open authorisation becomes. */
export type OutcomeSource = 'checkout' | 'webhook' | 'reconciliation';

/**
 * An authorisation is captured only by the checkout that asked for it while
 * its order still waits for the money. Anyone else finding one open (the
 * checkout crashed, or the order failed meanwhile) voids it: the customer saw
 * no confirmation, and an open authorisation holds their money.
 */
export function settleAuthorization(source: OutcomeSource, orderPending: boolean): 'capture' | 'void' {
  return source === 'checkout' && orderPending ? 'capture' : 'void';
}

/**
 * An intent still awaiting the customer (Stripe's Payment Element: card form,
 * 3-D Secure) is left to them while the order waits and its hold lives. Once
 * the hold is gone (or the order no longer waits), anyone but the checkout
 * cancels it, so it can never be paid after the fact; a payment that slipped
 * through first is captured and refunded like any late capture.
 */
export function settleAwaiting(source: OutcomeSource, orderPending: boolean, holdLive: boolean): 'wait' | 'cancel' {
  return source !== 'checkout' && (!orderPending || !holdLive) ? 'cancel' : 'wait';
}

/** Reconciliation leaves an attempt alone this long after its last change (the checkout may still be at it). */
export const reconcileGraceMs = 30_000;
/** A hold with a payment in flight lives at least this long from the attempt's start (and each later check). */
export const paymentHoldWindowMs = 3 * 60_000;
/** …but never more than this beyond its own expiry. */
export const maxHoldExtensionMs = 10 * 60_000;
/** `verify`: an order still pending_payment, or an attempt or authorisation still open, after this is stuck. */
export const stuckPaymentMs = 15 * 60_000;

/** A stored provider event we cannot apply yet is retried after 15 s, 30 s, 1 min … at most every 10 minutes. */
export const eventRetryDelayMs = (attempts: number): number => Math.min(10 * 60_000, 15_000 * 2 ** Math.min(attempts, 10));

/** The expiry a hold needs while a payment is in flight (the repository caps it at the hold's extension limit). */
export const holdNeededUntil = (now: Date): Date => new Date(now.getTime() + paymentHoldWindowMs);

/** An order's attempt key (the provider's idempotency key for its authorisation; also in the intent's metadata). */
export const attemptKeyOf = (orderId: string): string => `order-${orderId}-authorize`;
/** Idempotency keys of the later provider calls of one attempt, derived from the attempt's own key. */
export const captureKey = (attemptKey: string): string => `${attemptKey}:capture`;
export const voidKey = (attemptKey: string): string => `${attemptKey}:void`;
export const refundKey = (paymentId: string): string => `refund-${paymentId}`;
