import { Readable } from 'node:stream';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { exportEventAttendees } from '../../../domain/door/export-event-attendees.js';
import { listEventAttendees } from '../../../domain/door/list-event-attendees.js';
import { listEventOrders } from '../../../domain/door/list-event-orders.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import { fileReply } from '../../schemas/file-reply.js';
import { AttendeeListReply, DoorExportQuery, DoorListQuery, EventOrderListReply } from './door.schemas.js';

const door = {
  tags: ['admin'],
  security: [{ bearer: [] }],
};
const audited = "The event's organizer or an admin. Personal data: every call is written to the audit log";

/** Door tools: who bought, who is coming, as pages with search and as a CSV file. */
export async function doorRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const preValidation = requireRole('organizer', 'admin');

  app.get(
    '/admin/events/:id/orders',
    {
      preValidation,
      schema: {
        ...door,
        summary: "The event's orders with their buyers, newest first",
        description: `${audited} (event.orders.viewed). Failed payments are left out.`,
        params: IdParams,
        querystring: DoorListQuery,
        response: { 200: EventOrderListReply, ...errorReplies },
      },
    },
    async (request) => listEventOrders(deps, principalOf(request), request.params.id, request.query),
  );

  app.get(
    '/admin/events/:id/attendees',
    {
      preValidation,
      schema: {
        ...door,
        summary: "The event's attendees: every ticket of a confirmed order, in seat order, with its buyer",
        description: `${audited} (event.attendees.viewed).`,
        params: IdParams,
        querystring: DoorListQuery,
        response: { 200: AttendeeListReply, ...errorReplies },
      },
    },
    async (request) => listEventAttendees(deps, principalOf(request), request.params.id, request.query),
  );

  app.get(
    '/admin/events/:id/attendees.csv',
    {
      preValidation,
      schema: {
        ...door,
        summary: 'The attendee list as CSV (UTF-8 with BOM), streamed',
        description: `${audited} (event.attendees.exported). Cells that a spreadsheet would run as a formula start with an apostrophe.`,
        params: IdParams,
        querystring: DoorExportQuery,
        response: { 200: fileReply('text/csv'), ...errorReplies },
      },
    },
    async (request, reply) => {
      const lines = await exportEventAttendees(deps, principalOf(request), request.params.id, request.query.q);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="attendees-${request.params.id}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(Readable.from(lines));
    },
  );
}
