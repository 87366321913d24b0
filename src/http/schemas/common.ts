import { Type, type Static } from 'typebox';

/** Shapes shared by many routes. Route-specific schemas live beside their route. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error: a closed code, a human message, optional details' },
);

export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Minor units (cents)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof Money>;

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

/** Error replies every route may give; routes add what they specifically answer. */
export const errorReplies = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
} as const;
