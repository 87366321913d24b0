import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getOrderCalendar } from '../../../domain/delivery/get-order-calendar.js';
import { getTicketsPdf } from '../../../domain/delivery/get-tickets-pdf.js';
import { getReceiptPdf } from '../../../domain/receipts/get-receipt-pdf.js';
import type { ReceiptKind } from '../../../domain/receipts/receipt.rules.js';
import { isAdmin, principalOf, requireAuth } from '../../plugins/auth.js';
import { IdParams } from '../../schemas/common.js';
import { fileReply } from '../../schemas/file-reply.js';
import { bookingErrors } from './booking.schemas.js';

const common = { tags: ['booking'], security: [{ bearer: [] }] };

/** Files a buyer keeps: the tickets (PDF, one page per ticket), the event for a calendar (.ics), the receipt and credit note. */
export async function orderDocumentRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/orders/:id/tickets.pdf',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: "A confirmed order's tickets as a PDF: one page per ticket with its QR code, seat, event and venue-local time",
        description: 'Its owner or an admin; 422 INVALID_STATE unless the order is confirmed.',
        params: IdParams,
        response: { 200: fileReply('application/pdf'), ...bookingErrors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const pdf = await getTicketsPdf(deps, { orderId: request.params.id, userId: p.userId, admin: isAdmin(p) });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="tickets-${request.params.id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get(
    '/orders/:id/calendar.ics',
    {
      preValidation: requireAuth,
      schema: {
        ...common,
        summary: "A confirmed order's event as an iCalendar file (DTSTART in the venue's zone, with its VTIMEZONE)",
        description: 'Its owner or an admin; 422 INVALID_STATE unless the order is confirmed.',
        params: IdParams,
        response: { 200: fileReply('text/calendar'), ...bookingErrors },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const ics = await getOrderCalendar(deps, { orderId: request.params.id, userId: p.userId, admin: isAdmin(p) });
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-${request.params.id}.ics"`)
        .header('cache-control', 'private, no-store')
        .send(ics);
    },
  );

  const receiptRoute = (path: string, kind: ReceiptKind, summary: string): void => {
    app.get(
      path,
      {
        preValidation: requireAuth,
        schema: {
          ...common,
          summary,
          description: "The buyer, the event's organizer or an admin; 404 NOT_FOUND while the order has none (docs/receipts.md).",
          params: IdParams,
          response: { 200: fileReply('application/pdf'), ...bookingErrors },
        },
      },
      async (request, reply) => {
        const file = await getReceiptPdf(deps, principalOf(request), request.params.id, kind);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'private, no-store')
          .send(file.pdf);
      },
    );
  };
  receiptRoute('/orders/:id/receipt.pdf', 'receipt', "A confirmed order's receipt (PDF), numbered in the organizer's gapless series");
  receiptRoute('/orders/:id/credit-note.pdf', 'credit_note', "A refunded order's credit note (PDF), referencing its receipt");
}
