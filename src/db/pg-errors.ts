/**
 * The PostgreSQL error codes (SQLSTATE) the application tells apart, known only
 * here: use cases ask these questions instead of comparing codes themselves.
 */
interface PgError {
  code?: string;
  constraint?: string;
}

const codeOf = (e: unknown): string | undefined => (typeof e === 'object' && e !== null ? (e as PgError).code : undefined);

/** A unique index refused the row (23505 unique_violation) — `constraint` names which. */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  return codeOf(e) === '23505' && (e as PgError).constraint === constraint;
}

/** A row lock was not granted in time (55P03 lock_not_available) or the transaction lost a deadlock (40P01). */
export function isLockContention(e: unknown): boolean {
  const code = codeOf(e);
  return code === '55P03' || code === '40P01';
}

interface DriverError {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** SQLSTATEs of a server going away or not taking connections (restart, failover, overload). */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that is down, unreachable or cut off. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres raises these without a code when a connection dies or cannot be had in time. */
const driverMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'the database system is',
];

/**
 * True when the error means "the database cannot be reached right now" (as
 * opposed to a bug or bad data): class 08 connection exceptions, admin or
 * crash shutdown, "cannot connect now", too many connections, refused or
 * broken sockets, and pool connect timeouts. Such a request is answered 503
 * with Retry-After, and the pool reconnects on its own when the server is back.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as DriverError;
  const code = typeof err.code === 'string' ? err.code : '';
  if (unavailableStates.has(code) || code.startsWith('08') || socketCodes.has(code)) return true;
  // Node reports a refused connection to every address of a name as one AggregateError.
  if (Array.isArray(err.errors) && err.errors.some(isDatabaseUnavailable)) return true;
  const message = typeof err.message === 'string' ? err.message : '';
  return driverMessages.some((m) => message.includes(m));
}

/** How long a client should wait before retrying while the database is away (a restart takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
