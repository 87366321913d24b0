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

/** The server refused or dropped the connection: refused, shut down by an admin (57P01), too many connections (53300). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const code = codeOf(e);
  return code === 'ECONNREFUSED' || code === '57P01' || code === '53300';
}
