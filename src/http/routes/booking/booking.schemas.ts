import { Type, type Static } from 'typebox';
import { ErrorResponse, Money, Uuid, errorReplies } from '../../schemas/common.js';

const SeatId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'Seat id (as in the seat map)' });
const DateTime = Type.String({ format: 'date-time' });
const AccessCode = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'Presale/access code (case-insensitive): needed during the presale, unlocks hidden tiers, may discount',
});

export const HoldBody = Type.Union(
  [
    Type.Object(
      { seatIds: Type.Array(SeatId, { minItems: 1, maxItems: 50, uniqueItems: true }), accessCode: Type.Optional(AccessCode) },
      { additionalProperties: false, title: 'Specific seats' },
    ),
    Type.Object(
      { sectionId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 50 }), accessCode: Type.Optional(AccessCode) },
      { additionalProperties: false, title: 'Best available / general admission' },
    ),
  ],
  { description: 'Either specific seats (all or nothing) or a quantity in a section' },
);

export const QueueTokenHeaders = Type.Object({
  'x-queue-token': Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'A retried checkout with the same key returns the same order and never charges twice',
  }),
});

/** A checkout without the header is refused with its own code, not as a generic schema failure. */
export const missingIdempotencyKey = 'Send an Idempotency-Key header so a retried checkout never charges twice';

export const CheckoutBody = Type.Object(
  {
    payment: Type.Object(
      {
        method: Type.Literal('card'),
        token: Type.String({
          minLength: 1,
          maxLength: 200,
          description: 'Card token; simulated provider: tok_visa, tok_chargeDeclined, tok_insufficientFunds, tok_visa_delayed',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** The event a hold or an order is for; times are shown in `venue.timezone`. */
const EventHeading = Type.Object({
  id: Type.String(),
  title: Type.String(),
  startsAt: DateTime,
  cancellationCutoffHours: Type.Integer({ description: 'Full refund on cancellation until this many hours before the start' }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('cancelled'), Type.Literal('removed')]),
  cancelReason: Type.Union([Type.String(), Type.Null()], { description: "The organizer's reason, when the event is cancelled" }),
  rescheduledFrom: Type.Union([DateTime, Type.Null()], { description: 'The start before the latest reschedule' }),
  venue: Type.Object({
    id: Type.String(),
    name: Type.String(),
    city: Type.String(),
    timezone: Type.String({ description: 'IANA time zone' }),
    taxRateBasisPoints: Type.Integer(),
  }),
});

/** An all-in total split into its parts; they add up to the total exactly. */
const Breakdown = Type.Object({
  beforeTax: Money,
  tax: Money,
  taxRateBasisPoints: Type.Integer(),
  bookingFee: Money,
  /** An access code's discount, already taken off the total. */
  discount: Type.Optional(Money),
});

const Seat = Type.Object({
  id: Type.String(),
  section: Type.String(),
  sectionId: Type.String(),
  row: Type.Union([Type.String(), Type.Null()]),
  number: Type.Integer(),
  price: Money,
});

export const HoldSchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  event: EventHeading,
  status: Type.String(),
  seats: Type.Array(Seat),
  total: Money,
  breakdown: Breakdown,
  expiresAt: DateTime,
  extension: Type.Object(
    {
      left: Type.Integer({ minimum: 0, description: 'Extensions still allowed (0: the hold cannot be extended now)' }),
      nextExpiresAt: Type.Union([DateTime, Type.Null()], { description: 'The expiry an extension now would give' }),
    },
    { description: 'POST /holds/{id}/extend: more time, within HOLD_MAX_EXTENSIONS and HOLD_MAX_TOTAL_SECONDS' },
  ),
});
export const HoldResponse = Type.Object({ hold: HoldSchema });

export const MyHoldsResponse = Type.Object(
  { items: Type.Array(HoldSchema) },
  { description: "The caller's live holds (active, not expired), newest first" },
);

const Ticket = Type.Object({
  id: Type.String(),
  seatId: Type.String(),
  serial: Type.String(),
  status: Type.String(),
  transferred: Type.Boolean({ description: 'Handed to another fan by an accepted transfer: theirs now' }),
});

export const OrderSchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  event: EventHeading,
  holdId: Type.String(),
  status: Type.Union([Type.Literal('pending_payment'), Type.Literal('confirmed'), Type.Literal('failed'), Type.Literal('cancelled')]),
  total: Money,
  breakdown: Breakdown,
  paid: Money,
  refunded: Money,
  seats: Type.Array(Seat),
  tickets: Type.Array(Ticket),
  createdAt: DateTime,
  confirmedAt: Type.Union([DateTime, Type.Null()]),
  cancelledAt: Type.Union([DateTime, Type.Null()]),
  cancellableUntil: Type.Union([DateTime, Type.Null()], {
    description: 'The customer may cancel for a full refund until then (cut-off, or a later reschedule window); null: not at all',
  }),
  rescheduleRefundUntil: Type.Union([DateTime, Type.Null()], {
    description: 'Booked before the event moved: the refund window that move opened ends then',
  }),
});
export const OrderResponse = Type.Object({ order: OrderSchema });
export const OrderListResponse = Type.Object({ items: Type.Array(OrderSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const OrdersQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const EmptyBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);

export const WebhookResponse = Type.Object({ received: Type.Literal(true) });

export const HostedPaymentResponse = Type.Object({
  order: OrderSchema,
  clientSecret: Type.Union([Type.String(), Type.Null()], {
    description: "For the browser's Stripe.js to confirm the intent; null once the order no longer waits for a payment",
  }),
});

export const PaymentConfigResponse = Type.Union([
  Type.Object({ provider: Type.Literal('simulated') }, { title: 'Simulated provider: pay with a test card token' }),
  Type.Object(
    { provider: Type.Literal('stripe'), publishableKey: Type.String() },
    { title: "Stripe: the browser loads Stripe.js with this key and shows Stripe's Payment Element" },
  ),
]);

export const bookingErrors = errorReplies;
export const checkoutErrors = { ...bookingErrors, 402: ErrorResponse, 410: ErrorResponse } as const;

/** Request and response types, for the web app and other TypeScript clients. */
export type HoldBody = Static<typeof HoldBody>;
export type CheckoutBody = Static<typeof CheckoutBody>;
export type HostedPaymentResponse = Static<typeof HostedPaymentResponse>;
export type PaymentConfigResponse = Static<typeof PaymentConfigResponse>;
export type HoldResponse = Static<typeof HoldResponse>;
/** A hold as `GET /me/holds` lists it: the same view a hold request answers with. */
export type MyHold = Static<typeof HoldSchema>;
export type MyHoldsResponse = Static<typeof MyHoldsResponse>;
export type Ticket = Static<typeof Ticket>;
export type Order = Static<typeof OrderSchema>;
export type OrderResponse = Static<typeof OrderResponse>;
export type OrderListResponse = Static<typeof OrderListResponse>;
export type OrdersQuery = Static<typeof OrdersQuery>;
