import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables created by src/db/migrations. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** pg returns int8 as string; amounts and big ids stay exact. */
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableInt8 = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface UsersTable {
  id: Generated<string>;
  email_hash: Buffer | null;
  email_cipher: string | null;
  name_cipher: string | null;
  password_hash: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  erased_at: NullableTimestamp;
}

export interface VenuesTable {
  id: Generated<string>;
  name: string;
  city: string;
  address: Generated<string>;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SectionsTable {
  id: Generated<string>;
  venue_id: string;
  name: string;
  kind: 'seated' | 'ga';
  capacity: number;
  position: number;
}

export interface SeatsTable {
  id: ColumnType<string, never, never>;
  section_id: string;
  row_label: string | null;
  row_index: number;
  number: number;
  x: number | null;
  y: number | null;
  accessible: Generated<boolean>;
  pick_rank: number;
}

export interface PerformersTable {
  id: Generated<string>;
  name: string;
}

export type EventStatus = 'draft' | 'published' | 'cancelled' | 'removed';

export interface EventsTable {
  id: Generated<string>;
  organizer_id: string;
  venue_id: string;
  title: string;
  description: Generated<string>;
  category: string;
  starts_at: Timestamp;
  status: Generated<EventStatus>;
  sale_starts_at: NullableTimestamp;
  sale_ends_at: NullableTimestamp;
  per_user_limit: Generated<number>;
  hold_seconds: Generated<number>;
  cancellation_cutoff_hours: Generated<number>;
  queue: ColumnType<unknown, string | null | undefined, string | null>;
  pricing: ColumnType<unknown, string | null | undefined, string | null>;
  city: string;
  venue_name: string;
  performer_names: Generated<string>;
  min_price: NullableInt8;
  max_price: NullableInt8;
  currency: string | null;
  capacity: Generated<number>;
  seats_available: Generated<number>;
  popularity: Generated<number>;
  inventory_ready: Generated<boolean>;
  published_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  search_vector: ColumnType<string, never, never>;
}

export interface EventPerformersTable {
  event_id: string;
  performer_id: string;
  position: number;
}

export interface PriceTiersTable {
  id: Generated<string>;
  event_id: string;
  name: string;
  price_amount: Int8;
  currency: string;
  position: number;
}

export interface EventSectionsTable {
  event_id: string;
  section_id: string;
  tier_id: string;
}

export type SeatStatus = 'available' | 'held' | 'sold';

export interface EventSeatsTable {
  event_id: string;
  seat_id: Int8;
  section_id: string;
  tier_id: string;
  pick_rank: number;
  status: Generated<SeatStatus>;
  hold_id: string | null;
  hold_expires_at: NullableTimestamp;
  order_id: string | null;
}

export interface SearchWordsTable {
  word: string;
}

export interface OutboxTable {
  id: ColumnType<string, never, never>;
  topic: string;
  aggregate_id: string;
  payload: Json;
  created_at: Generated<Date>;
  available_at: Timestamp;
  attempts: Generated<number>;
  delivered_at: NullableTimestamp;
  last_error: string | null;
}

export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Json;
  created_at: Generated<Date>;
}

export interface Database {
  users: UsersTable;
  venues: VenuesTable;
  sections: SectionsTable;
  seats: SeatsTable;
  performers: PerformersTable;
  events: EventsTable;
  event_performers: EventPerformersTable;
  price_tiers: PriceTiersTable;
  event_sections: EventSectionsTable;
  event_seats: EventSeatsTable;
  search_words: SearchWordsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
}
