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
  /** When the owner proved the address (migration 0021); null until then. */
  email_verified_at: NullableTimestamp;
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
  /** Transfers between fans close this many minutes before the start (migration 0025). */
  transfer_cutoff_minutes: Generated<number>;
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
  /** Why the organizer cancelled; set iff status is 'cancelled' (migration 0018). */
  cancel_reason: string | null;
  cancelled_at: NullableTimestamp;
  /** The start before the latest reschedule (migration 0018). */
  rescheduled_from: NullableTimestamp;
  rescheduled_at: NullableTimestamp;
  /** Orders placed before `rescheduled_at` may be cancelled for a full refund until then, cut-off or not. */
  reschedule_refund_until: NullableTimestamp;
  /** How long a waiting-list offer holds its seats (migration 0028). */
  waitlist_offer_seconds: Generated<number>;
  /** Holds from here until `sale_starts_at` need a valid access code (migration 0029). */
  presale_starts_at: NullableTimestamp;
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
  /** The current all-in price, the one a hold locks. */
  price_amount: Int8;
  currency: string;
  position: number;
  /** The price the organizer set; demand pricing moves price_amount around it (migration 0014). */
  base_amount: NullableInt8;
  /** Sold only with an access code that unlocks it, and not listed publicly (migration 0029). */
  hidden: Generated<boolean>;
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
  /** Times the fan extended the hold (migration 0019); bounded by HOLD_MAX_EXTENSIONS. */
  extensions: Generated<number>;
  /** The access code used for this hold, and its discount taken off `total_amount` (migration 0029). */
  access_code_id: string | null;
  discount_amount: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
}

export type DiscountKind = 'percent' | 'fixed';

