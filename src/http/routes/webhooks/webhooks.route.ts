import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { createWebhookSubscription } from '../../../domain/webhooks/create-webhook-subscription.js';
import { deleteWebhookSubscription } from '../../../domain/webhooks/delete-webhook-subscription.js';
import { listWebhookDeliveries } from '../../../domain/webhooks/list-webhook-deliveries.js';
import { listWebhookSubscriptions } from '../../../domain/webhooks/list-webhook-subscriptions.js';
import { redeliverWebhook } from '../../../domain/webhooks/redeliver-webhook.js';
import { sendWebhookTest } from '../../../domain/webhooks/send-webhook-test.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import {
  CreatedWebhookReply,
  CreateWebhookBody,
  WebhookDeliveriesReply,
  WebhookDeliveryReply,
  WebhookListReply,
} from './webhooks.schemas.js';

const admin = { tags: ['webhooks'], security: [{ bearer: [] }] };
const { 400: e400, 401: e401, 403: e403 } = errorReplies;

/** Organizer webhooks: an organizer manages their own subscriptions, an admin everyone's (docs/webhooks.md). */
export async function webhookRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const organizerOrAdmin = requireRole('organizer', 'admin');

  app.get(
    '/admin/webhooks',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'My webhook subscriptions (everyone’s for admins)',
        response: { 200: WebhookListReply, 401: e401, 403: e403 },
      },
    },
    async (request) => ({ subscriptions: await listWebhookSubscriptions(deps, principalOf(request)) }),
  );

  app.post(
    '/admin/webhooks',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Subscribe an endpoint to my orders and events',
        description: 'The reply carries the signing secret, shown only this once. At most 20 subscriptions (422 LIMIT_EXCEEDED).',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookReply, 400: e400, 401: e401, 403: e403, 422: errorReplies[422] },
      },
    },
    async (request, reply) => reply.status(201).send(await createWebhookSubscription(deps, principalOf(request), request.body)),
  );

  app.delete(
    '/admin/webhooks/:id',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Remove a subscription and its delivery log',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errorReplies },
      },
    },
    async (request, reply) => {
      await deleteWebhookSubscription(deps, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/admin/webhooks/:id/test',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Send a signed ping now; the reply is its delivery with the outcome',
        params: IdParams,
        response: { 200: WebhookDeliveryReply, ...errorReplies },
      },
    },
    async (request) => ({ delivery: await sendWebhookTest(deps, principalOf(request), request.params.id) }),
  );

  app.get(
    '/admin/webhooks/:id/deliveries',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: "A subscription's delivery log, latest 100 first: status, response code, duration, attempts, next retry",
        params: IdParams,
        response: { 200: WebhookDeliveriesReply, ...errorReplies },
      },
    },
    async (request) => ({ deliveries: await listWebhookDeliveries(deps, principalOf(request), request.params.id) }),
  );

  app.post(
    '/admin/webhooks/deliveries/:id/redeliver',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Send a delivery again (same body, fresh signature) as a new delivery, tried at once',
        params: IdParams,
        response: { 200: WebhookDeliveryReply, ...errorReplies },
      },
    },
    async (request) => ({ delivery: await redeliverWebhook(deps, principalOf(request), request.params.id) }),
  );
}
