import type { Deps } from '../../context.js';
import { findLiveOrderOfHold } from '../../db/repositories/orders.repository.js';
import { latestAttemptOfOrder } from '../../db/repositories/payments.repository.js';
import { AppError } from '../errors.js';
import { openOrder } from '../orders/checkout-hold.js';
import type { OrderView } from '../orders/order.types.js';
import { findOrderView } from '../orders/order-view.js';
import { isFinal, voidKey } from './payment-attempt.rules.js';
import { orderFailedError } from './pay-order.js';
import { settlePaymentAttempt } from './settle-payment-attempt.js';

export interface HostedPaymentInput {
  holdId: string;
  userId: string;
  idempotencyKey: string;
}

export interface HostedPayment {
  order: OrderView;
  /** For the browser to confirm the intent with; null once the order no longer waits for it. */
  clientSecret: string | null;
}

/**
 * Checkout with the provider's own card form (Stripe's Payment Element): the
 * order and its attempt are committed first, exactly as for `checkoutHold`;
 * then the provider makes an intent under the attempt's key and metadata, and
 * only its client secret goes back to the browser, which confirms it with the
 * card — card data never reaches this server. The order is confirmed by the
 * provider's webhook, or by reconciliation's lookup if the webhook is lost.
 * A replay of the key answers the same intent.
 */
export async function startHostedPayment(deps: Deps, input: HostedPaymentInput): Promise<HostedPayment> {
  const createHostedIntent = deps.payments.createHostedIntent?.bind(deps.payments);
  if (!createHostedIntent) {
    throw new AppError('INVALID_STATE', 'This payment provider has no hosted card form; pay with POST /holds/{id}/checkout');
  }
  await settleEarlierTry(deps, input);
  const { order, attempt } = await openOrder(deps, input);
  if (order.status === 'pending_payment' && attempt && !isFinal(attempt.status)) {
    const { intent, clientSecret } = await createHostedIntent({
      amount: Number(attempt.amount),
      currency: attempt.currency.trim(),
      idempotencyKey: attempt.idempotency_key,
      metadata: { paymentKey: attempt.idempotency_key, orderId: order.id, eventId: order.event_id },
    });
    // Records the intent's id (the customer has yet to confirm: nothing else moves).
    await settlePaymentAttempt(deps, attempt.id, intent, 'checkout', attempt);
    const latest = (await findOrderView(deps.db, order.id))!;
    if (latest.order.status === 'pending_payment') return { order: latest.view, clientSecret };
  }
  const latest = (await findOrderView(deps.db, order.id))!;
  if (latest.order.status === 'failed') throw orderFailedError(latest.order.failure_reason);
  return { order: latest.view, clientSecret: null };
}

/**
 * A new try (a new key) after one the browser gave up on — declined, 3-D
 * Secure abandoned, another tab: the earlier intent is asked how it stands and
 * settled first; one still waiting for a card is cancelled, so it can never be
 * paid after the fact. A payment already under way keeps the order, and the
 * new try is refused as a conflict by `openOrder`.
 */
async function settleEarlierTry(deps: Deps, input: HostedPaymentInput): Promise<void> {
  const earlier = await findLiveOrderOfHold(deps.db, input.holdId);
  if (!earlier || earlier.status !== 'pending_payment' || earlier.user_id !== input.userId) return;
  if (earlier.idempotency_key === input.idempotencyKey) return;
  const attempt = await latestAttemptOfOrder(deps.db, earlier.id);
  if (!attempt || isFinal(attempt.status) || attempt.provider !== deps.payments.name) return;
  let intent = attempt.intent_id ? await deps.payments.retrieve(attempt.intent_id) : await deps.payments.findByKey(attempt.idempotency_key);
  if (!intent) return;
  if (intent.status === 'awaiting') intent = await deps.payments.cancel(intent.id, voidKey(attempt.idempotency_key));
  await settlePaymentAttempt(deps, attempt.id, intent, 'reconciliation');
}
