import { Type, type Static } from 'typebox';
import { Uuid } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const statuses = ['waiting', 'offered', 'lapsed', 'purchased', 'left', 'cleared'] as const;
const EntryStatus = literalUnion(statuses, {
  description: 'waiting; offered (seats held for the fan); lapsed (offer expired or declined); purchased; left; cleared (by the organizer)',
});
const TierRef = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const JoinWaitingListBody = Type.Object(
  {
    tierId: Type.Optional({ ...Uuid, description: 'Only seats of this price tier; any tier when absent' }),
    quantity: Type.Integer({ minimum: 1, maximum: 100, description: "Seats wanted, within the event's per-person limit" }),
  },
  { additionalProperties: false },
);
export type JoinWaitingListBody = Static<typeof JoinWaitingListBody>;

export const WaitingListEntrySchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  tier: TierRef,
  quantity: Type.Integer(),
  status: EntryStatus,
  place: Nullable(Type.Integer({ description: '1 = the next fan to be offered seats; null once offered' })),
  offer: Nullable(
    Type.Object({
      holdId: Type.String({ description: 'The hold with the offered seats, listed under GET /me/holds: check it out or release it' }),
      expiresAt: DateTime,
    }),
  ),
  joinedAt: DateTime,
});
export type WaitingListEntry = Static<typeof WaitingListEntrySchema>;

export const WaitingListEntryReply = Type.Object({ entry: WaitingListEntrySchema });
export const MyWaitingListReply = Type.Object({ entry: Nullable(WaitingListEntrySchema) });
export type MyWaitingListReply = Static<typeof MyWaitingListReply>;

export const ManagedEntrySchema = Type.Object({
  id: Type.String(),
  place: Nullable(Type.Integer({ description: '1-based place among waiting entries; null for offers and closed entries' })),
  tier: TierRef,
  quantity: Type.Integer(),
  status: EntryStatus,
  offerExpiresAt: Nullable(DateTime),
  joinedAt: DateTime,
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
});
export type ManagedEntry = Static<typeof ManagedEntrySchema>;

export const ManagedListReply = Type.Object({
  offerMinutes: Type.Integer({ description: 'How long an offer holds its seats' }),
  items: Type.Array(ManagedEntrySchema),
  total: Type.Integer({ description: 'Entries matching the filter' }),
  waiting: Type.Integer({ description: 'Fans still waiting' }),
});
export type ManagedListReply = Static<typeof ManagedListReply>;

export const ManagedListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    live: Type.Boolean({ default: true, description: 'Only offers and waiting fans (false: closed entries too)' }),
  },
  { additionalProperties: false },
);

export const ReorderBody = Type.Object(
  {
    entryId: Uuid,
    place: Type.Integer({ minimum: 1, maximum: 1_000_000, description: '1 = next to be offered; past the end = last' }),
  },
  { additionalProperties: false },
);
export type ReorderBody = Static<typeof ReorderBody>;

export const ClearQuery = Type.Object(
  { entryId: Type.Optional({ ...Uuid, description: 'Clear only this entry; the whole list when absent' }) },
  { additionalProperties: false },
);
export const ClearReply = Type.Object({ cleared: Type.Integer() });

export const OfferWindowBody = Type.Object(
  { offerMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'How long an offer holds its seats' }) },
  { additionalProperties: false },
);
export const OfferWindowReply = Type.Object({ offerMinutes: Type.Integer() });
