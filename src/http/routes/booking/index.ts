import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { holdRoutes } from './holds.route.js';
import { orderDocumentRoutes } from './order-documents.route.js';
import { hostedPaymentRoutes } from './hosted-payment.route.js';
import { orderRoutes } from './orders.route.js';
import { paymentWebhookRoutes } from './payments-webhook.route.js';

export async function bookingRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(holdRoutes, opts);
  await app.register(orderRoutes, opts);
  await app.register(orderDocumentRoutes, opts);
  await app.register(hostedPaymentRoutes, opts);
  await app.register(paymentWebhookRoutes, opts);
}
