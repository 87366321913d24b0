import { Type, type Static } from 'typebox';
import { categories } from '../../../domain/catalogue/catalogue.types.js';
import { defaultLimit, maxLimit, searchSorts } from '../../../domain/search/search.types.js';
import { Money, Uuid } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Search text; typo-tolerant, the last word matches as a prefix' })),
    city: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exact city, case-insensitive' })),
    category: Type.Optional(literalUnion(categories)),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Events starting at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Events starting at or before' })),
    fromDate: Type.Optional(
      Type.String({
        format: 'date',
        description: "Events on or after this calendar day as the venue's clock reads it (in the venue's IANA zone, whatever the caller's)",
      }),
    ),
    toDate: Type.Optional(
      Type.String({ format: 'date', description: "Events on or before this calendar day, in the venue's time zone (inclusive)" }),
    ),
    currency: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{3}$',
        description: "ISO 4217: only events priced in it. Prices are never converted: minPrice/maxPrice are in each event's own currency",
      }),
    ),
    minPrice: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Minor units; matches events whose price range overlaps' }),
    ),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Minor units' })),
    available: Type.Optional(Type.Boolean({ description: 'Only events with seats left' })),
    sort: Type.Optional(literalUnion(searchSorts, { description: 'Default: relevance with q, else date' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit })),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1024, pattern: '^[A-Za-z0-9_-]+$', description: 'nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

const SaleStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('on_sale'),
  Type.Literal('sold_out'),
  Type.Literal('ended'),
  Type.Literal('cancelled'),
  Type.Literal('removed'),
]);

export const EventSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  category: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  venue: Type.Object({
    id: Uuid,
    name: Type.String(),
    city: Type.String(),
    timezone: Type.String({ description: 'IANA time zone of the venue' }),
  }),
  performers: Type.Array(Type.String()),
  fromPrice: Type.Union([Money, Type.Null()]),
  saleStatus: SaleStatus,
  seatsAvailable: Type.Integer(),
  popularity: Type.Integer(),
});

export const SearchReply = Type.Object({
  items: Type.Array(EventSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last page' }),
});

/** Response types, for the web app and other TypeScript clients. */
export type EventSummary = Static<typeof EventSummary>;
export type SearchReply = Static<typeof SearchReply>;
