import { Type, type Static } from 'typebox';
import { Money, Uuid } from '../../schemas/common.js';

/** Response shapes shared by the public catalogue routes and the admin routes. */
export const SectionSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('seated'), Type.Literal('ga')]),
  capacity: Type.Integer(),
});

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });

/** Where an event is: its clock and its money. */
export const VenuePlace = Type.Object({
  id: Uuid,
  name: Type.String(),
  city: Type.String(),
  address: Type.String(),
  timezone: Type.String({ description: 'IANA time zone; every time is shown on this clock' }),
  currency: Currency,
  taxRateBasisPoints: Type.Integer({ description: 'Sales tax included in all-in prices (2000 = 20 %)' }),
});

export const VenueSchema = Type.Object({ ...VenuePlace.properties, sections: Type.Array(SectionSummary) });
export const VenueReply = Type.Object({ venue: VenueSchema });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const eventProperties = {
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  status: Type.String({ description: 'draft | published | cancelled | removed' }),
  saleStatus: Type.String({ description: 'draft | scheduled | on_sale | sold_out | ended | cancelled | removed' }),
  saleStartsAt: Nullable(Type.String({ format: 'date-time' })),
  presaleStartsAt: Nullable(
    Type.String({ format: 'date-time', description: 'Presale: holds from here until saleStartsAt need an access code' }),
  ),
  saleEndsAt: Nullable(Type.String({ format: 'date-time' })),
  perUserLimit: Type.Integer(),
  holdSeconds: Type.Integer(),
  cancellationCutoffHours: Type.Integer(),
  transferCutoffMinutes: Type.Integer({ description: 'Ticket transfers between fans close this many minutes before the start' }),
  venue: VenuePlace,
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: "ISO 4217 code the event's tiers are priced in" }),
  performers: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  priceTiers: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      price: Type.Object(Money.properties, { description: 'Current all-in price (tax included, no fees); locked when a seat is held' }),
      sectionIds: Type.Array(Uuid),
      demand: Type.Union([Type.Object({ floor: Money, cap: Money, paused: Type.Boolean() }), Type.Null()], {
        description: 'Demand-priced: the price moves between floor and cap (paused: held where it is); null: fixed',
      }),
      hidden: Type.Boolean({ description: 'Sold only with an access code that unlocks it (never listed publicly)' }),
    }),
  ),
  capacity: Type.Integer(),
  seatsAvailable: Type.Integer(),
  cancelReason: Nullable(Type.String({ description: "The organizer's reason, when the event is cancelled" })),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  rescheduledFrom: Nullable(Type.String({ format: 'date-time', description: 'The start before the latest reschedule' })),
};

export const EventSchema = Type.Object(eventProperties);

const SeatSchema = Type.Object({
  id: Type.String({ description: 'Seat id (digits)' }),
  row: Type.String(),
  number: Type.Integer(),
  x: Type.Number(),
  y: Type.Number(),
  tierId: Uuid,
});

export const SeatMapSchema = Type.Object({
  eventId: Uuid,
  venue: Type.Object({ id: Uuid, name: Type.String() }),
  sections: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.Union([Type.Literal('seated'), Type.Literal('ga')]),
      capacity: Type.Integer(),
      tierId: Uuid,
      bounds: Type.Optional(Type.Object({ minX: Type.Number(), minY: Type.Number(), maxX: Type.Number(), maxY: Type.Number() })),
      seats: Type.Array(SeatSchema),
    }),
  ),
});

export const SeatLayoutSchema = Type.Object({
  eventId: Uuid,
  version: Type.String({ description: 'Also the ETag and the last segment of the immutable URL' }),
  venue: Type.Object({ id: Uuid, name: Type.String() }),
  field: Type.Union([
    Type.Object(
      { label: Type.String(), x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() },
      { description: 'Field of play or stage, in seat widths; standing areas are drawn on it' },
    ),
    Type.Null(),
  ]),
  seatCount: Type.Integer({ description: 'Seats of all seated sections: the length of the availability bit string' }),
  sections: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.Union([Type.Literal('seated'), Type.Literal('ga')]),
      capacity: Type.Integer(),
      tierId: Uuid,
      rows: Type.Object(
        {
          label: Type.Array(Type.String()),
          count: Type.Array(Type.Integer()),
          firstNumber: Type.Array(Type.Integer()),
          firstId: Type.Array(Type.String()),
          x: Type.Array(Type.Number()),
          y: Type.Array(Type.Number()),
          dx: Type.Array(Type.Number()),
          dy: Type.Array(Type.Number()),
        },
        {
          description:
            'One entry per row in every column. Seat k (0-based) of row i: number firstNumber[i] + k, id firstId[i] + k, at (x[i] + k dx[i], y[i] + k dy[i]) — unless the row is listed in `irregular`.',
        },
      ),
      irregular: Type.Array(
        Type.Object({
          row: Type.Integer(),
          ids: Type.Optional(Type.Array(Type.String())),
          numbers: Type.Optional(Type.Array(Type.Integer())),
          xs: Type.Optional(Type.Array(Type.Number())),
          ys: Type.Optional(Type.Array(Type.Number())),
        }),
        { description: 'Rows whose numbers, ids or positions do not count up evenly: the columns that do not, seat by seat' },
      ),
      accessible: Type.Array(Type.Integer(), { description: "Wheelchair-accessible seats, as positions in the section's seats" }),
      restricted: Type.Array(Type.Integer(), { description: "Restricted-view seats, as positions in the section's seats" }),
    }),
  ),
});

export const SeatLayoutParams = Type.Object({ id: Uuid, version: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

export const AvailabilitySchema = Type.Object({
  version: Type.String(),
  sections: Type.Record(Type.String(), Type.Object({ available: Type.Integer(), total: Type.Integer() })),
  seats: Type.Object({ encoding: Type.Literal('2bit-base64'), data: Type.String() }),
  prices: Type.Record(Type.String(), Type.Integer(), {
    description: "Tier id → current all-in price in minor units of the event's currency (demand pricing moves it)",
  }),
});

export const NotModified = Type.Null({ description: 'Not modified: the copy named in If-None-Match is current' });

export const IfNoneMatchHeaders = Type.Object({ 'if-none-match': Type.Optional(Type.String()) });

/** Response types, for the web app and other TypeScript clients. */
export type SectionSummary = Static<typeof SectionSummary>;
export type VenueReply = Static<typeof VenueReply>;
export type Event = Static<typeof EventSchema>;
export type SeatLayout = Static<typeof SeatLayoutSchema>;
export type Availability = Static<typeof AvailabilitySchema>;
