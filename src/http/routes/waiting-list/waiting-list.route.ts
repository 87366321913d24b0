import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { joinWaitingList } from '../../../domain/waiting-list/join-waiting-list.js';
import { leaveWaitingList } from '../../../domain/waiting-list/leave-waiting-list.js';
import {
  clearWaitingList,
  listWaitingList,
  reorderWaitingList,
  setWaitingListOfferWindow,
} from '../../../domain/waiting-list/manage-waiting-list.js';
import { myWaitingListEntry } from '../../../domain/waiting-list/my-waiting-list-entry.js';
import { principalOf, requireAuth, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import { EmptyBody } from '../booking/booking.schemas.js';
import {
  ClearQuery,
  ClearReply,
  JoinWaitingListBody,
  ManagedListQuery,
  ManagedListReply,
  MyWaitingListReply,
  OfferWindowBody,
  OfferWindowReply,
  ReorderBody,
  WaitingListEntryReply,
} from './waiting-list.schemas.js';

const fan = { tags: ['waiting-list'], security: [{ bearer: [] }] };
const admin = { tags: ['admin'], security: [{ bearer: [] }] };

export async function waitingListRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.post(
    '/events/:id/waiting-list',
    {
      preValidation: requireAuth,
      schema: {
        ...fan,
        summary: 'Join the waiting list of a sold-out event (or tier)',
        description:
          'When seats come back they are offered in list order as a hold for the fan, for the event’s offer window, with an e-mail. 409 when enough seats are still free (details.reason not_sold_out) or the fan is already waiting (already_waiting).',
        params: IdParams,
        body: JoinWaitingListBody,
        response: { 201: WaitingListEntryReply, ...errorReplies },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        entry: await joinWaitingList(deps, { eventId: request.params.id, userId: principalOf(request).userId, ...request.body }),
      }),
  );

  app.get(
    '/events/:id/waiting-list',
    {
      preValidation: requireAuth,
      schema: {
        ...fan,
        summary: "The caller's live entry: place in the list, or the seats offered",
        params: IdParams,
        response: { 200: MyWaitingListReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      return { entry: await myWaitingListEntry(deps, { eventId: request.params.id, userId: principalOf(request).userId }) };
    },
  );

  app.delete(
    '/events/:id/waiting-list',
    {
      preValidation: requireAuth,
      schema: {
        ...fan,
        summary: 'Leave the waiting list; with seats offered, this declines them and they pass to the next fan',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errorReplies },
      },
    },
    async (request, reply) => {
      await leaveWaitingList(deps, { eventId: request.params.id, userId: principalOf(request).userId });
      return reply.status(204).send(null);
    },
  );

  const organizer = requireRole('organizer', 'admin');

  app.get(
    '/admin/events/:id/waiting-list',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'The event’s waiting list: offers, then waiting fans in offer order (no personal data)',
        params: IdParams,
        querystring: ManagedListQuery,
        response: { 200: ManagedListReply, ...errorReplies },
      },
    },
    async (request) => listWaitingList(deps, principalOf(request), request.params.id, request.query),
  );

  app.post(
    '/admin/events/:id/waiting-list/reorder',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'Move a waiting fan to a place in the list',
        params: IdParams,
        body: ReorderBody,
        response: { 204: Type.Null(), ...errorReplies },
      },
    },
    async (request, reply) => {
      await reorderWaitingList(deps, principalOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/admin/events/:id/waiting-list',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'Clear the waiting list, or one entry of it; seats already offered stay with their fans',
        params: IdParams,
        querystring: ClearQuery,
        body: EmptyBody,
        response: { 200: ClearReply, ...errorReplies },
      },
    },
    async (request) => ({ cleared: await clearWaitingList(deps, principalOf(request), request.params.id, request.query.entryId) }),
  );

  app.put(
    '/admin/events/:id/waiting-list/settings',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'How long an offer holds its seats for the fan (default 30 minutes)',
        params: IdParams,
        body: OfferWindowBody,
        response: { 200: OfferWindowReply, ...errorReplies },
      },
    },
    async (request) => setWaitingListOfferWindow(deps, principalOf(request), request.params.id, request.body.offerMinutes),
  );
}
