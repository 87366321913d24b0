import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { drawQr } from '../src/domain/delivery/tickets-pdf.js';

/** One pdfkit document of `pages` pages, each a line of text and (when `qr`) a QR code. */
async function barePdf(pages: number, qr: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ size: [297.64, 419.53], autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let p = 0; p < pages; p++) {
    doc
      .addPage()
      .font('Helvetica')
      .fontSize(10)
      .text(qr ? 'Ticket' : 'Receipt');
    if (!qr) continue;
    // As long as a printed ticket code (155 characters) and as random, drawn as the ticket PDF draws it.
    drawQr(doc, randomBytes(116).toString('base64url').slice(0, 155), 24, 80, 150);
  }
  doc.end();
  return done;
}

/**
 * The least our mail's two PDFs can cost with the libraries that make them: a ticket PDF of `ticketsPerOrder` pages
 * (on average; each a line of text and a QR code) and a one-page, one-line receipt — no layout, no HTML, no calendar,
 * no database, no MIME. This process's CPU per pair, after a warm-up.
 */
export async function barePdfCost(n: number, ticketsPerOrder: number): Promise<number> {
  const pagesFor = (): number => Math.floor(ticketsPerOrder) + (Math.random() < ticketsPerOrder % 1 ? 1 : 0);
  for (let i = 0; i < 30; i++) await Promise.all([barePdf(pagesFor(), true), barePdf(1, false)]);
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    await barePdf(pagesFor(), true);
    await barePdf(1, false);
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / n;
}
