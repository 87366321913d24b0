import type { Deps } from '../../context.js';
import { cancelEventOrders } from '../../domain/orders/cancel-event-orders.js';
import { refundOrder } from '../../domain/payments/refund-order.js';
import { withCacheInvalidation } from './cache.handler.js';
import { sendOrderMail } from './order-mail.handler.js';

export interface OutboxDelivery {
  id: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Every handler may run more than once for one row (at-least-once delivery) and must be idempotent. */
export type OutboxHandler = (deps: Deps, message: OutboxDelivery) => Promise<void>;

/**
 * Topics this worker delivers. Rows of other topics stay pending for the
 * component that handles them, so adding a topic here later loses nothing.
 * Removal and cancellation also drop the cached reads of the event; other
 * catalogue topics are delivered in a pass of their own (cache.handler.ts).
 */
export const outboxHandlers: Record<string, OutboxHandler> = withCacheInvalidation({
  'order.confirmed': (deps, m) => sendOrderMail(deps, m.aggregateId, 'confirmed'),
  'order.cancelled': (deps, m) => sendOrderMail(deps, m.aggregateId, 'cancelled'),
  'order.refunded': (deps, m) => sendOrderMail(deps, m.aggregateId, 'refunded'),
  'payment.refund': async (deps, m) => {
    const { reason, paymentId } = m.payload;
    await refundOrder(
      deps,
      m.aggregateId,
      typeof reason === 'string' ? reason : 'refund',
      typeof paymentId === 'string' ? paymentId : undefined,
    );
  },
  'event.removed': async (deps, m) => {
    await cancelEventOrders(deps, m.aggregateId, 'event_removed');
  },
  'event.cancelled': async (deps, m) => {
    await cancelEventOrders(deps, m.aggregateId, 'event_cancelled');
  },
});
