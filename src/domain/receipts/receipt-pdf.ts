import PDFDocument from 'pdfkit';
import { formatVenueTime } from '../local-time.js';
import { allInBreakdown, money, type Money } from '../money.js';
import type { OrderView } from '../orders/order.types.js';
import { amountText, documentLocale, formatPercent, seatLabel, venueStart } from '../delivery/ticket-lines.js';
import { documentNumber, signed, type ReceiptKind } from './receipt.rules.js';

export interface ReceiptDocument {
  kind: ReceiptKind;
  number: number;
  /** A credit note's receipt number. */
  creditedNumber: number | null;
  issuedAt: Date;
  /** Copied when the receipt was issued: what was charged, at the rate then. */
  amount: Money;
  taxRateBasisPoints: number;
  organizer: { name: string; email: string };
  buyer: { name: string; email: string };
  order: OrderView;
}

const A4 = { width: 595.28, height: 841.89 };
const margin = 56;

/**
 * One A4 page: issuer, buyer, the order's event, one line per seat (all-in
 * prices), then the price before tax, the tax included at the rate copied on
 * issue, the booking fee and the total. A credit note repeats the lines as
 * negatives and names the receipt it cancels. Helvetica covers Latin-1 only.
 */
export async function renderReceiptPdf(r: ReceiptDocument): Promise<Buffer> {
  const heading = r.kind === 'receipt' ? 'Receipt' : 'Credit note';
  const number = documentNumber(r.kind, r.number);
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margin,
    info: { Title: `${heading} ${number}`, Author: r.organizer.name, Subject: `Order ${r.order.id}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = A4.width - 2 * margin;
  const zone = r.order.event.venue.timezone;
  const show = (m: Money): string => amountText(signed(m, r.kind));

  doc.font('Helvetica-Bold').fontSize(20).text(`${heading} ${number}`, { width });
  doc.font('Helvetica').fontSize(10).fillColor('#333');
  doc.text(`Issued ${formatVenueTime(r.issuedAt, zone, documentLocale)} (venue time, ${zone})`, { width });
  if (r.creditedNumber !== null) doc.text(`Credits receipt ${documentNumber('receipt', r.creditedNumber)} in full`, { width });
  doc.text(`Order ${r.order.id}`, { width });

  // One party under the other: side by side, long addresses wrap and text extraction interleaves them.
  party(doc, 'Issued by', r.organizer, doc.y + 16, width);
  party(doc, 'Billed to', r.buyer, doc.y + 10, width);
  doc.y += 16;

  doc.font('Helvetica-Bold').fontSize(12).fillColor('#000').text(r.order.event.title, margin, doc.y, { width });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${r.order.event.venue.name}, ${r.order.event.venue.city} · ${venueStart(r.order)}`, { width });
  doc.moveDown(1);

  const priceX = margin + width - 160;
  const line = (label: string, value: string, bold = false): void => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(label, margin, y, { width: priceX - margin - 8 });
    const after = doc.y;
    doc.text(value, priceX, y, { width: 160, align: 'right' });
    doc.y = Math.max(after, doc.y) + 2;
  };
  line('Item', 'Amount (tax included)', true);
  rule(doc, width);
  for (const seat of r.order.seats) line(`Ticket: ${seatLabel(seat)}`, show(seat.price));
  const discount = r.order.breakdown.discount;
  if (r.kind === 'receipt' && discount) line('Access code discount', `-${show(discount)}`);
  rule(doc, width);
  const b = allInBreakdown(r.amount, r.taxRateBasisPoints);
  line('Price before tax', show(b.beforeTax));
  line(`Tax included (${formatPercent(b.taxRateBasisPoints)})`, show(b.tax));
  line('Booking fee', show(b.bookingFee));
  line(r.kind === 'receipt' ? 'Total paid' : 'Total refunded', show(money(r.amount.amount, r.amount.currency)), true);
  doc.moveDown(2);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#555')
    .text(
      r.kind === 'receipt'
        ? `Numbered in ${r.organizer.name}'s receipt series. Prices include tax; amounts in ${r.amount.currency}.`
        : `Numbered in ${r.organizer.name}'s credit-note series. The refund goes back to the card that paid.`,
      margin,
      doc.y,
      { width },
    );
  doc.end();
  return done;
}

function party(doc: PDFKit.PDFDocument, title: string, p: { name: string; email: string }, y: number, w: number): void {
  doc.font('Helvetica').fontSize(8).fillColor('#555').text(title.toUpperCase(), margin, y, { width: w });
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('#000')
    .text(p.name, margin, doc.y + 2, { width: w });
  doc.font('Helvetica').text(p.email, margin, doc.y, { width: w });
}

function rule(doc: PDFKit.PDFDocument, width: number): void {
  doc
    .moveTo(margin, doc.y)
    .lineTo(margin + width, doc.y)
    .strokeColor('#999')
    .lineWidth(0.5)
    .stroke();
  doc.y += 4;
}
