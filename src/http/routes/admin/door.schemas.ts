import { Type, type Static, type TSchema } from 'typebox';
import { Money, Uuid } from '../../schemas/common.js';

const closed = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const SearchTerm = Type.String({
  maxLength: 200,
  description: 'Part of a name (case and accents ignored), a whole e-mail, or the start of an order number or ticket code (4+ characters)',
});

export const DoorListQuery = Type.Object(
  {
    q: Type.Optional(SearchTerm),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  closed,
);

export const DoorExportQuery = Type.Object({ q: Type.Optional(SearchTerm) }, closed);

const page = { total: Type.Integer({ description: 'Rows matching in all' }), offset: Type.Integer(), limit: Type.Integer() };

export const Attendee = Type.Object({
  ticketId: Uuid,
  serial: Type.String({ description: 'Ticket code' }),
  status: Type.Union([Type.Literal('valid'), Type.Literal('used'), Type.Literal('void')]),
  section: Type.String(),
  row: Nullable(Type.String({ description: 'Null: general admission' })),
  number: Type.Integer(),
  orderId: Uuid,
  name: Nullable(Type.String({ description: 'Null once the buyer erased their account' })),
  email: Nullable(Type.String()),
});

export const AttendeeListReply = Type.Object({ items: Type.Array(Attendee), ...page });

export const EventOrderRow = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('pending_payment'), Type.Literal('confirmed'), Type.Literal('failed'), Type.Literal('cancelled')]),
  total: Money,
  seats: Type.Integer(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  createdAt: DateTime,
  confirmedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
});

export const EventOrderListReply = Type.Object({ items: Type.Array(EventOrderRow), ...page });

/** Request and response types, for the web app and other TypeScript clients. */
export type DoorListQuery = Static<typeof DoorListQuery>;
export type Attendee = Static<typeof Attendee>;
export type AttendeeListReply = Static<typeof AttendeeListReply>;
export type EventOrderRow = Static<typeof EventOrderRow>;
export type EventOrderListReply = Static<typeof EventOrderListReply>;
