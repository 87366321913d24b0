/**
 * The closed set of domain error codes. The HTTP layer maps each to a status in
 * one place (src/http/plugins/errors.ts); use cases only throw AppError.
 */
export const errorStatus = {
  /** Input failed its schema or a field-level rule. */
  VALIDATION_FAILED: 400,
  /** No or an invalid/expired bearer token. */
  UNAUTHENTICATED: 401,
  /** Login with an unknown email or a wrong password (never says which). */
  INVALID_CREDENTIALS: 401,
  /** Password right, and the account has two-factor sign-in on: send a code with the challenge in `details`. */
  TOTP_REQUIRED: 401,
  /** Authenticated, but the role or ownership does not allow this. */
  FORBIDDEN: 403,
  /** A hold on a queued event without an admitted waiting-room token. */
  QUEUE_TOKEN_REQUIRED: 403,
  /** A hold during an event's presale without an access code. */
  CODE_REQUIRED: 403,
  /** Unknown or disabled access code, or one that does not unlock the tier asked for. */
  CODE_INVALID: 422,
  /** An access code used outside its validity window. */
  CODE_EXPIRED: 422,
  /** An access code with no use left. */
  CODE_EXHAUSTED: 409,
  /** Unknown id, or a resource the caller may not know exists. */
  NOT_FOUND: 404,
  /** Registration with an email that already has an account. */
  EMAIL_TAKEN: 409,
  /** One or more requested seats are held or sold; nothing was held. */
  SEATS_UNAVAILABLE: 409,
  /** The user already has a live hold or an order for this event. */
  ACTIVE_BOOKING_EXISTS: 409,
  /** A row lock could not be taken in time; the client may retry. */
  BUSY: 409,
  /** A unique name or state conflict not covered by a more specific code. */
  CONFLICT: 409,
  /** The hold passed its expiry; nothing was charged. */
  HOLD_EXPIRED: 410,
  /** Payment declined by the provider; the hold is kept until it expires. */
  PAYMENT_DECLINED: 402,
  /** More tickets than the event's per-user limit, or a hold extended beyond its limits. */
  LIMIT_EXCEEDED: 422,
  /** The event is not on sale (draft, sale not open yet, ended, cancelled). */
  NOT_ON_SALE: 422,
  /** A waiting-room join after the event sold out: the queue is closed. */
  SOLD_OUT: 409,
  /** The action is not allowed in the resource's current state. */
  INVALID_STATE: 422,
  /** Cancellation requested after the event's cancellation cut-off. */
  CANCELLATION_CLOSED: 422,
  /** Checkout without an Idempotency-Key header. */
  IDEMPOTENCY_KEY_REQUIRED: 400,
  /** The same Idempotency-Key was used with a different request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** Too many requests; Retry-After says when to come back. */
  RATE_LIMITED: 429,
  /** A dependency (database, Redis) is unreachable. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Codes only the HTTP layer answers with: a framework 4xx no closer code fits (413, 415 …), and the logged 500. */
const transportErrorCodes = ['BAD_REQUEST', 'INTERNAL_ERROR'] as const;

/** Every `error.code` a client can receive: the closed set, as the OpenAPI document lists it. */
export type WireErrorCode = ErrorCode | (typeof transportErrorCodes)[number];
export const wireErrorCodes: readonly WireErrorCode[] = [...(Object.keys(errorStatus) as ErrorCode[]), ...transportErrorCodes];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this'): AppError => new AppError('FORBIDDEN', message);
