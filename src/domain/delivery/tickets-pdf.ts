import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { OrderView } from '../orders/order.types.js';
import { admittingTickets, amountText, seatLabel, venueStart } from './ticket-lines.js';

export interface TicketsPdfInput {
  order: OrderView;
  /** QR content per ticket id (ticket-code.ts decides what a code is); a ticket without one gets no page. */
  codes: ReadonlyMap<string, string>;
}

const A6 = { width: 297.64, height: 419.53 };
const margin = 24;

/**
 * One A6 page per admitting ticket: event, venue, the venue-local start with
 * its zone, the seat and a QR code drawn as vector squares (sharp at any zoom,
 * no image decoding on a scanner's screen). The standard Helvetica font covers
 * Latin-1 only (WinAnsi): titles in other scripts need an embedded font (not yet).
 */
export async function renderTicketsPdf({ order, codes }: TicketsPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [A6.width, A6.height],
    margin,
    autoFirstPage: false,
    info: { Title: `Tickets: ${order.event.title}`, Author: 'Boxoffice', Subject: `Order ${order.id}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const seatOf = new Map(order.seats.map((s) => [s.id, s]));
  const tickets = admittingTickets(order).filter((t) => codes.has(t.id));
  const width = A6.width - 2 * margin;
  tickets.forEach((ticket, i) => {
    const seat = seatOf.get(ticket.seatId);
    const code = codes.get(ticket.id)!;
    doc.addPage();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555')
      .text(`BOXOFFICE TICKET · ${i + 1} of ${tickets.length}`, { width });
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(15).fillColor('#000').text(order.event.title, { width });
    doc.moveDown(0.2).font('Helvetica').fontSize(10).text(`${order.event.venue.name}, ${order.event.venue.city}`, { width });
    doc.text(venueStart(order), { width });
    doc.fontSize(8).fillColor('#555').text(`Venue time (${order.event.venue.timezone})`, { width });
    doc
      .moveDown(0.5)
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor('#000')
      .text(seat ? seatLabel(seat) : 'Admission', { width });
    if (seat) doc.font('Helvetica').fontSize(9).text(amountText(seat.price), { width });
    const size = 150;
    drawQr(doc, code, margin + (width - size) / 2, doc.y + 10, size);
    doc.y += size + 18;
    // The serial, not the code: door staff type or read it out to find the ticket (the code is 155 characters).
    doc.font('Courier').fontSize(9).text(ticket.serial, margin, doc.y, { width, align: 'center' });
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#555')
      .text(`Order ${order.id}`, margin, A6.height - margin - 18, { width, align: 'center' });
    doc.text('One scan admits one person. Keep this code private.', { width, align: 'center' });
  });
  doc.end();
  return done;
}

/**
 * The QR modules as filled rectangles in one path, with the four-module quiet zone the standard asks for. The code is
 * one byte-mode segment (what the mixed-mode search picks for this text anyway, without its shortest-path search), and
 * each run of dark modules in a row is one rectangle: a third of the path a square per module made, for the same picture.
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (!modules.get(r, c)) continue;
      const from = c;
      while (c + 1 < modules.size && modules.get(r, c + 1)) c++;
      doc.rect(x + (from + quiet) * cell, y + (r + quiet) * cell, (c - from + 1) * cell, cell);
    }
  }
  doc.fillColor('#000').fill();
}
