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

interface Entry {
  value: string;
  expiresAt: number | null;
}

/** In-process KvStore: one Map, lazy expiry plus an occasional sweep. */
export function createMemoryKvStore(opts: MemoryKvOptions = {}): KvStore {
  const now = opts.now ?? Date.now;
  const max = opts.maxEntries ?? Infinity;
  const map = new Map<string, Entry>();
  let lastSweep = now();

  const live = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };

  // Keys nobody reads again would otherwise stay forever; one pass a second is cheap.
  const sweep = (): void => {
    const t = now();
    if (t - lastSweep < 1000) return;
    lastSweep = t;
    for (const [key, entry] of map) if (entry.expiresAt !== null && entry.expiresAt <= t) map.delete(key);
  };

  const write = (key: string, entry: Entry): void => {
    // Re-inserting moves the key to the young end of the Map's order (LRU).
    map.delete(key);
    map.set(key, entry);
    sweep();
    while (map.size > max) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  };

  const touch = (key: string, entry: Entry): void => {
    if (max === Infinity) return;
    map.delete(key);
    map.set(key, entry);
  };

  const expiry = (ttlMs?: number): number | null => (ttlMs === undefined ? null : now() + Math.max(1, ttlMs));

  const incrBy = async (key: string, by: number): Promise<number> => {
    const entry = live(key);
    const current = entry ? Number(entry.value) : 0;
    if (!Number.isInteger(current)) throw new Error(`value at ${key} is not an integer`);
    const next = current + by;
    write(key, { value: String(next), expiresAt: entry?.expiresAt ?? null });
    return next;
  };

  return {
    kind: 'memory',
    async get(key) {
      const entry = live(key);
      if (!entry) return null;
      touch(key, entry);
      return entry.value;
    },
    async mget(keys) {
      return keys.map((key) => live(key)?.value ?? null);
    },
    async set(key, value, ttlMs) {
      write(key, { value, expiresAt: expiry(ttlMs) });
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      write(key, { value, expiresAt: expiry(ttlMs) });
      return true;
    },
    async del(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) map.delete(key);
    },
    incr: (key) => incrBy(key, 1),
    incrBy,
    async expire(key, ttlMs) {
      const entry = live(key);
      if (!entry) return false;
      entry.expiresAt = expiry(ttlMs);
      return true;
    },
    async ttl(key) {
      const entry = live(key);
      if (!entry || entry.expiresAt === null) return null;
      return entry.expiresAt - now();
    },
    isHealthy: () => true,
    // Nothing to release; a worker finishing after the app closed still reads its state.
    async close() {},
  };
}
