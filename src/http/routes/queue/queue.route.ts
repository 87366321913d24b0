import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getQueueOverview } from '../../../domain/queue/get-queue-overview.js';
import { getQueueStatus } from '../../../domain/queue/get-queue-status.js';
import { joinQueue } from '../../../domain/queue/join-queue.js';
import { statusPollSeconds } from '../../../domain/queue/queue.rules.js';
import { setQueuePolicy } from '../../../domain/queue/set-queue-policy.js';
import { claimedSessionOf, principalOf, requireClaimedSession, requireRole } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { IdParams } from '../../schemas/common.js';
import { cacheControl, represent, sendRepresentation, serializerFor } from '../../cache/representation.js';
import {
  JoinBody,
  JoinReply,
  queueErrors,
  QueueOverviewReply,
  QueuePolicyBody,
  QueuePolicyReply,
  QueueStatusSchema,
} from './queue.schemas.js';

export async function queueRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.post(
    '/events/:id/queue',
    {
      preValidation: requireClaimedSession,
      // Joining again only returns the same place; the limit keeps bots from turning that into load. The place is the
      // account's own and buys nothing (the hold checks the session), so a good signature suffices (docs/security.md).
      config: { ...rateLimitConfig(deps.config, 'queueJoins'), signatureSuffices: true },
      schema: {
        tags: ['waiting room'],
        security: [{ bearer: [] }],
        summary: 'Join the waiting room (one position per account; joining again returns the same token)',
        params: IdParams,
        body: JoinBody,
        response: { 200: JoinReply, ...queueErrors },
      },
    },
    async (request) => joinQueue(deps, { eventId: request.params.id, userId: claimedSessionOf(request).userId }),
  );

  app.get(
    '/events/:id/queue/status',
    {
      config: { anonymous: true },
      schema: {
        tags: ['waiting room'],
        summary: 'How far the waiting room is served; the same for everyone, cacheable for a second (ETag/If-None-Match)',
        params: IdParams,
        response: { 200: QueueStatusSchema, 304: Type.Null(), ...queueErrors },
      },
    },
    async (request, reply) => {
      const status = await getQueueStatus(deps, request.params.id);
      // The same for everyone too: how soon a waiting page should ask again.
      void reply.header('retry-after', String(statusPollSeconds(status)));
      return sendRepresentation(request, reply, represent(status, serializerFor(reply)), cacheControl.queueStatus);
    },
  );

  app.get(
    '/admin/events/:id/queue',
    {
      preValidation: requireRole('organizer', 'admin'),
      schema: {
        tags: ['waiting room', 'admin'],
        security: [{ bearer: [] }],
        summary: "The event's waiting room for its organizer: on/off/auto, people waiting, admission rate, admitted, seats sold",
        params: IdParams,
        response: { 200: QueueOverviewReply, ...queueErrors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      return { queue: await getQueueOverview(deps, principalOf(request), request.params.id) };
    },
  );

  app.put(
    '/admin/events/:id/queue',
    {
      preValidation: requireRole('organizer', 'admin'),
      schema: {
        tags: ['waiting room', 'admin'],
        security: [{ bearer: [] }],
        summary: "Switch the event's waiting room on or off and tune its admission",
        params: IdParams,
        body: QueuePolicyBody,
        response: { 200: QueuePolicyReply, ...queueErrors },
      },
    },
    async (request) => ({ queue: await setQueuePolicy(deps, principalOf(request), request.params.id, request.body) }),
  );
}
