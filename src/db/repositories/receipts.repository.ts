import { sql } from 'kysely';
import type { Executor, Tx } from '../client.js';

/**
 * The confirmed order's receipt, numbered now if it has none yet (issue_receipt, migration 0032): by the confirmation
 * mail, a download or a cancellation, whichever comes first. The organizer's counter row is bumped in the caller's
 * transaction, so a rollback gives the number back (the series stays gapless); amount, currency and tax rate are
 * copied. Null for an order that was never confirmed.
 */
export async function issueReceipt(db: Executor, orderId: string, now: Date): Promise<number | null> {
  const { rows } = await sql<{ number: number | null }>`select issue_receipt(${orderId}::uuid, ${now}::timestamptz) as number`.execute(db);
  return rows[0]?.number ?? null;
}

/**
 * The credit note for a refunded order, numbered in the organizer's own
 * credit-note series and referencing the receipt, for its full amount; in the
 * caller's transaction (the cancellation's, which issues the receipt first).
 * Nothing for an order without a receipt or with a credit note already.
 */
export async function issueCreditNote(tx: Tx, orderId: string, now: Date): Promise<number | null> {
  const { rows } = await sql<{ number: number }>`
    with r as (
      select r.id, r.organizer_id, r.order_id, r.amount, r.currency, r.tax_rate_bp from receipts r
       where r.order_id = ${orderId}::uuid and r.kind = 'receipt'
         and not exists (select 1 from receipts c where c.order_id = r.order_id and c.kind = 'credit_note')
    ), n as (
      select next_document_number(r.organizer_id, 'credit_note') as last_number from r
    )
    insert into receipts (organizer_id, kind, number, order_id, credits_receipt_id, amount, currency, tax_rate_bp, issued_at)
    select r.organizer_id, 'credit_note', n.last_number, r.order_id, r.id, r.amount, r.currency, r.tax_rate_bp, ${now}
      from r, n
    returning number`.execute(tx);
  return rows[0]?.number ?? null;
}

export interface ReceiptRow {
  id: string;
  kind: 'receipt' | 'credit_note';
  number: number;
  organizer_id: string;
  amount: string;
  currency: string;
  tax_rate_bp: number;
  issued_at: Date;
  /** A credit note's receipt number. */
  credited_number: number | null;
}

/** The order's receipt or credit note, with the receipt number a credit note refers to. */
export async function findReceipt(db: Executor, orderId: string, kind: ReceiptRow['kind']): Promise<ReceiptRow | undefined> {
  return db
    .selectFrom('receipts as r')
    .leftJoin('receipts as c', 'c.id', 'r.credits_receipt_id')
    .select(['r.id', 'r.kind', 'r.number', 'r.organizer_id', 'r.amount', 'r.currency', 'r.tax_rate_bp', 'r.issued_at'])
    .select('c.number as credited_number')
    .where('r.order_id', '=', orderId)
    .where('r.kind', '=', kind)
    .executeTakeFirst()
    .then((r) => (r ? { ...r, currency: r.currency.trim() } : undefined));
}

/** Who issued and who received the document; names and addresses still sealed. */
export async function receiptParties(db: Executor, orderId: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('events as e', 'e.id', 'o.event_id')
    .innerJoin('users as buyer', 'buyer.id', 'o.user_id')
    .innerJoin('users as org', 'org.id', 'e.organizer_id')
    .select([
      'o.user_id',
      'e.organizer_id',
      'buyer.name_cipher as buyer_name_cipher',
      'buyer.email_cipher as buyer_email_cipher',
      'org.name_cipher as organizer_name_cipher',
      'org.email_cipher as organizer_email_cipher',
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
}
