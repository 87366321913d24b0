import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { AppError } from '../../../domain/errors.js';
import { startHostedPayment } from '../../../domain/payments/start-hosted-payment.js';
import { principalOf, requireAuth } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse, IdParams } from '../../schemas/common.js';
import {
  checkoutErrors,
  EmptyBody,
  HostedPaymentResponse,
  IdempotencyHeaders,
  missingIdempotencyKey,
  PaymentConfigResponse,
} from './booking.schemas.js';

/** Which card form the web app shows: the simulated provider's test cards, or Stripe's Payment Element. */
export async function hostedPaymentRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const stripe = deps.config.stripe;
  app.get(
    '/payments/config',
    {
      schema: {
        tags: ['booking'],
        summary: 'The payment provider the checkout uses, and what the browser needs to show its card form',
        response: { 200: PaymentConfigResponse },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return stripe ? { provider: 'stripe' as const, publishableKey: stripe.publishableKey } : { provider: 'simulated' as const };
    },
  );

  app.post(
    '/holds/:id/payment-intent',
    {
      config: rateLimitConfig(deps.config, 'checkout'),
      // Authentication before validation: an anonymous caller gets 401 before its input is read (as on main's routes).
      preValidation: requireAuth,
      schemaErrorFormatter: (errors, context) =>
        context === 'headers' && errors.some((e) => e.keyword === 'required' && e.params.missingProperty === 'idempotency-key')
          ? new AppError('IDEMPOTENCY_KEY_REQUIRED', missingIdempotencyKey)
          : new Error(`${context} failed validation`),
      schema: {
        tags: ['booking'],
        security: [{ bearer: [] }],
        summary:
          "Start paying for a hold with the provider's card form (Stripe): the order and its payment attempt are recorded, the intent made, and its client secret returned; the order confirms on the provider's webhook",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: EmptyBody,
        response: { 201: HostedPaymentResponse, ...checkoutErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const started = await startHostedPayment(deps, {
        holdId: request.params.id,
        userId: principalOf(request).userId,
        idempotencyKey: request.headers['idempotency-key'],
      });
      // The client secret lets its holder confirm this intent: never cached anywhere.
      void reply.header('cache-control', 'private, no-store');
      return reply.status(201).send(started);
    },
  );
}
