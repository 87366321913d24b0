import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { cancelOrder } from '../../../domain/orders/cancel-order.js';
import { getOrder } from '../../../domain/orders/get-order.js';
import { listMyOrders } from '../../../domain/orders/list-my-orders.js';
import { isAdmin, principalOf, requireAuth } from '../../plugins/auth.js';
import { IdParams } from '../../schemas/common.js';
import { bookingErrors, EmptyBody, OrderListResponse, OrderResponse, OrdersQuery } from './booking.schemas.js';

const common = { tags: ['booking'], security: [{ bearer: [] }] };

export async function orderRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me/orders',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: "The caller's bookings with seats and tickets, newest first",
        querystring: OrdersQuery,
        response: { 200: OrderListResponse, ...bookingErrors },
      },
    },
    async (request) =>
      listMyOrders(deps, { userId: principalOf(request).userId, limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );

  app.get(
    '/orders/:id',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: 'One order (its owner or an admin)',
        params: IdParams,
        response: { 200: OrderResponse, ...bookingErrors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return { order: await getOrder(deps, { orderId: request.params.id, userId: p.userId, admin: isAdmin(p) }) };
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: "Cancel an order before the event's cancellation cut-off: refund, void tickets, free seats",
        params: IdParams,
        body: EmptyBody,
        response: { 200: OrderResponse, ...bookingErrors },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const order = await cancelOrder(deps, {
        orderId: request.params.id,
        actor: { userId: p.userId, admin: isAdmin(p) },
        reason: 'cancelled_by_customer',
        enforceCutoff: true,
      });
      return { order };
    },
  );
}
