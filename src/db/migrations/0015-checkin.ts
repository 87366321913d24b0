import { sql, type Kysely } from 'kysely';

/**
 * Check-in (issue 11): a signing key per event, a code version per ticket
 * (bumped when it is voided or reissued, so older codes are refused), who
 * checked a ticket in where, the door staff assigned to an event, and a log of
 * every scan (per-gate statistics, and the idempotency of offline uploads).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Ed25519; the private key only sealed with the app's secret (AES-256-GCM).
    create table event_ticket_keys (
      event_id uuid primary key references events (id) on delete cascade,
      public_key text not null,
      private_key_sealed text not null,
      created_at timestamptz not null default now()
    );

    alter table tickets
      add column code_version integer not null default 1 check (code_version >= 1),
      add column checked_in_at timestamptz,
      add column checked_in_gate text,
      add column checked_in_by uuid references users (id);
    -- The bundle lists voided and reissued tickets of an event; the stats count used ones.
    create index tickets_event_status_idx on tickets (event_id, status);

    create table event_scanners (
      event_id uuid not null references events (id) on delete cascade,
      user_id uuid not null references users (id),
      assigned_by uuid references users (id),
      created_at timestamptz not null default now(),
      primary key (event_id, user_id)
    );
    create index event_scanners_user_idx on event_scanners (user_id);

    create table checkin_scans (
      id bigint generated always as identity primary key,
      event_id uuid not null references events (id) on delete cascade,
      ticket_id uuid references tickets (id),
      scanner_id uuid references users (id),
      gate text not null default '',
      result text not null
        check (result in ('admitted', 'already_used', 'void', 'wrong_event', 'expired', 'invalid')),
      source text not null check (source in ('online', 'offline')),
      -- The scanner's own id for an offline scan: uploading it twice records it once.
      client_scan_id text,
      scanned_at timestamptz not null,
      recorded_at timestamptz not null default now()
    );
    create index checkin_scans_event_idx on checkin_scans (event_id, gate, result);
    create unique index checkin_scans_client_idx on checkin_scans (event_id, scanner_id, client_scan_id)
      where client_scan_id is not null;
  `.execute(db);
}
