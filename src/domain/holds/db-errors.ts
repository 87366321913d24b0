import { AppError } from '../errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

export const isUniqueViolation = (e: unknown, constraint: string): boolean =>
  (e as PgError)?.code === '23505' && (e as PgError).constraint === constraint;

/**
 * Lock timeouts and deadlocks on inventory rows are contention, not faults: the
 * client sees 409 BUSY and may retry.
 */
export function asBusy(e: unknown): unknown {
  const code = (e as PgError)?.code;
  if (code === '55P03' || code === '40P01') return new AppError('BUSY', 'Seats are in high demand right now; please try again');
  return e;
}
