import { sql, type Kysely } from 'kysely';

/** Holds, orders, payments, refunds, tickets and the simulated provider's ledger. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A booking: a hold becomes the order's seat list; it stays live ('active',
    -- then 'purchased') until released, expired or its order is cancelled.
    create table holds (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id),
      user_id uuid not null references users(id),
      status text not null default 'active'
        check (status in ('active', 'purchased', 'released', 'expired', 'cancelled')),
      expires_at timestamptz not null,
      total_amount bigint not null default 0 check (total_amount >= 0),
      currency char(3) not null,
      created_at timestamptz not null default now(),
      released_at timestamptz,
      release_reason text
    );
    -- Invariant 2, enforced by the database: racing requests cannot both insert.
    create unique index holds_one_live_booking on holds (event_id, user_id) where status in ('active', 'purchased');
    create index holds_expiry_idx on holds (expires_at) where status = 'active';
    create index holds_user_idx on holds (user_id, created_at);

    -- Prices are locked here when the hold is made.
    create table hold_seats (
      hold_id uuid not null references holds(id),
      event_id uuid not null,
      seat_id bigint not null,
      price_amount bigint not null check (price_amount >= 0),
      primary key (hold_id, seat_id)
    );
    create index hold_seats_seat_idx on hold_seats (event_id, seat_id);

    create table orders (
      id uuid primary key default gen_random_uuid(),
      hold_id uuid not null references holds(id),
      event_id uuid not null references events(id),
      user_id uuid not null references users(id),
      status text not null default 'pending_payment'
        check (status in ('pending_payment', 'confirmed', 'failed', 'cancelled')),
      total_amount bigint not null check (total_amount >= 0),
      currency char(3) not null,
      idempotency_key text not null,
      failure_reason text,
      created_at timestamptz not null default now(),
      confirmed_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      unique (user_id, idempotency_key)
    );
    -- At most one order in flight or confirmed per hold, whatever the keys.
    create unique index orders_one_live_per_hold on orders (hold_id) where status in ('pending_payment', 'confirmed');
    create index orders_user_idx on orders (user_id, created_at desc, id desc);
    create index orders_event_live_idx on orders (event_id) where status in ('pending_payment', 'confirmed');

    -- Payments and refunds are rows; what was paid is derived from them.
    create table payments (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders(id),
      provider text not null,
      intent_id text not null,
      idempotency_key text not null unique,
      status text not null check (status in ('processing', 'authorized', 'captured', 'failed')),
      amount bigint not null check (amount >= 0),
      currency char(3) not null,
      decline_code text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, intent_id)
    );
    create index payments_order_idx on payments (order_id);
    create index payments_open_idx on payments (updated_at) where status in ('processing', 'authorized');

    create table refunds (
      id uuid primary key default gen_random_uuid(),
      payment_id uuid not null references payments(id),
      order_id uuid not null references orders(id),
      provider_refund_id text not null,
      idempotency_key text not null unique,
      amount bigint not null check (amount > 0),
      currency char(3) not null,
      reason text not null,
      created_at timestamptz not null default now()
    );
    create index refunds_payment_idx on refunds (payment_id);

    create table tickets (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders(id),
      event_id uuid not null references events(id),
      seat_id bigint not null,
      serial text not null unique,
      status text not null default 'valid' check (status in ('valid', 'used', 'void')),
      created_at timestamptz not null default now(),
      voided_at timestamptz
    );
    -- A second guard against overselling: one valid ticket per seat per event.
    create unique index tickets_one_per_seat on tickets (event_id, seat_id) where status <> 'void';
    create index tickets_order_idx on tickets (order_id);

    -- Helps lazy expiry and the best-available fallback find expired holds.
    create index event_seats_held_expiry_idx on event_seats (event_id, section_id, hold_expires_at) where status = 'held';

    -- Events whose events.seats_available must be recomputed by the worker, so a
    -- hold never has to update the hot events row.
    create table inventory_dirty (
      event_id uuid primary key references events(id) on delete cascade
    );

    -- The simulated payment provider's own books (what a real PSP keeps on its side).
    create table sim_payment_intents (
      id text primary key,
      idempotency_key text not null unique,
      amount bigint not null,
      currency char(3) not null,
      token text not null,
      status text not null check (status in ('processing', 'authorized', 'captured', 'declined')),
      decline_code text,
      metadata jsonb not null default '{}',
      settles_at timestamptz,
      created_at timestamptz not null default now()
    );
    create table sim_refunds (
      id text primary key,
      intent_id text not null references sim_payment_intents(id),
      idempotency_key text not null unique,
      amount bigint not null,
      created_at timestamptz not null default now()
    );
    create table sim_webhooks (
      id text primary key,
      body jsonb not null,
      delivered_at timestamptz,
      attempts integer not null default 0,
      created_at timestamptz not null default now()
    );
    create index sim_webhooks_pending_idx on sim_webhooks (created_at) where delivered_at is null;
  `.execute(db);
}
