import { Type, type Static } from 'typebox';
import { Uuid } from '../../schemas/common.js';
import { maxBulkCodes } from '../../../domain/access-codes/access-code.rules.js';

const closed = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone offset' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const CodeParams = Type.Object({ id: Uuid, codeId: Uuid });

const Discount = Type.Object(
  {
    kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
    value: Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      description: 'percent: 1–100; fixed: minor units of the event currency, per ticket',
    }),
  },
  { ...closed, description: 'Taken off each ticket of the hold, never below zero' },
);

export const AccessCodeBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'Letters, digits, "-" and "_" (3–40 after trimming); stored upper-case',
    }),
    maxUses: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], { description: 'null or omitted: unlimited' }),
    ),
    validFrom: Type.Optional(NullableDateTime),
    validUntil: Type.Optional(NullableDateTime),
    unlocksTierIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: 'Hidden tiers this code unlocks' })),
    discount: Type.Optional(Type.Union([Discount, Type.Null()])),
  },
  closed,
);
export type AccessCodeBody = Static<typeof AccessCodeBody>;

export const BulkAccessCodesBody = Type.Object({ codes: Type.Array(AccessCodeBody, { minItems: 1, maxItems: maxBulkCodes }) }, closed);

export const CsvBody = Type.String({
  maxLength: 2_000_000,
  description:
    'text/csv: code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers (tier names joined by ";"); header optional',
});

export const AccessCodeSchema = Type.Object({
  id: Uuid,
  eventId: Uuid,
  code: Type.String(),
  maxUses: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer({ description: 'Holds and orders using it now (a hold that ends unpaid gives its use back)' }),
  validFrom: NullableDateTime,
  validUntil: NullableDateTime,
  unlocksTierIds: Type.Array(Uuid),
  discount: Type.Union([Discount, Type.Null()]),
  enabled: Type.Boolean(),
  createdAt: DateTime,
});
export const AccessCodeReply = Type.Object({ code: AccessCodeSchema });
export const AccessCodesReply = Type.Object({ items: Type.Array(AccessCodeSchema) });
export const AccessCodePage = Type.Object({ items: Type.Array(AccessCodeSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const DeleteAccessCodeReply = Type.Object({
  deleted: Type.Boolean({ description: 'false: the code was used, so it was disabled instead' }),
  code: Type.Union([AccessCodeSchema, Type.Null()]),
});
export const EnabledBody = Type.Object({ enabled: Type.Boolean() }, closed);

export const PresaleBody = Type.Object(
  {
    presaleStartsAt: Type.Optional(NullableDateTime),
    hiddenTierIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: 'The tiers sold only with a code that unlocks them' })),
  },
  { ...closed, minProperties: 1 },
);
export type PresaleBody = Static<typeof PresaleBody>;

export const CheckCodeParams = Type.Object({ id: Uuid, code: Type.String({ minLength: 1, maxLength: 60 }) });
export const AccessCodeCheckReply = Type.Object({
  code: Type.String(),
  valid: Type.Boolean(),
  reason: Type.Union([Type.Literal('CODE_INVALID'), Type.Literal('CODE_EXPIRED'), Type.Literal('CODE_EXHAUSTED'), Type.Null()]),
  unlocksTiers: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      price: Type.Object({ amount: Type.Integer(), currency: Type.String() }),
      sectionIds: Type.Array(Uuid),
    }),
  ),
  discount: Type.Union([
    Type.Object({ kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]), value: Type.Integer(), perTicket: Type.String() }),
    Type.Null(),
  ]),
  validUntil: NullableDateTime,
  usesLeft: Type.Union([Type.Integer(), Type.Null()]),
});

export type AccessCode = Static<typeof AccessCodeSchema>;
export type AccessCodePage = Static<typeof AccessCodePage>;
export type AccessCodeCheckReply = Static<typeof AccessCodeCheckReply>;
