import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { handlePaymentWebhook } from '../../../domain/payments/handle-payment-webhook.js';
import { ErrorResponse } from '../../schemas/common.js';
import { WebhookResponse } from './booking.schemas.js';

/**
 * The payment provider's webhook: the signature covers the exact bytes sent,
 * so this route keeps the raw body (its own JSON parser, scoped to this plugin)
 * and lets the provider adapter verify and parse it (Stripe: the SDK's
 * `constructEvent` with the `Stripe-Signature` header). Stripe's dashboard is
 * pointed at `/payments/stripe/webhook`; both paths reach the configured provider.
 */
export async function paymentWebhookRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  for (const url of ['/payments/webhook', '/payments/stripe/webhook']) {
    app.post(
      url,
      {
        schema: {
          tags: ['booking'],
          summary: 'Payment provider webhook (HMAC-signed; 5-minute replay window)',
          response: { 200: WebhookResponse, 400: ErrorResponse },
        },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const header = request.headers[deps.payments.signatureHeader];
        return handlePaymentWebhook(deps, raw, typeof header === 'string' ? header : undefined);
      },
    );
  }
}
