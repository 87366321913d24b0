import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { createEvent } from '../../../domain/catalogue/create-event.js';
import { getManagedEvent } from '../../../domain/catalogue/get-managed-event.js';
import { listManagedEvents } from '../../../domain/catalogue/list-managed-events.js';
import { publishEvent } from '../../../domain/catalogue/publish-event.js';
import { removeEvent } from '../../../domain/catalogue/remove-event.js';
import { updateEvent } from '../../../domain/catalogue/update-event.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import {
  AdminEventDetailReply,
  AdminEventListReply,
  AdminEventReply,
  CreateEventBody,
  ManagedEventsQuery,
  PatchEventBody,
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
        summary: 'Remove an event from the catalogue',
        description: 'Every order of the event is then cancelled and refunded by the worker (outbox topic event.removed).',
        params: IdParams,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await removeEvent(deps, principalOf(request), request.params.id) }),
  );
}
