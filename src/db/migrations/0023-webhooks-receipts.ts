import { sql, type Kysely } from 'kysely';

/**
 * Organizer webhooks and receipts (issue 14, items 4 and 5).
 *
 * Receipt and credit-note numbers come from a counter row per organizer and
 * series, bumped in the transaction that confirms (or cancels) the order: a
 * rolled-back confirmation rolls its number back too, so the series has no
 * gaps, which a PostgreSQL sequence cannot promise (nextval is never undone).
 *
 * A webhook delivery is one row per subscription and outbox message (the
 * unique index makes the fan-out idempotent under at-least-once outbox
 * delivery); its attempts are kept for the delivery log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table document_counters (
      organizer_id uuid not null references users (id),
      series text not null check (series in ('receipt', 'credit_note')),
      last_number integer not null check (last_number > 0),
      primary key (organizer_id, series)
    );
    create table receipts (
      id uuid primary key default gen_random_uuid(),
      organizer_id uuid not null references users (id),
      kind text not null check (kind in ('receipt', 'credit_note')),
      number integer not null check (number > 0),
      order_id uuid not null references orders (id),
      credits_receipt_id uuid references receipts (id),
      amount bigint not null,
      currency char(3) not null,
      tax_rate_bp integer not null,
      issued_at timestamptz not null,
      unique (organizer_id, kind, number),
      check ((kind = 'credit_note') = (credits_receipt_id is not null))
    );
    create unique index receipts_one_per_order on receipts (order_id, kind);

    create table webhook_subscriptions (
      id uuid primary key default gen_random_uuid(),
      organizer_id uuid not null references users (id),
      url text not null,
      event_types text[] not null,
      secret_sealed text not null,
      description text not null default '',
      created_at timestamptz not null
    );
    create index webhook_subscriptions_organizer_idx on webhook_subscriptions (organizer_id);

    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
      outbox_id bigint,
      redelivery_of uuid references webhook_deliveries (id) on delete set null,
      event_type text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      last_status_code integer,
      last_duration_ms integer,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create unique index webhook_deliveries_once on webhook_deliveries (subscription_id, outbox_id)
      where outbox_id is not null and redelivery_of is null;
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
    create index webhook_deliveries_log_idx on webhook_deliveries (subscription_id, created_at desc);

    create table webhook_attempts (
      id bigint generated always as identity primary key,
      delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
      attempted_at timestamptz not null,
      status_code integer,
      duration_ms integer not null,
      error text
    );
    create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id);
  `.execute(db);
}
