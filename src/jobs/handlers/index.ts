import type { Deps } from '../../context.js';
import { cancelEventOrders } from '../../domain/orders/cancel-event-orders.js';
import { refundOrder } from '../../domain/payments/refund-order.js';
import { withCacheInvalidation } from './cache.handler.js';
import { sendEventChangeMail } from './event-change-mail.handler.js';
import { sendOrderMail } from './order-mail.handler.js';
import { sendWaitlistOfferMail } from './waitlist-offer-mail.handler.js';
import { withWebhookFanOut } from './webhook.handler.js';

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
 * Topics organizers subscribe to also fan out to their webhooks (webhook.handler.ts).
 */
export const outboxHandlers: Record<string, OutboxHandler> = withWebhookFanOut(
  withCacheInvalidation({
    'order.confirmed': (deps, m) => sendOrderMail(deps, m.aggregateId, 'confirmed'),
    'order.cancelled': (deps, m) => sendOrderMail(deps, m.aggregateId, 'cancelled', m.payload.reason),
    'order.event-changed': sendEventChangeMail,
    'order.refunded': (deps, m) => sendOrderMail(deps, m.aggregateId, 'refunded'),
    'waitlist.offered': sendWaitlistOfferMail,
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
    // Only organizers' webhooks consume these (the fan-out in front of every subscribable topic).
    'ticket.transferred': async () => undefined,
    'ticket.checked_in': async () => undefined,
    'ticket.voided': async () => undefined,
    'ticket.reissued': async () => undefined,
  }),
);
