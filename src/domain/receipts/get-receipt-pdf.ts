import type { Deps } from '../../context.js';
import { findReceipt, issueReceipt, receiptParties } from '../../db/repositories/receipts.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { forbidden, notFound } from '../errors.js';
import { money } from '../money.js';
import { findOrderView } from '../orders/order-view.js';
import type { OrderView } from '../orders/order.types.js';
import { documentNumber, type ReceiptKind } from './receipt.rules.js';
import { renderReceiptPdf } from './receipt-pdf.js';

export interface ReceiptFile {
  fileName: string;
  pdf: Buffer;
}

/** The order's receipt or credit note, for the buyer, the event's organizer or an admin. */
export async function getReceiptPdf(deps: Deps, actor: Principal, orderId: string, kind: ReceiptKind): Promise<ReceiptFile> {
  const parties = await receiptParties(deps.db, orderId);
  if (!parties) throw notFound('Order');
  const allowed = actor.roles.includes('admin') || parties.user_id === actor.userId || parties.organizer_id === actor.userId;
  if (!allowed) throw forbidden('This is not your order');
  const file = await receiptFileOf(deps, orderId, kind);
  if (!file) throw notFound(kind === 'receipt' ? 'Receipt' : 'Credit note');
  return file;
}

/**
 * The document as a file, or null when the order has none of that kind (no auth: the mail handler's entry). A confirmed
 * order without its receipt yet gets it here, so the mail and a download show the same number; once issued, a read
 * takes no lock. `known`: the order's view as the caller already read it (the confirmation mail), not read again.
 */
export async function receiptFileOf(deps: Deps, orderId: string, kind: ReceiptKind, known?: OrderView): Promise<ReceiptFile | null> {
  const [found, parties, order] = await Promise.all([
    findReceipt(deps.db, orderId, kind),
    receiptParties(deps.db, orderId),
    known ?? findOrderView(deps.db, orderId).then((found) => found?.view),
  ]);
  const issued = !found && kind === 'receipt' && (await issueReceipt(deps.db, orderId, deps.clock.now())) !== null;
  const receipt = issued ? await findReceipt(deps.db, orderId, kind) : found;
  if (!receipt || !parties || !order) return null;
  // A shredded key (an erased account) opens to nothing: the document then shows no personal details.
  const open = (sealed: string | null): Promise<string | null> =>
    sealed ? deps.pii.open(sealed).catch(() => null) : Promise.resolve(null);
  const [buyerEmail, buyerName, organizerEmailOrNull, organizerName] = await Promise.all([
    open(parties.buyer_email_cipher),
    open(parties.buyer_name_cipher),
    open(parties.organizer_email_cipher),
    open(parties.organizer_name_cipher),
  ]);
  const organizerEmail = organizerEmailOrNull ?? '';
  const pdf = await renderReceiptPdf({
    kind,
    number: receipt.number,
    creditedNumber: receipt.credited_number,
    issuedAt: receipt.issued_at,
    amount: money(receipt.amount, receipt.currency),
    taxRateBasisPoints: receipt.tax_rate_bp,
    organizer: { name: organizerName ?? organizerEmail, email: organizerEmail },
    // An erased account keeps its receipts (bookkeeping), without the person's details.
    buyer: buyerEmail ? { name: buyerName ?? buyerEmail, email: buyerEmail } : { name: 'Erased account', email: '' },
    order,
  });
  return { fileName: `${documentNumber(kind, receipt.number)}.pdf`, pdf };
}
