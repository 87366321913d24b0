import { LRUCache } from 'lru-cache';
import type { Clock } from '../../domain/clock.js';

/** A representation whose body is bytes: encoded once per load, not once per request. */
export interface LocalRepresentation {
  etag: string;
  body: Buffer;
}

type Load = () => Promise<LocalRepresentation>;

export interface InstanceCache {
  get(key: string, load: Load): Promise<LocalRepresentation>;
}

/**
 * Per-instance copies for reads that change too often to be worth a round
 * trip to Redis (availability changes with every hold): one copy per key,
 * shared by all clients of this instance, never older than `maxAgeMs` counted
 * from when its load started (on `clock`, so tests control it). Past 80 % of
 * that age one background reload starts while the current copy is still
 * served, so under steady load nobody waits for the query; a copy at its limit
 * is never served, concurrent misses share one load, and a failed load is not
 * kept (a failed reload leaves the current copy to its limit).
 */
export function createInstanceCache(opts: { clock: Clock; maxAgeMs: number; maxEntries?: number }): InstanceCache {
  const now = (): number => opts.clock.now().getTime();
  const lru = new LRUCache<string, LocalRepresentation, Load>({
    max: opts.maxEntries ?? 2_000,
    ttl: opts.maxAgeMs,
    perf: { now },
    ttlResolution: 0,
    noDeleteOnFetchRejection: true,
    fetchMethod: async (_key, _current, { options, context }) => {
      const started = now();
      const value = await context();
      options.ttl = Math.max(1, opts.maxAgeMs - (now() - started));
      return value;
    },
  });
  const refreshWithin = opts.maxAgeMs * 0.2;
  const loaded = async (pending: Promise<LocalRepresentation | undefined>, key: string): Promise<LocalRepresentation> => {
    const value = await pending;
    if (value === undefined) throw new Error(`instance cache: no value loaded for ${key}`);
    return value;
  };
  return {
    get(key, load) {
      const remaining = lru.getRemainingTTL(key);
      if (remaining > refreshWithin) {
        // The hot path: a current copy, no promise chain. Undefined while its first load is in flight.
        const hit = lru.get(key);
        if (hit) return Promise.resolve(hit);
        return loaded(lru.fetch(key, { context: load }), key);
      }
      // lru-cache answers its in-flight load to concurrent callers, or the current copy with allowStale.
      return loaded(
        remaining > 0
          ? lru.fetch(key, { context: load, forceRefresh: true, allowStale: true })
          : lru.fetch(key, { context: load, forceRefresh: true }),
        key,
      );
    },
  };
}
