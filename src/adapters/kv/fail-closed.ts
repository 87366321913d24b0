import { AppError } from '../../domain/errors.js';
import { isKvUnavailable } from './kv-store.js';

/** How long a client should wait before retrying while the store is away (Redis reconnects within ~2 s). */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 UNAVAILABLE with a Retry-After: the error handler turns
 * `details.retryAfterSeconds` into the header.
 */
function storeUnavailable(message = 'This is briefly unavailable; please retry shortly'): AppError {
  return new AppError('UNAVAILABLE', message, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS });
}

/**
 * Runs a KvStore operation that must not proceed without the store (a
 * waiting-room join: handing out positions without the counter would be
 * unfair), turning an outage into `storeUnavailable()`. Other errors pass.
 */
export async function failClosed<T>(op: () => Promise<T>, message?: string): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (isKvUnavailable(err)) throw storeUnavailable(message);
    throw err;
  }
}
