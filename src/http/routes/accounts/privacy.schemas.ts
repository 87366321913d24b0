import { Type, type Static } from 'typebox';
import { EMAIL_MAX } from '../../../domain/users/users.types.js';
import { Money, Uuid } from '../../schemas/common.js';

const DateTime = Type.String({ format: 'date-time' });
const Purpose = Type.Union([Type.Literal('terms'), Type.Literal('marketing')]);

export const EraseBody = Type.Object(
  {
    email: Type.String({
      minLength: 1,
      maxLength: EMAIL_MAX + 20,
      description: "The account's own address, typed by its owner to confirm: nothing changes unless it matches",
    }),
  },
  { additionalProperties: false },
);

export const ErasurePreviewResponse = Type.Object({
  upcomingTickets: Type.Array(
    Type.Object({
      orderId: Uuid,
      eventTitle: Type.String(),
      startsAt: DateTime,
      venueTimeZone: Type.String({ description: 'IANA zone: show startsAt in it' }),
      ticketCount: Type.Integer({ minimum: 0 }),
      refund: Money,
    }),
    { description: 'Orders whose tickets erasure voids and refunds' },
  ),
  policy: Type.String({ description: 'What erasure does to bookings and data, in plain words' }),
});

const ConsentState = Type.Object({
  purpose: Purpose,
  granted: Type.Boolean(),
  currentVersion: Type.String({ description: 'Version of the wording shown today' }),
  text: Type.String({ description: 'The wording itself' }),
  grantedVersion: Type.Union([Type.String(), Type.Null()], { description: 'Version the open grant was given for' }),
  grantedAt: Type.Union([DateTime, Type.Null()]),
});

export const ConsentsResponse = Type.Object({
  consents: Type.Array(ConsentState),
  history: Type.Array(
    Type.Object({ purpose: Purpose, wordingVersion: Type.String(), grantedAt: DateTime, withdrawnAt: Type.Union([DateTime, Type.Null()]) }),
    { description: 'Every grant and withdrawal, oldest first' },
  ),
});
export const ConsentParams = Type.Object({ purpose: Purpose }, { additionalProperties: false });
export const ConsentBody = Type.Object({ granted: Type.Boolean() }, { additionalProperties: false });
export const ConsentResponse = Type.Object({ consent: ConsentState });

export type EraseBody = Static<typeof EraseBody>;
export type ErasurePreviewResponse = Static<typeof ErasurePreviewResponse>;
export type ConsentsResponse = Static<typeof ConsentsResponse>;
export type ConsentBody = Static<typeof ConsentBody>;
export type ConsentResponse = Static<typeof ConsentResponse>;
