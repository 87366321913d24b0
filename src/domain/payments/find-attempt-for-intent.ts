import type { PaymentIntent } from '../../adapters/payments/payment-provider.js';
import type { Deps } from '../../context.js';
import { findOrder } from '../../db/repositories/orders.repository.js';
import { findAttemptByIntent, findAttemptByKey, insertAttempt, type AttemptRow } from '../../db/repositories/payments.repository.js';
import { attemptKeyOf } from './payment-attempt.rules.js';

/**
 * Our attempt behind a provider intent: by intent id, else by the key we put
 * in its metadata (the crash came before we stored the intent id). With
 * `adopt`, money that moved without any row (a build that charged before
 * recording) gets its attempt now, for the order named in the metadata, so
 * the state machine can confirm or refund it. Null: nothing of ours.
 */
export async function findAttemptForIntent(deps: Deps, intent: PaymentIntent, opts: { adopt: boolean }): Promise<AttemptRow | null> {
  const byIntent = await findAttemptByIntent(deps.db, deps.payments.name, intent.id);
  if (byIntent) return byIntent;
  const orderId = intent.metadata.orderId;
  const key = intent.metadata.paymentKey ?? (orderId ? attemptKeyOf(orderId) : undefined);
  if (!key) return null;
  const byKey = await findAttemptByKey(deps.db, key);
  if (byKey) return byKey.intent_id === null || byKey.intent_id === intent.id ? byKey : null;
  if (!opts.adopt || !orderId || !(await findOrder(deps.db, orderId))) return null;
  deps.logger.warn({ intentId: intent.id, orderId }, 'provider intent without a payment row: adopting it');
  return insertAttempt(deps.db, {
    orderId,
    provider: deps.payments.name,
    idempotencyKey: key,
    amount: intent.amount,
    currency: intent.currency,
    now: deps.clock.now(),
  });
}
