import { sql, type Kysely } from 'kysely';

/**
 * Payment state is recorded before money moves (issue 8).
 *
 * - A `payments` row is now the payment attempt: written with its idempotency
 *   key and amount, and committed, before the provider is called, so the
 *   intent id is unknown at first ('created') and an authorisation can be
 *   voided ('voided'). Transitions: src/domain/payments/payment-attempt.rules.ts.
 * - A hold whose payment is in flight is extended, at most up to
 *   `extension_limit` (its expiry before the first extension plus a bound).
 * - Every provider webhook is stored before it is acknowledged and applied
 *   from the table, so a notice about a charge we cannot match yet is kept.
 * - Reconciliation remembers how far it has read the provider's captures.
 * - The simulated provider can void authorisations and list captures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments alter column intent_id drop not null;
    alter table payments drop constraint payments_status_check;
    alter table payments add constraint payments_status_check
      check (status in ('created', 'processing', 'authorized', 'captured', 'failed', 'voided'));
    -- Only an attempt the provider never answered lacks an intent id ('failed' when it never saw the key).
    alter table payments add constraint payments_intent_known check (status in ('created', 'failed') or intent_id is not null);
    drop index if exists payments_open_idx;
    create index payments_unsettled_idx on payments (updated_at) where status in ('created', 'processing', 'authorized');

    alter table holds add column extension_limit timestamptz;

    create table payment_events (
      provider text not null,
      id text not null,
      type text not null,
      intent_id text,
      payload text not null,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      outcome text,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      primary key (provider, id)
    );
    create index payment_events_due_idx on payment_events (next_attempt_at) where processed_at is null;

    create table payment_reconcile_cursors (
      provider text not null,
      kind text not null,
      position timestamptz not null,
      updated_at timestamptz not null default now(),
      primary key (provider, kind)
    );

    alter table sim_payment_intents drop constraint sim_payment_intents_status_check;
    alter table sim_payment_intents add constraint sim_payment_intents_status_check
      check (status in ('processing', 'authorized', 'captured', 'declined', 'canceled'));
    alter table sim_payment_intents add column captured_at timestamptz;
    update sim_payment_intents set captured_at = created_at where status = 'captured';
    create index sim_payment_intents_captured_idx on sim_payment_intents (captured_at, id) where status = 'captured';
    create index sim_payment_intents_authorized_idx on sim_payment_intents (created_at, id) where status = 'authorized';
    create index sim_refunds_intent_idx on sim_refunds (intent_id);
  `.execute(db);
}
