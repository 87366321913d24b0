import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';

/**
 * The read path at 100:1. Public catalogue reads are cached as ready-to-send
 * representations (serialized body + ETag), so a hit costs no database query,
 * no serialization and no hashing. Catalogue changes reach the cache through
 * the outbox (src/jobs/handlers/cache.handler.ts): detail and seat-map keys
 * are dropped, and listings carry a generation number in their key, bumped
 * instead of enumerating every cached search.
 */
export interface Representation {
  etag: string;
  /** JSON text as the route's response schema serializes it. */
  body: string;
}

export type Serialize = (value: unknown) => string;

/**
 * Server-side lifetimes. Detail and listings are invalidated on catalogue
 * changes; the TTL bounds what nothing announces (seats_available, which the
 * worker refreshes, and time passing). Availability's bound is its freshness
 * promise; the seat map changes only with the event, which invalidates it.
 */
export const readTtlMs = { detail: 30_000, listing: 30_000, seatMap: 3_600_000, availability: 1_000 } as const;

export const cacheKeys = {
  detail: (eventId: string) => `catalogue:event:${eventId}`,
  seatMap: (eventId: string) => `catalogue:seatmap:${eventId}`,
  listingGeneration: 'catalogue:listing-generation',
  listing: (generation: string, fingerprint: string) => `catalogue:listing:${generation}:${fingerprint}`,
};

export function readCacheEnabled(deps: Pick<Deps, 'config'>): boolean {
  return deps.config.readCache === true;
}

export function etagOf(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22);
}

export function represent(value: unknown, serialize: Serialize, etag?: string): Representation {
  const body = serialize(value);
  return { etag: etag ?? etagOf(body), body };
}

/**
 * Availability changes with every hold, so it is not worth a round trip to
 * Redis: each instance keeps one copy per event, shared by all its clients,
 * never older than `maxAgeMs` (on deps.clock, so tests control it). Past 80 %
 * of that age one background reload starts while the current copy is still
 * served, so under steady load nobody waits for the query; a copy at its
 * limit is never served, and concurrent misses share one load.
 */
interface LocalEntry {
  value: Promise<LocalRepresentation>;
  loadedAt: number;
  settled: boolean;
  refreshing: boolean;
}

/** The body as bytes: encoded once per load, not once per request. */
export interface LocalRepresentation {
  etag: string;
  body: Buffer;
}

export interface InstanceCache {
  get(key: string, maxAgeMs: number, load: () => Promise<Representation>): Promise<LocalRepresentation>;
}

const instanceCaches = new WeakMap<object, InstanceCache>();
const maxLocalEntries = 2_000;

export function instanceCache(deps: Pick<Deps, 'clock'>): InstanceCache {
  let cache = instanceCaches.get(deps);
  if (cache) return cache;
  const entries = new Map<string, LocalEntry>();
  const start = (key: string, load: () => Promise<Representation>): LocalEntry => {
    const entry: LocalEntry = {
      value: Promise.resolve(null as never),
      loadedAt: deps.clock.now().getTime(),
      settled: false,
      refreshing: false,
    };
    entry.value = load().then((rep) => ({ etag: rep.etag, body: Buffer.from(rep.body) }));
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        // A failed load is not kept: the next request tries again.
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxLocalEntries) entries.delete(entries.keys().next().value!);
    return entry;
  };
  cache = {
    async get(key, maxAgeMs, load) {
      const now = deps.clock.now().getTime();
      const entry = entries.get(key);
      if (!entry || (entry.settled && now - entry.loadedAt >= maxAgeMs)) return start(key, load).value;
      if (entry.settled && !entry.refreshing && now - entry.loadedAt >= maxAgeMs * 0.8) {
        entry.refreshing = true;
        const next = start(key, load);
        // Keep answering from the current copy until the fresh one is in.
        entries.set(key, entry);
        next.value.then(
          () => {
            if (entries.get(key) === entry) entries.set(key, next);
          },
          () => {
            entry.refreshing = false;
          },
        );
      }
      return entry.value;
    },
  };
  instanceCaches.set(deps, cache);
  return cache;
}

/**
 * The listing generation: part of every cached listing key. A store that
 * cannot be read yields null and the caller skips the cache (fail open).
 */
export async function listingGeneration(deps: Pick<Deps, 'kv'>): Promise<string | null> {
  try {
    return (await deps.kv.get(cacheKeys.listingGeneration)) ?? '0';
  } catch {
    return null;
  }
}

/**
 * Drops what an event change makes stale. Idempotent: running it twice (an
 * outbox retry) only costs one more reload.
 */
export async function invalidateEventReads(deps: Pick<Deps, 'kv' | 'cache'>, eventId: string): Promise<void> {
  await deps.cache.del([cacheKeys.detail(eventId), cacheKeys.seatMap(eventId)]);
  // Not fail-open: a generation that could not be bumped must make the outbox retry.
  await deps.kv.incr(cacheKeys.listingGeneration);
}
