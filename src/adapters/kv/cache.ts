import type { Logger } from '../../logger.js';
import type { KvStore } from './kv-store.js';

/**
 * JSON values with a TTL on top of a KvStore. The cache only ever makes reads
 * cheaper, so it FAILS OPEN: any store error counts as a miss (the caller goes
 * to PostgreSQL) and writes are dropped; never a 500 because Redis is away.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  del(keys: string | readonly string[]): Promise<void>;
  /**
   * The cached value, or the loader's (then cached for `ttlMs`). Concurrent
   * misses of one key on this instance share one loader call (single-flight),
   * so a thundering herd costs one database query per instance.
   * A loader error propagates to every waiter and nothing is cached.
   */
  getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T>;
}

export interface CacheOptions {
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export function createCache(store: KvStore, opts: CacheOptions = {}): Cache {
  const inflight = new Map<string, Promise<unknown>>();
  // One warning per outage, not one per request: an on-sale would otherwise log millions.
  let failing = false;

  const failed = (err: unknown, op: string): void => {
    if (failing) return;
    failing = true;
    opts.logger?.warn({ err, op, store: store.kind }, 'cache store unavailable; serving from the database');
  };
  const succeeded = (): void => {
    if (!failing) return;
    failing = false;
    opts.logger?.info({ store: store.kind }, 'cache store reachable again');
  };

  const get = async <T>(key: string): Promise<T | undefined> => {
    let raw: string | null;
    try {
      raw = await store.get(key);
      succeeded();
    } catch (err) {
      failed(err, 'get');
      return undefined;
    }
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  };

  const set = async <T>(key: string, value: T, ttlMs: number): Promise<void> => {
    if (value === undefined) return;
    try {
      await store.set(key, JSON.stringify(value), ttlMs);
      succeeded();
    } catch (err) {
      failed(err, 'set');
    }
  };

  return {
    get,
    set,
    async del(keys) {
      try {
        await store.del(keys);
        succeeded();
      } catch (err) {
        failed(err, 'del');
      }
    },
    getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> {
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const run = (async () => {
        const hit = await get<T>(key);
        if (hit !== undefined) return hit;
        const value = await loader();
        await set(key, value, ttlMs);
        return value;
      })().finally(() => inflight.delete(key));
      inflight.set(key, run);
      return run;
    },
  };
}
