import { readAllIntents, type PaymentIntent } from '../../adapters/payments/payment-provider.js';
import type { Deps } from '../../context.js';
import {
  attemptsOpenSince,
  capturedPayments,
  ordersPendingSince,
  overchargedOrders,
  paymentsOfIntents,
} from '../../db/repositories/money-checks.repository.js';
import { stuckPaymentMs } from '../payments/payment-attempt.rules.js';
import type { Breach } from './verify-invariants.js';

/**
 * Invariant 3 checked against the provider's own books, not only ours: every
 * capture is matched by one confirmed order or refunded in full (and our rows
 * agree with the provider's amounts), no order waits for its money and no
 * attempt or authorisation stays open past `stuckPaymentMs`. Like the other
 * checks it is meant for quiet moments: a checkout in flight has a capture
 * whose order is not confirmed yet.
 */
export async function verifyMoney(deps: Deps, now: Date, opts: { eventIds?: string[] } = {}): Promise<Breach[]> {
  const provider = deps.payments.name;
  const scope = opts.eventIds ? new Set(opts.eventIds) : null;
  const stuckBefore = new Date(now.getTime() - stuckPaymentMs);
  const breaches: Breach[] = [];
  const report = (check: string, rows: unknown[]): void => {
    if (rows.length > 0) breaches.push({ invariant: 3, check, count: rows.length, examples: rows.slice(0, 5) });
  };

  const captures = await readAllIntents((cursor) => deps.payments.listCaptures({ from: new Date(0), to: farFuture, cursor, limit: 500 }));
  const rows = new Map<string, Awaited<ReturnType<typeof paymentsOfIntents>>[number]>();
  for (let i = 0; i < captures.length; i += 1000) {
    const ids = captures.slice(i, i + 1000).map((c) => c.id);
    for (const r of await paymentsOfIntents(deps.db, provider, ids)) rows.set(r.intent_id, r);
  }
  const inScope = (intent: PaymentIntent): boolean => !scope || scope.has(rows.get(intent.id)?.event_id ?? intent.metadata.eventId ?? '');
  const mine = captures.filter(inScope);

  const noRow: unknown[] = [];
  const notCaptured: unknown[] = [];
  const amountDiffers: unknown[] = [];
  const refundsDiffer: unknown[] = [];
  const orphaned: unknown[] = [];
  for (const c of mine) {
    const row = rows.get(c.id);
    const refundedInFull = c.amountRefunded >= c.amount;
    if (!row) noRow.push({ intentId: c.id, orderId: c.metadata.orderId ?? null, amount: c.amount, refunded: c.amountRefunded });
    else if (row.status !== 'captured') notCaptured.push({ intentId: c.id, paymentId: row.id, status: row.status });
    else if (Number(row.amount) !== c.amount)
      amountDiffers.push({ intentId: c.id, paymentId: row.id, ours: Number(row.amount), provider: c.amount });
    else if (Number(row.refunded) !== c.amountRefunded)
      refundsDiffer.push({ intentId: c.id, paymentId: row.id, ours: Number(row.refunded), provider: c.amountRefunded });
    if (row && !refundedInFull && row.order_status !== 'confirmed')
      orphaned.push({ intentId: c.id, orderId: row.order_id, orderStatus: row.order_status, refunded: c.amountRefunded });
  }
  report('capture at the provider with no payment row', noRow);
  report('capture at the provider that our books do not show as captured', notCaptured);
  report('captured amount differs from the provider', amountDiffers);
  report('refunded amount differs from the provider', refundsDiffer);
  report('capture neither confirmed by its order nor refunded', orphaned);

  const atProvider = new Set(captures.map((c) => c.id));
  report(
    'payment captured in our books but not at the provider',
    (await capturedPayments(deps.db, provider, opts.eventIds)).filter((p) => !atProvider.has(p.intent_id)),
  );
  report('confirmed order charged more than its total', await overchargedOrders(deps.db, opts.eventIds));
  report(
    `order pending_payment for more than ${stuckPaymentMs / 60_000} minutes`,
    await ordersPendingSince(deps.db, stuckBefore, opts.eventIds),
  );
  report(
    `payment attempt open for more than ${stuckPaymentMs / 60_000} minutes`,
    await attemptsOpenSince(deps.db, stuckBefore, opts.eventIds),
  );

  const authorizations = await readAllIntents((cursor) => deps.payments.listAuthorizations({ cursor, limit: 500 }));
  const authRows = new Map(
    (
      await paymentsOfIntents(
        deps.db,
        provider,
        authorizations.map((a) => a.id),
      )
    ).map((r) => [r.intent_id, r]),
  );
  report(
    `authorisation left open at the provider for more than ${stuckPaymentMs / 60_000} minutes`,
    authorizations
      .filter((a) => a.createdAt < stuckBefore && (!scope || scope.has(authRows.get(a.id)?.event_id ?? a.metadata.eventId ?? '')))
      .map((a) => ({ intentId: a.id, orderId: a.metadata.orderId ?? null, createdAt: a.createdAt.toISOString() })),
  );
  return breaches;
}

const farFuture = new Date('9999-12-31T00:00:00Z');
