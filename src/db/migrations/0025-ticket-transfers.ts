import { sql, type Kysely } from 'kysely';

/**
 * Ticket transfers (issue 14): a fan hands a ticket to another account at face
 * value. The order stays the buyer's (refunds go where the money came from);
 * the ticket gets a holder of its own once a transfer is accepted. The
 * recipient is named by the blind index of an e-mail address, so no address is
 * stored and nobody learns whether an account uses it; only an account that
 * confirmed that address can accept. One open offer per ticket.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tickets add column holder_id uuid references users (id)`.execute(db);
  await sql`alter table events add column transfer_cutoff_minutes integer not null default 60
    check (transfer_cutoff_minutes between 0 and 43200)`.execute(db);
  await sql`
    create table ticket_transfers (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets (id),
      from_user_id uuid not null references users (id),
      to_email_hash bytea not null,
      to_email_hint text not null,
      to_user_id uuid references users (id),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'cancelled')),
      face_value_amount bigint not null,
      currency char(3) not null,
      created_at timestamptz not null default now(),
      settled_at timestamptz
    )`.execute(db);
  await sql`create unique index ticket_transfers_one_open on ticket_transfers (ticket_id) where status = 'pending'`.execute(db);
  await sql`create index ticket_transfers_to on ticket_transfers (to_email_hash) where status = 'pending'`.execute(db);
  await sql`create index ticket_transfers_from on ticket_transfers (from_user_id, created_at desc)`.execute(db);
  await sql`create index ticket_transfers_ticket on ticket_transfers (ticket_id, created_at)`.execute(db);
}
