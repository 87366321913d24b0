import type { Deps } from '../../context.js';
import { WebhookSignatureError } from '../../adapters/payments/payment-provider.js';
import { findPaymentByIntent } from '../../db/repositories/payments.repository.js';
import { AppError } from '../errors.js';
import { confirmOrder } from '../orders/confirm-order.js';
import { failOrder } from '../orders/fail-order.js';

/**
 * A provider webhook: verified, then applied idempotently (confirming an order
 * twice, or failing a failed one, changes nothing), so provider retries and
 * duplicates are harmless.
 */
export async function handlePaymentWebhook(deps: Deps, rawBody: string, signature: string | undefined): Promise<{ received: true }> {
  let event;
  try {
    event = deps.payments.parseWebhook(rawBody, signature);
  } catch (e) {
    if (e instanceof WebhookSignatureError) throw new AppError('VALIDATION_FAILED', `Webhook rejected: ${e.message}`);
    throw e;
  }
  const payment = await findPaymentByIntent(deps.db, deps.payments.name, event.intentId);
  // Unknown intent: nothing of ours (or recorded later by the checkout, which then confirms itself).
  if (!payment) return { received: true };
  if (event.type === 'payment.captured') await confirmOrder(deps, payment.order_id, event.intentId);
  else await failOrder(deps, payment.order_id, event.intentId, 'failed_async');
  return { received: true };
}
