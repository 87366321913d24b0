import { Type, type Static } from 'typebox';
import { Uuid } from '../../schemas/common.js';

const Word = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });

export const AuditQuery = Type.Object(
  {
    subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z_]+$', description: 'e.g. user, order, event' })),
    subjectId: Type.Optional(Word),
    actorId: Type.Optional(Uuid),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_.]+$', description: 'e.g. user.viewed' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const AuditResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      actorId: Type.Union([Uuid, Type.Null()], { description: 'Null: the system (worker, provider webhook)' }),
      action: Type.String(),
      subjectType: Type.String(),
      subjectId: Type.String(),
      details: Type.Unknown({ description: 'Ids, counts and how the subject was reached; never personal data' }),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export type AuditQuery = Static<typeof AuditQuery>;
export type AuditResponse = Static<typeof AuditResponse>;
