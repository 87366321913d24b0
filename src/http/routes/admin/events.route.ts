import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { createEvent } from '../../../domain/catalogue/create-event.js';
import { getManagedEvent } from '../../../domain/catalogue/get-managed-event.js';
import { listManagedEvents } from '../../../domain/catalogue/list-managed-events.js';
import { publishEvent } from '../../../domain/catalogue/publish-event.js';
import { removeEvent } from '../../../domain/catalogue/remove-event.js';
import { updateEvent } from '../../../domain/catalogue/update-event.js';
import { cancelEvent } from '../../../domain/catalogue/cancel-event.js';
import { duplicateEvent } from '../../../domain/catalogue/duplicate-event.js';
import { rescheduleEvent } from '../../../domain/catalogue/reschedule-event.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import {
  AdminEventDetailReply,
  AdminEventListReply,
  AdminEventReply,
  CancelEventBody,
  CreateEventBody,
  DuplicateEventBody,
  ManagedEventsQuery,
  PatchEventBody,
  RescheduleBody,
} from './admin.schemas.js';

const admin = { tags: ['admin'], security: [{ bearer: [] }] };

export async function adminEventRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const preValidation = requireRole('organizer', 'admin');

  app.post(
    '/admin/events',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Create a draft event',
        description:
          'Without saleStartsAt the sale opens when the event is published. Each section of the venue may be in at most one tier.',
        body: CreateEventBody,
        response: { 201: AdminEventReply, ...errorReplies },
      },
    },
    async (request, reply) => reply.status(201).send({ event: await createEvent(deps, principalOf(request), request.body) }),
  );

  app.get(
    '/admin/events',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'My events (all events for admins), newest first',
        description: 'q narrows to titles containing it; status to one status. nextCursor continues the same filters only.',
        querystring: ManagedEventsQuery,
        response: { 200: AdminEventListReply, ...errorReplies },
      },
    },
    async (request) => listManagedEvents(deps, principalOf(request), request.query),
  );

  app.get(
    '/admin/events/:id',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'An event in any status, with sales counts',
        params: IdParams,
        response: { 200: AdminEventDetailReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await getManagedEvent(deps, principalOf(request), request.params.id) }),
  );

  app.patch(
    '/admin/events/:id',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Change an event',
        description:
          'priceTiers can change only while the event is a draft (else 422 INVALID_STATE). saleStartsAt/saleEndsAt null clears them.',
        params: IdParams,
        body: PatchEventBody,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await updateEvent(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/admin/events/:id/publish',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Publish a draft: listed, on sale per its window, inventory created',
        params: IdParams,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await publishEvent(deps, principalOf(request), request.params.id) }),
  );

  app.delete(
    '/admin/events/:id',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Remove a draft',
        description:
          'Only a draft can be removed (its status becomes `removed`; the organizer still finds it under that filter). A published event, sold or not, answers 422 INVALID_STATE: cancel it instead (POST /admin/events/{id}/cancel), so its page stays with the reason and every ticket holder is refunded and told why. A cancelled or already removed event also answers 422.',
        params: IdParams,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await removeEvent(deps, principalOf(request), request.params.id) }),
  );

  app.post(
    '/admin/events/:id/reschedule',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Move a published event to a new start',
        description:
          'Every ticket holder is mailed the old and new venue-local time, and those who booked before may cancel for a full refund ' +
          'within refundWindowDays (default 14) even after the cancellation cut-off. A draft is changed with PATCH instead.',
        params: IdParams,
        body: RescheduleBody,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await rescheduleEvent(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/admin/events/:id/cancel',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Cancel a published event with a reason',
        description:
          'The event page stays up with the reason; sales stop at once; the worker cancels and refunds every order (outbox topic ' +
          'event.cancelled, resumable) and mails each holder why.',
        params: IdParams,
        body: CancelEventBody,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await cancelEvent(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/admin/events/:id/duplicate',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Copy an event as a new draft on another date',
        description: 'Venue, description, performers, tiers, prices, limits and policies are copied; the sale window is not.',
        params: IdParams,
        body: DuplicateEventBody,
        response: { 201: AdminEventReply, ...errorReplies },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ event: await duplicateEvent(deps, principalOf(request), request.params.id, request.body) }),
  );
}
