import { sql, type Kysely } from 'kysely';

/** Accounts, venues, events, inventory, search, outbox and audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create extension if not exists unaccent;

    -- Accent-insensitive, language-neutral text search for names of acts, venues, cities.
    create text search configuration boxoffice (copy = simple);
    alter text search configuration boxoffice
      alter mapping for hword, hword_part, word with unaccent, simple;

    create table users (
      id uuid primary key default gen_random_uuid(),
      email_hash bytea,
      email_cipher text,
      name_cipher text,
      password_hash text,
      roles text[] not null default '{customer}',
      created_at timestamptz not null default now(),
      erased_at timestamptz,
      constraint users_roles_known check (roles <@ array['customer','organizer','admin','scanner']::text[])
    );
    create unique index users_email_hash_key on users (email_hash) where email_hash is not null;

    create table venues (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      city text not null,
      address text not null default '',
      timezone text not null,
      latitude double precision,
      longitude double precision,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index venues_city_idx on venues (city);

    create table sections (
      id uuid primary key default gen_random_uuid(),
      venue_id uuid not null references venues(id) on delete cascade,
      name text not null,
      kind text not null check (kind in ('seated', 'ga')),
      capacity integer not null check (capacity > 0),
      position integer not null,
      unique (venue_id, name)
    );

    -- Seated sections get one row per seat; general-admission areas one row per
    -- place (no row label, no coordinates) so inventory is uniform.
    create table seats (
      id bigint generated always as identity primary key,
      section_id uuid not null references sections(id) on delete cascade,
      row_label text,
      row_index integer not null,
      number integer not null,
      x real,
      y real,
      accessible boolean not null default false,
      -- Best-available order within the section: best rows first, centre seats first.
      pick_rank integer not null,
      unique (section_id, row_index, number)
    );

    create table performers (
      id uuid primary key default gen_random_uuid(),
      name text not null
    );
    create unique index performers_name_key on performers (lower(name));

    create table events (
      id uuid primary key default gen_random_uuid(),
      organizer_id uuid not null references users(id),
      venue_id uuid not null references venues(id),
      title text not null,
      description text not null default '',
      category text not null,
      starts_at timestamptz not null,
      status text not null default 'draft' check (status in ('draft', 'published', 'cancelled', 'removed')),
      sale_starts_at timestamptz,
      sale_ends_at timestamptz,
      per_user_limit integer not null default 6 check (per_user_limit between 1 and 50),
      hold_seconds integer not null default 600 check (hold_seconds between 30 and 3600),
      cancellation_cutoff_hours integer not null default 48 check (cancellation_cutoff_hours >= 0),
      queue jsonb,
      pricing jsonb,
      -- Denormalised for search and listing; refreshed by the catalogue use cases.
      city text not null,
      venue_name text not null,
      performer_names text not null default '',
      min_price bigint,
      max_price bigint,
      currency char(3),
      capacity integer not null default 0,
      seats_available integer not null default 0,
      popularity integer not null default 0,
      inventory_ready boolean not null default false,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_vector tsvector generated always as (
        setweight(to_tsvector('boxoffice', title), 'A') ||
        setweight(to_tsvector('boxoffice', performer_names), 'A') ||
        setweight(to_tsvector('boxoffice', venue_name), 'B') ||
        setweight(to_tsvector('boxoffice', city), 'B') ||
        setweight(to_tsvector('boxoffice', category), 'C') ||
        setweight(to_tsvector('boxoffice', description), 'D')
      ) stored
    );
    create index events_search_idx on events using gin (search_vector);
    create index events_listed_starts_idx on events (starts_at, id) where status = 'published';
    create index events_listed_popularity_idx on events (popularity desc, id) where status = 'published';
    create index events_listed_city_idx on events (lower(city), starts_at) where status = 'published';
    create index events_organizer_idx on events (organizer_id, created_at);

    create table event_performers (
      event_id uuid not null references events(id) on delete cascade,
      performer_id uuid not null references performers(id),
      position integer not null,
      primary key (event_id, performer_id)
    );
    create index event_performers_performer_idx on event_performers (performer_id);

    create table price_tiers (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id) on delete cascade,
      name text not null,
      price_amount bigint not null check (price_amount >= 0),
      currency char(3) not null,
      position integer not null,
      unique (event_id, name)
    );

    -- Which sections of the venue are sold for an event, and at which tier.
    create table event_sections (
      event_id uuid not null references events(id) on delete cascade,
      section_id uuid not null references sections(id),
      tier_id uuid not null references price_tiers(id) on delete cascade,
      primary key (event_id, section_id)
    );

    -- The inventory: one row per seat (or GA place) per event.
    create table event_seats (
      event_id uuid not null references events(id) on delete cascade,
      seat_id bigint not null references seats(id),
      section_id uuid not null,
      tier_id uuid not null,
      pick_rank integer not null,
      status text not null default 'available' check (status in ('available', 'held', 'sold')),
      hold_id uuid,
      hold_expires_at timestamptz,
      order_id uuid,
      primary key (event_id, seat_id),
      constraint event_seats_held_has_hold check (status <> 'held' or (hold_id is not null and hold_expires_at is not null)),
      constraint event_seats_sold_has_order check (status <> 'sold' or order_id is not null)
    );
    -- Best-available picks walk this index in pick order and skip locked rows.
    create index event_seats_free_idx on event_seats (event_id, section_id, pick_rank) where status = 'available';
    create index event_seats_hold_idx on event_seats (hold_id) where hold_id is not null;
    create index event_seats_order_idx on event_seats (order_id) where order_id is not null;

    -- Known words of the catalogue, so a misspelt query word can be corrected to one.
    create table search_words (
      word text primary key
    );
    create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops);

    create table outbox (
      id bigint generated always as identity primary key,
      topic text not null,
      aggregate_id text not null,
      payload jsonb not null default '{}',
      created_at timestamptz not null default now(),
      available_at timestamptz not null default now(),
      attempts integer not null default 0,
      delivered_at timestamptz,
      last_error text
    );
    create index outbox_pending_idx on outbox (available_at, id) where delivered_at is null;

    create table audit_log (
      id bigint generated always as identity primary key,
      actor_id uuid,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      details jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index audit_log_subject_idx on audit_log (subject_type, subject_id, created_at);
  `.execute(db);
}
