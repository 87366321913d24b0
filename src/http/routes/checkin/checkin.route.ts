import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getTicketCode } from '../../../domain/checkin/get-ticket-code.js';
import { listDoorEvents } from '../../../domain/checkin/list-door-events.js';
import { scanTicket } from '../../../domain/checkin/scan-ticket.js';
import { principalOf, requireAuth, requireRole } from '../../plugins/auth.js';
import { IdParams } from '../../schemas/common.js';
import { checkinErrors, DoorEventsReply, ScanBody, ScanReply, TicketCodeReply } from './checkin.schemas.js';

const secured = { security: [{ bearer: [] }] };

/** The customer's rotating code and the door's scan. */
export async function checkinRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/tickets/:id/code',
    {
      preValidation: requireAuth,
      schema: {
        ...secured,
        tags: ['booking'],
        summary: "The ticket's current signed code (its owner only); valid about a minute, fetch again every 15 s",
        params: IdParams,
        response: { 200: TicketCodeReply, ...checkinErrors },
      },
      // A code is good for a minute: no cache may keep one longer than the phone shows it.
      onSend: async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      },
    },
    async (request) => getTicketCode(deps, principalOf(request).userId, request.params.id),
  );

  app.post(
    '/checkin/scan',
    {
      preValidation: requireRole('scanner', 'organizer', 'admin'),
      schema: {
        ...secured,
        tags: ['check-in'],
        summary: 'Scan a ticket code at the door of an event',
        description:
          'For scanners assigned to the event, its organizer and admins. Admits a ticket at most once however many doors scan it at the same moment. A refusal is a 200 with its result.',
        body: ScanBody,
        response: { 200: ScanReply, ...checkinErrors },
      },
    },
    async (request) => scanTicket(deps, principalOf(request), request.body),
  );

  app.get(
    '/checkin/events',
    {
      preValidation: requireRole('scanner', 'organizer', 'admin'),
      schema: {
        ...secured,
        tags: ['check-in'],
        summary: 'Events the caller is assigned to as door staff, from yesterday on',
        response: { 200: DoorEventsReply, ...checkinErrors },
      },
    },
    async (request) => ({ items: await listDoorEvents(deps, principalOf(request)) }),
  );
}
