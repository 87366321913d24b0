/**
 * The small key-value surface that the cache, the waiting room and counters
 * need. Two implementations pass one contract suite (test/adapters/kv-pubsub-contract.test.ts):
 * in-process (memory-kv-store.ts) and Redis (redis-kv-store.ts).
 *
 * Values are strings; TTLs are milliseconds. Every method rejects with
 * `KvUnavailableError` when the store cannot be reached, fast (no queueing
 * while Redis is away), so callers decide per use: the cache fails open,
 * the waiting room fails closed (see fail-closed.ts).
 */
export interface KvStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** One round trip for many keys; missing keys are null, in the same order. */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Without `ttlMs` the key lives until deleted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Atomic: true for exactly one of many racing callers. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  del(keys: string | readonly string[]): Promise<void>;
  /** Atomic; a missing key counts from 0. Keeps an existing TTL. */
  incr(key: string): Promise<number>;
  incrBy(key: string, by: number): Promise<number>;
  /** False when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining lifetime in ms; null when the key is missing or has no TTL. */
  ttl(key: string): Promise<number | null>;
  /** False while the backing store is known to be unreachable. */
  isHealthy(): boolean;
  close(): Promise<void>;
}

/** The store is unreachable (Redis down, timed out). Callers fail open or closed. */
export class KvUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KvUnavailableError';
  }
}

export function isKvUnavailable(err: unknown): err is KvUnavailableError {
  return err instanceof KvUnavailableError;
}
