import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { extendHold } from '../../../domain/holds/extend-hold.js';
import { holdSeats } from '../../../domain/holds/hold-seats.js';
import { listMyHolds } from '../../../domain/holds/list-my-holds.js';
import { releaseHold } from '../../../domain/holds/release-hold.js';
import { checkoutHold } from '../../../domain/orders/checkout-hold.js';
import { AppError } from '../../../domain/errors.js';
import { claimedSessionOf, principalOf, requireAuth, requireClaimedSession } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse, IdParams } from '../../schemas/common.js';
import { Type } from 'typebox';
import {
  bookingErrors,
  CheckoutBody,
  checkoutErrors,
  EmptyBody,
  HoldBody,
  HoldResponse,
  IdempotencyHeaders,
  MyHoldsResponse,
  missingIdempotencyKey,
  OrderResponse,
  QueueTokenHeaders,
} from './booking.schemas.js';

const common = { tags: ['booking'], security: [{ bearer: [] }] };

export async function holdRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me/holds',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: "The caller's live holds, from any tab or device, to resume the checkout or release the seats",
        response: { 200: MyHoldsResponse, ...bookingErrors },
      },
    },
    async (request, reply) => {
      // Private and changing by the second: never from a cache.
      void reply.header('cache-control', 'private, no-store');
      return { items: await listMyHolds(deps, principalOf(request).userId) };
    },
  );

  app.post(
    '/events/:id/holds',
    {
      // The session is checked by the hold statement itself: one round trip per hold, not two.
      config: { ...rateLimitConfig(deps.config, 'holds'), sessionCheckedByStatement: true },
      preValidation: requireClaimedSession,
      schema: {
        ...common,
        summary: 'Hold seats (specific seats all-or-nothing, or best available in a section)',
        params: IdParams,
        headers: QueueTokenHeaders,
        body: HoldBody,
        response: { 201: HoldResponse, ...bookingErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = claimedSessionOf(request);
      const hold = await holdSeats(deps, {
        eventId: request.params.id,
        userId,
        sessionId,
        request: request.body,
        queueToken: request.headers['x-queue-token'],
      });
      return reply.status(201).send({ hold });
    },
  );

  app.post(
    '/holds/:id/extend',
    {
      config: rateLimitConfig(deps.config, 'holds'),
      preValidation: requireAuth,
      schema: {
        ...common,
        summary:
          'More time on a hold: its expiry moves by the event’s hold time, within the allowed extensions and total hold time; prices stay locked',
        params: IdParams,
        body: EmptyBody,
        response: { 200: HoldResponse, ...bookingErrors, 410: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => ({ hold: await extendHold(deps, { holdId: request.params.id, userId: principalOf(request).userId }) }),
  );

  app.delete(
    '/holds/:id',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: 'Release a hold: its seats are free at once',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...bookingErrors },
      },
    },
    async (request, reply) => {
      await releaseHold(deps, { holdId: request.params.id, userId: principalOf(request).userId });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/holds/:id/checkout',
    {
      // The checkout's first statement checks the session, as the hold's does.
      config: { ...rateLimitConfig(deps.config, 'checkout'), sessionCheckedByStatement: true },
      preValidation: requireClaimedSession,
      // The header is required by the schema (and the OpenAPI document); its absence keeps its own error code.
      schemaErrorFormatter: (errors, context) =>
        context === 'headers' && errors.some((e) => e.keyword === 'required' && e.params.missingProperty === 'idempotency-key')
          ? new AppError('IDEMPOTENCY_KEY_REQUIRED', missingIdempotencyKey)
          : // Any other failure keeps Fastify's shape: the error handler words it from its validation list.
            new Error(`${context} failed validation`),
      schema: {
        ...common,
        summary: 'Pay for a hold; replaying the same Idempotency-Key returns the same order',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: OrderResponse, ...checkoutErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = claimedSessionOf(request);
      const order = await checkoutHold(deps, {
        holdId: request.params.id,
        userId,
        sessionId,
        idempotencyKey: request.headers['idempotency-key'],
        paymentToken: request.body.payment.token,
      });
      return reply.status(201).send({ order });
    },
  );
}
