import { Type, type Static } from 'typebox';
import { categories, eventStatuses } from '../../../domain/catalogue/catalogue.types.js';
import { venueLimits } from '../../../domain/catalogue/catalogue.rules.js';
import { Money, Uuid } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';
import { eventProperties } from '../catalogue/catalogue.schemas.js';

const closed = { additionalProperties: false } as const;
/** Names must contain something besides spaces. */
const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone offset' });

const RowBody = Type.Object({ label: Name(10), seats: Type.Integer({ minimum: 1, maximum: venueLimits.seatsPerRow }) }, closed);

const SectionBody = Type.Object(
  {
    name: Name(100),
    kind: Type.Union([Type.Literal('seated'), Type.Literal('ga')]),
    rows: Type.Optional(Type.Array(RowBody, { minItems: 1, maxItems: venueLimits.rows, description: 'Seated: front row first' })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: venueLimits.gaCapacity, description: 'General admission: places' })),
  },
  closed,
);

export const CreateVenueBody = Type.Object(
  {
    name: Name(200),
    city: Name(100),
    address: Type.String({ maxLength: 300 }),
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
    currency: Type.Optional(
      Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code its events are priced in by default; EUR if omitted' }),
    ),
    taxRateBasisPoints: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 5000,
        description: 'Sales tax included in all-in prices, basis points (2000 = 20 %); 0 if omitted',
      }),
    ),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    sections: Type.Array(SectionBody, { minItems: 1, maxItems: venueLimits.sections }),
  },
  closed,
);

export const PatchVenueBody = Type.Object(
  {
    name: Type.Optional(CreateVenueBody.properties.name),
    city: Type.Optional(CreateVenueBody.properties.city),
    address: Type.Optional(CreateVenueBody.properties.address),
    timezone: Type.Optional(CreateVenueBody.properties.timezone),
    currency: CreateVenueBody.properties.currency,
    taxRateBasisPoints: CreateVenueBody.properties.taxRateBasisPoints,
    sections: Type.Optional(
      Type.Array(SectionBody, {
        minItems: 1,
        maxItems: venueLimits.sections,
        description: 'A new layout; only while no event at the venue was ever published (else 409 CONFLICT)',
      }),
    ),
  },
  { ...closed, minProperties: 1 },
);

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  closed,
);

export const ManagedEventsQuery = Type.Object(
  {
    ...PageQuery.properties,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Only events whose title contains this, any case' })),
    status: Type.Optional(literalUnion(eventStatuses, { description: 'Only events in this status' })),
  },
  closed,
);

export const VenueListReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      city: Type.String(),
      address: Type.String(),
      timezone: Type.String(),
      currency: Type.String(),
      taxRateBasisPoints: Type.Integer(),
      capacity: Type.Integer(),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const TierBody = Type.Object(
  {
    name: Name(100),
    price: Money,
    sectionIds: Type.Array(Uuid, { minItems: 1, maxItems: venueLimits.sections, uniqueItems: true }),
  },
  closed,
);

const Category = literalUnion(categories);
const Performers = Type.Array(Name(200), { minItems: 1, maxItems: 20 });
const PriceTiers = Type.Array(TierBody, { minItems: 1, maxItems: 20 });
const Policy = Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form policy, stored as given' });

const eventFields = {
  title: Name(200),
  description: Type.String({ maxLength: 10_000 }),
  category: Category,
  startsAt: DateTime,
  performers: Performers,
  priceTiers: PriceTiers,
  perUserLimit: Type.Integer({ minimum: 1, maximum: 50 }),
  holdSeconds: Type.Integer({ minimum: 30, maximum: 3600 }),
  cancellationCutoffHours: Type.Integer({ minimum: 0, maximum: 8760 }),
  transferCutoffMinutes: Type.Integer({
    minimum: 0,
    maximum: 43200,
    description: 'Fans may transfer tickets to each other until this many minutes before the start (default 60)',
  }),
};

export const CreateEventBody = Type.Object(
  {
    ...eventFields,
    venueId: Uuid,
    perUserLimit: Type.Optional(eventFields.perUserLimit),
    holdSeconds: Type.Optional(eventFields.holdSeconds),
    cancellationCutoffHours: Type.Optional(eventFields.cancellationCutoffHours),
    transferCutoffMinutes: Type.Optional(eventFields.transferCutoffMinutes),
    saleStartsAt: Type.Optional(DateTime),
    saleEndsAt: Type.Optional(DateTime),
    pricing: Type.Optional(Policy),
    queue: Type.Optional(Policy),
  },
  closed,
);

export const PatchEventBody = Type.Object(
  {
    title: Type.Optional(eventFields.title),
    description: Type.Optional(eventFields.description),
    category: Type.Optional(eventFields.category),
    startsAt: Type.Optional(eventFields.startsAt),
    performers: Type.Optional(eventFields.performers),
    priceTiers: Type.Optional(eventFields.priceTiers),
    perUserLimit: Type.Optional(eventFields.perUserLimit),
    holdSeconds: Type.Optional(eventFields.holdSeconds),
    cancellationCutoffHours: Type.Optional(eventFields.cancellationCutoffHours),
    transferCutoffMinutes: Type.Optional(eventFields.transferCutoffMinutes),
    saleStartsAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
    saleEndsAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
  },
  { ...closed, minProperties: 1 },
);

export const RescheduleBody = Type.Object(
  {
    startsAt: DateTime,
    refundWindowDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 90,
        description: 'Days holders may cancel for a full refund whatever the cut-off (14 if omitted; never past the new start)',
      }),
    ),
  },
  closed,
);

export const CancelEventBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      pattern: '\\S',
      description: 'Shown on the event page and mailed to every holder',
    }),
  },
  closed,
);

export const DuplicateEventBody = Type.Object({ startsAt: DateTime, title: Type.Optional(eventFields.title) }, closed);

const adminEventProperties = {
  ...eventProperties,
  organizerId: Uuid,
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  inventoryReady: Type.Boolean(),
};
export const AdminEvent = Type.Object(adminEventProperties);
export const AdminEventReply = Type.Object({ event: AdminEvent });
export const AdminEventDetailReply = Type.Object({
  event: Type.Object({
    ...adminEventProperties,
    sales: Type.Object(
      { sold: Type.Integer(), held: Type.Integer(), available: Type.Integer() },
      { description: 'A hold past its expiry counts as available' },
    ),
  }),
});
export const AdminEventListReply = Type.Object({ items: Type.Array(AdminEvent), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** Request and response types, for the web app and other TypeScript clients. */
export type SectionBody = Static<typeof SectionBody>;
export type CreateVenueBody = Static<typeof CreateVenueBody>;
export type PageQuery = Static<typeof PageQuery>;
export type PatchVenueBody = Static<typeof PatchVenueBody>;
export type RescheduleBody = Static<typeof RescheduleBody>;
export type CancelEventBody = Static<typeof CancelEventBody>;
export type DuplicateEventBody = Static<typeof DuplicateEventBody>;
export type ManagedEventsQuery = Static<typeof ManagedEventsQuery>;
export type VenueListReply = Static<typeof VenueListReply>;
export type CreateEventBody = Static<typeof CreateEventBody>;
export type PatchEventBody = Static<typeof PatchEventBody>;
export type AdminEvent = Static<typeof AdminEvent>;
export type AdminEventReply = Static<typeof AdminEventReply>;
export type AdminEventDetailReply = Static<typeof AdminEventDetailReply>;
export type AdminEventListReply = Static<typeof AdminEventListReply>;
