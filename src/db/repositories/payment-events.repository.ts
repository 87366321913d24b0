import type { Executor } from '../client.js';

/** Stores a provider webhook; a redelivery of the same event id is a no-op. */
export async function storePaymentEvent(
  db: Executor,
  v: { provider: string; id: string; type: string; intentId: string | null; payload: string; now: Date },
): Promise<void> {
  await db
    .insertInto('payment_events')
    .values({
      provider: v.provider,
      id: v.id,
      type: v.type,
      intent_id: v.intentId,
      payload: v.payload,
      received_at: v.now,
      next_attempt_at: v.now,
    })
    .onConflict((oc) => oc.columns(['provider', 'id']).doNothing())
    .execute();
}

export async function findPaymentEvent(db: Executor, provider: string, id: string) {
  return db.selectFrom('payment_events').selectAll().where('provider', '=', provider).where('id', '=', id).executeTakeFirst();
}
export type PaymentEventRow = NonNullable<Awaited<ReturnType<typeof findPaymentEvent>>>;

/** Stored events not yet applied whose retry is due, oldest first. */
export async function duePaymentEvents(db: Executor, provider: string, now: Date, limit: number): Promise<PaymentEventRow[]> {
  return db
    .selectFrom('payment_events')
    .selectAll()
    .where('provider', '=', provider)
    .where('processed_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

export async function markPaymentEventProcessed(db: Executor, provider: string, id: string, outcome: string, now: Date): Promise<void> {
  await db
    .updateTable('payment_events')
    .set((eb) => ({ processed_at: now, outcome, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('provider', '=', provider)
    .where('id', '=', id)
    .execute();
}

/** Not applicable yet (unmatched, or applying failed): kept, and tried again at `retryAt`. */
export async function deferPaymentEvent(
  db: Executor,
  a: { provider: string; id: string; outcome: string; error: string | null; retryAt: Date },
): Promise<void> {
  await db
    .updateTable('payment_events')
    .set((eb) => ({
      outcome: a.outcome,
      attempts: eb('attempts', '+', 1),
      last_error: a.error?.slice(0, 500) ?? null,
      next_attempt_at: a.retryAt,
    }))
    .where('provider', '=', a.provider)
    .where('id', '=', a.id)
    .execute();
}

export async function readReconcileCursor(db: Executor, provider: string, kind: string): Promise<Date | null> {
  const row = await db
    .selectFrom('payment_reconcile_cursors')
    .select('position')
    .where('provider', '=', provider)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.position ?? null;
}

/** Moves the cursor forward only, so racing reconcilers never move it back. */
export async function advanceReconcileCursor(db: Executor, provider: string, kind: string, position: Date, now: Date): Promise<void> {
  await db
    .insertInto('payment_reconcile_cursors')
    .values({ provider, kind, position, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['provider', 'kind'])
        .doUpdateSet({ position, updated_at: now })
        .where('payment_reconcile_cursors.position', '<', position),
    )
    .execute();
}
