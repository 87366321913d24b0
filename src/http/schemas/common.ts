import { Type, type Static } from 'typebox';
import { wireErrorCodes } from '../../domain/errors.js';

/**
 * Shapes shared by many routes. Route-specific schemas live beside their route.
 * Schema files import nothing Node-only: the web app imports their types.
 */

/** The closed set of error codes (src/domain/errors.ts): an enum in the OpenAPI document, a union of literals in TypeScript. */
export const ErrorCode = Type.Enum(wireErrorCodes, { type: 'string', description: 'What went wrong; stable, for code to branch on' });
export type ErrorCode = Static<typeof ErrorCode>;

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: ErrorCode,
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error: a closed code, a human message, optional details' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

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
