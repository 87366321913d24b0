import { LRUCache } from 'lru-cache';
import type { KvStore } from './kv-store.js';

export interface MemoryKvOptions {
  /**
   * Bound for cache use: past it the least recently used key goes. Leave
   * unset for counters and the waiting room, whose keys must never be evicted.
   */
  maxEntries?: number;
  /** Milliseconds since the epoch; tests pass a controllable clock. */
  now?: () => number;
}

/** In-process KvStore on lru-cache: per-key TTLs, expiry on read plus a sweep at most once a second. */
export function createMemoryKvStore(opts: MemoryKvOptions = {}): KvStore {
  const now = opts.now ?? Date.now;
  const entries = new LRUCache<string, string>({
    // lru-cache refuses an unbounded cache; counting every key as 1 against MAX_SAFE_INTEGER never evicts.
    ...(opts.maxEntries ? { max: opts.maxEntries } : { maxSize: Number.MAX_SAFE_INTEGER, sizeCalculation: () => 1 }),
    perf: { now },
    // Read the clock on every check: a hand-moved test clock must count at once.
    ttlResolution: 0,
  });
  let lastSweep = now();

  // Keys nobody reads again would otherwise stay until evicted (or forever, unbounded); one pass a second is cheap.
  const sweep = (): void => {
    if (now() - lastSweep < 1000) return;
    lastSweep = now();
    entries.purgeStale();
  };

  const ttlOption = (ttlMs?: number): { ttl?: number } => (ttlMs === undefined ? {} : { ttl: Math.max(1, Math.ceil(ttlMs)) });

  const incrBy = async (key: string, by: number): Promise<number> => {
    const value = entries.get(key);
    const current = value === undefined ? 0 : Number(value);
    if (!Number.isInteger(current)) throw new Error(`value at ${key} is not an integer`);
    const next = current + by;
    // An existing key keeps its TTL, as Redis INCR does.
    entries.set(key, String(next), { noUpdateTTL: value !== undefined });
    sweep();
    return next;
  };

  return {
    kind: 'memory',
    async get(key) {
      return entries.get(key) ?? null;
    },
    async mget(keys) {
      return keys.map((key) => entries.peek(key) ?? null);
    },
    async set(key, value, ttlMs) {
      entries.set(key, value, ttlOption(ttlMs));
      sweep();
    },
    async setIfAbsent(key, value, ttlMs) {
      if (entries.has(key)) return false;
      entries.set(key, value, ttlOption(ttlMs));
      sweep();
      return true;
    },
    async del(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) entries.delete(key);
    },
    incr: (key) => incrBy(key, 1),
    incrBy,
    async expire(key, ttlMs) {
      const value = entries.get(key);
      if (value === undefined) return false;
      entries.set(key, value, ttlOption(ttlMs));
      return true;
    },
    async ttl(key) {
      const remaining = entries.getRemainingTTL(key);
      return remaining > 0 && Number.isFinite(remaining) ? remaining : null;
    },
    isHealthy: () => true,
    // Nothing to release; a worker finishing after the app closed still reads its state.
    async close() {},
  };
}
