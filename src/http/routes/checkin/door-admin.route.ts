import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { assignScanner } from '../../../domain/checkin/assign-scanner.js';
import { changeTicket, findDoorTicket } from '../../../domain/checkin/change-ticket.js';
import { getCheckinBundle } from '../../../domain/checkin/get-checkin-bundle.js';
import { getCheckinStats } from '../../../domain/checkin/get-checkin-stats.js';
import { listScanners } from '../../../domain/checkin/list-scanners.js';
import { syncOfflineScans } from '../../../domain/checkin/sync-offline-scans.js';
import { unassignScanner } from '../../../domain/checkin/unassign-scanner.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { IdParams } from '../../schemas/common.js';
import {
  AssignScannerBody,
  BundleReply,
  checkinErrors,
  DoorTicketReply,
  EmptyBody,
  ScannerParams,
  ScannersReply,
  SerialQuery,
  StatsReply,
  SyncBody,
  SyncReply,
} from './checkin.schemas.js';

const admin = { tags: ['check-in'], security: [{ bearer: [] }] };

/** The organizer's door tools, and the offline bundle and sync door staff use. */
export async function doorAdminRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const doorStaff = requireRole('scanner', 'organizer', 'admin');
  const organizers = requireRole('organizer', 'admin');

  app.get(
    '/admin/events/:id/checkin/bundle',
    {
      preValidation: doorStaff,
      schema: {
        ...admin,
        summary: 'What a door needs to verify codes offline: public key, revoked and used tickets, timing rules',
        params: IdParams,
        response: { 200: BundleReply, ...checkinErrors },
      },
    },
    async (request) => getCheckinBundle(deps, principalOf(request), request.params.id),
  );

  app.post(
    '/admin/events/:id/checkin/sync',
    {
      preValidation: doorStaff,
      schema: {
        ...admin,
        summary: 'Upload scans admitted while offline; each answers recorded, conflict (with the reason) or duplicate',
        params: IdParams,
        body: SyncBody,
        response: { 200: SyncReply, ...checkinErrors },
      },
    },
    async (request) => ({ results: await syncOfflineScans(deps, principalOf(request), request.params.id, request.body.scans) }),
  );

  app.get(
    '/admin/events/:id/checkin/stats',
    {
      preValidation: organizers,
      schema: {
        ...admin,
        summary: 'Check-in so far: tickets in and to come, per gate admitted and refused',
        params: IdParams,
        response: { 200: StatsReply, ...checkinErrors },
      },
      onSend: async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      },
    },
    async (request) => getCheckinStats(deps, principalOf(request), request.params.id),
  );

  app.get(
    '/admin/events/:id/scanners',
    {
      preValidation: organizers,
      schema: { ...admin, summary: "The event's door staff", params: IdParams, response: { 200: ScannersReply, ...checkinErrors } },
    },
    async (request) => ({ items: await listScanners(deps, principalOf(request), request.params.id) }),
  );

  app.post(
    '/admin/events/:id/scanners',
    {
      preValidation: organizers,
      schema: {
        ...admin,
        summary: 'Assign an account with the scanner role to the event',
        params: IdParams,
        body: AssignScannerBody,
        response: { 200: ScannersReply, ...checkinErrors },
      },
    },
    async (request) => ({ items: await assignScanner(deps, principalOf(request), request.params.id, request.body.email) }),
  );

  app.delete(
    '/admin/events/:id/scanners/:userId',
    {
      preValidation: organizers,
      schema: {
        ...admin,
        summary: 'Take a scanner off the event',
        params: ScannerParams,
        response: { 200: ScannersReply, ...checkinErrors },
      },
    },
    async (request) => ({ items: await unassignScanner(deps, principalOf(request), request.params.id, request.params.userId) }),
  );

  app.get(
    '/admin/events/:id/tickets',
    {
      preValidation: organizers,
      schema: {
        ...admin,
        summary: 'Find a ticket of the event by its serial',
        params: IdParams,
        querystring: SerialQuery,
        response: { 200: DoorTicketReply, ...checkinErrors },
      },
    },
    async (request) => ({ ticket: await findDoorTicket(deps, principalOf(request), request.params.id, request.query.serial) }),
  );

  for (const change of ['void', 'reissue'] as const) {
    app.post(
      `/admin/tickets/:id/${change}`,
      {
        preValidation: organizers,
        schema: {
          ...admin,
          summary:
            change === 'void'
              ? 'Void a ticket: every code it had is refused as void'
              : 'Reissue a ticket: the same seat with a new code version; older codes are refused as void',
          params: IdParams,
          body: EmptyBody,
          response: { 200: DoorTicketReply, ...checkinErrors },
        },
      },
      async (request) => ({ ticket: await changeTicket(deps, principalOf(request), request.params.id, change) }),
    );
  }
}
