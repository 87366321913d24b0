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
  /** ISO 4217; events are priced in it unless they choose another (migration 0010). */
  currency: Generated<string>;
  /** Sales tax included in all-in prices, basis points (2000 = 20 %). */
  tax_rate_bp: Generated<number>;
  latitude: number | null;
  longitude: number | null;
  /** Field of play or stage in seat-map coordinates (migration 0009). */
  field: ColumnType<{ label: string; x: number; y: number; w: number; h: number } | null, string | null | undefined, string | null>;
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
  /** Migration 0009. */
  restricted_view: Generated<boolean>;
  pick_rank: number;
  /** Seated seats only: venue-wide position in seat-map order (migration 0003). */
  map_ordinal: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** Copied from seats.map_ordinal; null for general-admission places. */
  map_ordinal: ColumnType<number | null, number | null | undefined, number | null>;
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

export type HoldStatus = 'active' | 'purchased' | 'released' | 'expired' | 'cancelled';

export interface HoldsTable {
  id: Generated<string>;
  event_id: string;
  user_id: string;
  status: Generated<HoldStatus>;
  expires_at: Timestamp;
  total_amount: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  currency: string;
  created_at: Generated<Date>;
  released_at: NullableTimestamp;
  release_reason: string | null;
  /** The latest a payment in flight may extend `expires_at` to (migration 0007); null until first extended. */
  extension_limit: NullableTimestamp;
}

export interface HoldSeatsTable {
  hold_id: string;
  event_id: string;
  seat_id: Int8;
  price_amount: Int8;
}

export type OrderStatus = 'pending_payment' | 'confirmed' | 'failed' | 'cancelled';

export interface OrdersTable {
  id: Generated<string>;
  hold_id: string;
  event_id: string;
  user_id: string;
  status: Generated<OrderStatus>;
  total_amount: Int8;
  currency: string;
  idempotency_key: string;
  failure_reason: string | null;
  created_at: Generated<Date>;
  confirmed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cancel_reason: string | null;
}

/** A payment attempt's state; the allowed moves are in src/domain/payments/payment-attempt.rules.ts. */
export type PaymentStatus = 'created' | 'processing' | 'authorized' | 'captured' | 'failed' | 'voided';

export interface PaymentsTable {
  id: Generated<string>;
  order_id: string;
  provider: string;
  /** Unknown until the provider answers (status 'created'). */
  intent_id: string | null;
  idempotency_key: string;
  status: PaymentStatus;
  amount: Int8;
  currency: string;
  decline_code: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RefundsTable {
  id: Generated<string>;
  payment_id: string;
  order_id: string;
  provider_refund_id: string;
  idempotency_key: string;
  amount: Int8;
  currency: string;
  reason: string;
  created_at: Generated<Date>;
}

export type TicketStatus = 'valid' | 'used' | 'void';

export interface TicketsTable {
  id: Generated<string>;
  order_id: string;
  event_id: string;
  seat_id: Int8;
  serial: string;
  status: Generated<TicketStatus>;
  created_at: Generated<Date>;
  voided_at: NullableTimestamp;
}

export interface InventoryDirtyTable {
  event_id: string;
}

export interface SimPaymentIntentsTable {
  id: string;
  idempotency_key: string;
  amount: Int8;
  currency: string;
  token: string;
  status: 'processing' | 'authorized' | 'captured' | 'declined' | 'canceled';
  decline_code: string | null;
  metadata: Json;
  settles_at: NullableTimestamp;
  created_at: Generated<Date>;
  captured_at: NullableTimestamp;
}

export interface SimRefundsTable {
  id: string;
  intent_id: string;
  idempotency_key: string;
  amount: Int8;
  created_at: Generated<Date>;
}

export interface SimWebhooksTable {
  id: string;
  body: Json;
  delivered_at: NullableTimestamp;
  attempts: Generated<number>;
  created_at: Generated<Date>;
}

/** Every webhook the payment provider sent, stored before it is acknowledged (migration 0007). */
export interface PaymentEventsTable {
  provider: string;
  id: string;
  type: string;
  intent_id: string | null;
  payload: string;
  received_at: Generated<Date>;
  processed_at: NullableTimestamp;
  /** What applying it did: 'applied', 'ignored' (a type we do not act on), 'unmatched' (retried). */
  outcome: string | null;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
}

/** How far reconciliation has read a provider's list (e.g. captures) (migration 0007). */
export interface PaymentReconcileCursorsTable {
  provider: string;
  kind: string;
  position: Timestamp;
  updated_at: Generated<Date>;
}

/** Waiting-room admission state per queued event (migration 0005). */
export interface QueueStatesTable {
  event_id: string;
  auto_enabled: Generated<boolean>;
  serving_up_to: Generated<number>;
  /** Arrivals before the sale opened, frozen at the opening; null until then. */
  pre_open_count: number | null;
  joined: Generated<number>;
  closed: Generated<boolean>;
  opened_at: NullableTimestamp;
  /** Recent [epoch ms, servingUpTo] pairs: how far the queue was served when. */
  admissions: ColumnType<[number, number][], string | undefined, string>;
  updated_at: Generated<Date>;
}

/** Server-side sign-in sessions (migration 0012): a token is good while its row is live. */
export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: NullableTimestamp;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
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
  holds: HoldsTable;
  hold_seats: HoldSeatsTable;
  orders: OrdersTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  tickets: TicketsTable;
  inventory_dirty: InventoryDirtyTable;
  sim_payment_intents: SimPaymentIntentsTable;
  sim_refunds: SimRefundsTable;
  sim_webhooks: SimWebhooksTable;
  payment_events: PaymentEventsTable;
  payment_reconcile_cursors: PaymentReconcileCursorsTable;
  queue_states: QueueStatesTable;
}