/** An organizer's presale/access code for one event (migration 0029). */
export interface AccessCodesTable {
  id: Generated<string>;
  event_id: string;
  /** Upper-case, unique per event. */
  code: string;
  /** Null: unlimited. `uses <= max_uses` is a CHECK. */
  max_uses: number | null;
  uses: Generated<number>;
  valid_from: NullableTimestamp;
  valid_until: NullableTimestamp;
  unlocks_tier_ids: ColumnType<string[], string[] | undefined, string[]>;
  discount_kind: DiscountKind | null;
  /** Percent 1–100, or minor units of the event currency. */
  discount_value: NullableInt8;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AccessCodeRedemptionsTable {
  hold_id: string;
  access_code_id: string;
  user_id: string;
  redeemed_at: Timestamp;
  /** Set when the hold ended unpaid and the use was given back. */
  returned_at: NullableTimestamp;
}

export interface HoldSeatsTable {
  hold_id: string;
  event_id: string;
  seat_id: Int8;
  price_amount: Int8;
}

export type WaitingListStatus = 'waiting' | 'offered' | 'lapsed' | 'purchased' | 'left' | 'cleared';

/** A fan waiting for seats of a sold-out event (migration 0028); live while waiting or offered. */
export interface WaitingListEntriesTable {
  id: Generated<string>;
  event_id: string;
  user_id: string;
  tier_id: string | null;
  quantity: number;
  /** Sort key from one sequence: only the order among an event's entries means anything. */
  position: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  status: Generated<WaitingListStatus>;
  offered_hold_id: string | null;
  offered_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  close_reason: string | null;
  created_at: Timestamp;
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
  /** Bumped on void and reissue: codes signed with an older version are refused (migration 0015). */
  code_version: Generated<number>;
  checked_in_at: NullableTimestamp;
  checked_in_gate: string | null;
  checked_in_by: string | null;
  /** Who holds the ticket after an accepted transfer; null while it is the buyer's (migration 0025). */
  holder_id: string | null;
}

/** An event's Ed25519 ticket-signing key (migration 0015). */
export interface EventTicketKeysTable {
  event_id: string;
  /** Raw 32-byte public key, base64url. */
  public_key: string;
  /** PKCS#8 private key sealed with the 'ticket' key derived from SECRET_KEY. */
  private_key_sealed: string;
  created_at: Generated<Date>;
}

/** Door staff (users with the scanner role) assigned to an event. */
export interface EventScannersTable {
  event_id: string;
  user_id: string;
  assigned_by: string | null;
  created_at: Generated<Date>;
}

export type ScanResult = 'admitted' | 'already_used' | 'void' | 'wrong_event' | 'expired' | 'invalid';

/** Every scan at the door, online or uploaded after an offline spell. */
export interface CheckinScansTable {
  id: ColumnType<string, never, never>;
  event_id: string;
  ticket_id: string | null;
  scanner_id: string | null;
  gate: Generated<string>;
  result: ScanResult;
  source: 'online' | 'offline';
  client_scan_id: string | null;
  scanned_at: Timestamp;
  recorded_at: Generated<Date>;
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

/** Single-use e-mailed tokens (migration 0021): only their SHA-256 is stored. */
export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'password_reset' | 'email_verification';
  token_hash: Buffer;
  created_at: Date;
  expires_at: Date;
  used_at: NullableTimestamp;
}

/** A user's data key wrapped by the server's key (migration 0026); outside `public`, so outside backups. */
export interface UserKeysTable {
  user_id: string;
  wrapped_key: string;
  created_at: Generated<Date>;
}

export type ConsentPurpose = 'terms' | 'marketing';

/** One grant of a purpose, closed by its withdrawal (migration 0026). */
export interface ConsentsTable {
  id: ColumnType<string, never, never>;
  user_id: string;
  purpose: ConsentPurpose;
  wording_version: string;
  granted_at: Date;
  withdrawn_at: NullableTimestamp;
}

/** A TOTP second factor (migration 0022): active once confirmed with a code. */
export interface UserTotpTable {
  user_id: string;
  secret_cipher: string;
  created_at: Date;
  confirmed_at: NullableTimestamp;
  /** The last accepted 30-second step: a code of this step or older is refused (no replay). */
  last_used_step: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface TotpRecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: Buffer;
  used_at: NullableTimestamp;
}

/** The second step of a sign-in with TOTP: proof the password was right, for a few minutes and a few codes. */
export interface LoginChallengesTable {
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  created_at: Date;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: NullableTimestamp;
}

export interface Database {
  users: UsersTable;
  'keyring.user_keys': UserKeysTable;
  consents: ConsentsTable;
  user_totp: UserTotpTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
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
  access_codes: AccessCodesTable;
  access_code_redemptions: AccessCodeRedemptionsTable;
  waiting_list_entries: WaitingListEntriesTable;
  hold_seats: HoldSeatsTable;
  orders: OrdersTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  tickets: TicketsTable;
  event_ticket_keys: EventTicketKeysTable;
  event_scanners: EventScannersTable;
  checkin_scans: CheckinScansTable;
  inventory_dirty: InventoryDirtyTable;
  sim_payment_intents: SimPaymentIntentsTable;
  sim_refunds: SimRefundsTable;
  sim_webhooks: SimWebhooksTable;
  payment_events: PaymentEventsTable;
  payment_reconcile_cursors: PaymentReconcileCursorsTable;
  queue_states: QueueStatesTable;
  price_history: PriceHistoryTable;
  price_quotes: PriceQuotesTable;
  ticket_transfers: TicketTransfersTable;
  document_counters: DocumentCountersTable;
  receipts: ReceiptsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

/** A ticket offered by its holder to the account that confirmed an e-mail address (migration 0025). */
export interface TicketTransfersTable {
  id: Generated<string>;
  ticket_id: string;
  from_user_id: string;
  /** Blind index of the recipient's address: the address itself is not stored. */
  to_email_hash: Buffer;
  /** What the sender typed, masked (`a•••@example.org`), to tell offers apart. */
  to_email_hint: string;
  to_user_id: string | null;
  status: Generated<TransferStatus>;
  face_value_amount: Int8;
  currency: string;
  created_at: Generated<Date>;
  settled_at: NullableTimestamp;
}

/** The last number issued per organizer and series (migration 0023); bumped in the issuing transaction, so no gaps. */
export interface DocumentCountersTable {
  organizer_id: string;
  series: 'receipt' | 'credit_note';
  last_number: number;
}

/** A receipt per confirmed order, and a credit note referencing it when the order is refunded (migration 0023). */
export interface ReceiptsTable {
  id: Generated<string>;
  organizer_id: string;
  kind: 'receipt' | 'credit_note';
  number: number;
  order_id: string;
  credits_receipt_id: string | null;
  amount: Int8;
  currency: string;
  tax_rate_bp: number;
  issued_at: Timestamp;
}

/** An organizer's webhook endpoint (migration 0023); the signing secret is sealed like the ticket keys. */
export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  organizer_id: string;
  url: string;
  event_types: ColumnType<string[], string[], string[]>;
  secret_sealed: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to one subscription, retried with backoff until delivered or out of attempts. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  outbox_id: NullableInt8;
  redelivery_of: string | null;
  event_type: string;
  body: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  locked_until: NullableTimestamp;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface WebhookAttemptsTable {
  id: ColumnType<string, never, never>;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

/** Every change of a tier's current price, with what caused it (migration 0014). */
export interface PriceHistoryTable {
  id: Generated<string>;
  event_id: string;
  tier_id: string;
  changed_at: Timestamp;
  old_amount: Int8;
  new_amount: Int8;
  currency: string;
  reason: 'demand_up' | 'demand_down' | 'into_bounds' | 'manual';
  actor_id: string | null;
  inputs: Json;
}

/** The price a fan admitted from a waiting room was shown, kept for their turn (migration 0014). */
export interface PriceQuotesTable {
  event_id: string;
  user_id: string;
  tier_id: string;
  amount: Int8;
  currency: string;
  quoted_at: Timestamp;
  expires_at: Timestamp;
}
