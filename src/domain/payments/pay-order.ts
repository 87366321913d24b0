import type { Deps } from '../../context.js';
import type { OrderRow } from '../../db/repositories/orders.repository.js';
import { recordPayment } from '../../db/repositories/payments.repository.js';
import type { PaymentStatus } from '../../db/schema.js';
import { AppError } from '../errors.js';
import { confirmOrder } from '../orders/confirm-order.js';
import { failOrder } from '../orders/fail-order.js';

const statusOf: Record<string, PaymentStatus> = {
  processing: 'processing',
  authorized: 'authorized',
  captured: 'captured',
  declined: 'failed',
};

/**
 * Charges an order through the provider. Every provider call uses a key
 * derived from the order, so replays (parallel or later) reach the same intent
 * and never charge twice; each step below is safe to repeat.
 */
export async function payOrder(deps: Deps, order: OrderRow, token: string): Promise<void> {
  const now = deps.clock.now();
  const amount = Number(order.total_amount);
  const currency = order.currency.trim();
  const authorizeKey = `order-${order.id}-authorize`;
  let intent = await deps.payments.authorize({ amount, currency, token, idempotencyKey: authorizeKey, metadata: { orderId: order.id } });
  await recordPayment(deps.db, {
    orderId: order.id,
    provider: deps.payments.name,
    intentId: intent.id,
    idempotencyKey: authorizeKey,
    status: statusOf[intent.status]!,
    amount,
    currency,
    declineCode: intent.declineCode,
    now,
  });
  if (intent.status === 'declined') {
    await failOrder(deps, order.id, intent.id, intent.declineCode ?? 'declined');
    throw declined(intent.declineCode);
  }
  // Delayed payments confirm later through the provider's webhook.
  if (intent.status === 'processing') return;
  if (intent.status === 'authorized') intent = await deps.payments.capture(intent.id, `order-${order.id}-capture`);
  if (intent.status !== 'captured') return;
  const outcome = await confirmOrder(deps, order.id, intent.id);
  if (outcome === 'refunded') throw new AppError('HOLD_EXPIRED', 'The hold expired before the payment completed; the payment was refunded');
}

export const declined = (code: string | null): AppError =>
  new AppError('PAYMENT_DECLINED', 'The payment was declined; your seats stay held until the hold expires', {
    declineCode: code ?? 'declined',
  });
