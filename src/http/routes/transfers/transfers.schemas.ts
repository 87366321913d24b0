import { Type, type Static } from 'typebox';
import { errorReplies, Money } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';
import { Email } from '../accounts/accounts.schemas.js';

const DateTime = Type.String({ format: 'date-time' });

export const TransferBody = Type.Object(
  {
    email: { ...Email, description: 'The recipient: the account that confirmed this address can accept' },
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const TransferTicketSchema = Type.Object({
  id: Type.String(),
  serial: Type.String(),
  status: Type.String(),
  eventId: Type.String(),
  eventTitle: Type.String(),
  startsAt: DateTime,
  venueTimeZone: Type.String({ description: 'IANA zone of the venue: show startsAt in it' }),
  seat: Type.Object({
    section: Type.String(),
    row: Type.Union([Type.String(), Type.Null()]),
    number: Type.Union([Type.Integer(), Type.Null()]),
  }),
  transfersCloseAt: Type.String({ format: 'date-time', description: "The organizer's cut-off: no offer or acceptance after it" }),
});

export const TransferSchema = Type.Object({
  id: Type.String(),
  status: literalUnion(['pending', 'accepted', 'declined', 'cancelled'] as const),
  to: Type.String({ description: 'The recipient address, masked (the address is not stored)' }),
  faceValue: Money,
  createdAt: DateTime,
  settledAt: Type.Union([DateTime, Type.Null()]),
  ticket: TransferTicketSchema,
});

export const TransferReply = Type.Object({ transfer: TransferSchema });
export type TransferReply = Static<typeof TransferReply>;

export const MyTransfersReply = Type.Object({
  emailVerified: Type.Boolean({ description: 'Offers to your address are listed only once you confirmed it' }),
  incoming: Type.Array(TransferSchema),
  outgoing: Type.Array(TransferSchema),
  received: Type.Array(TransferTicketSchema),
});
export type MyTransfersReply = Static<typeof MyTransfersReply>;

export const transferErrors = { ...errorReplies, 429: errorReplies[400] };
