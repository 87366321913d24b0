import type { Deps } from '../../context.js';

/**
 * The read path at 100:1. Public catalogue reads are cached as ready-to-send
 * representations (./representation.ts). Catalogue changes reach the cache
 * through the outbox (src/jobs/handlers/cache.handler.ts): detail and seat-map
 * keys are dropped, and listings carry a generation number in their key,
 * bumped instead of enumerating every cached search.
 */

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
  seatLayout: (eventId: string) => `catalogue:seatlayout:${eventId}`,
  listingGeneration: 'catalogue:listing-generation',
  listing: (generation: string, fingerprint: string) => `catalogue:listing:${generation}:${fingerprint}`,
  availability: (eventId: string) => `availability:${eventId}`,
};

export function readCacheEnabled(deps: Pick<Deps, 'config'>): boolean {
  return deps.config.readCache === true;
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
 * outbox retry) only costs one more reload. The per-instance availability copy
 * lives one second and needs nothing.
 */
export async function invalidateEventReads(deps: Pick<Deps, 'kv' | 'cache'>, eventId: string): Promise<void> {
  await deps.cache.del([cacheKeys.detail(eventId), cacheKeys.seatMap(eventId), cacheKeys.seatLayout(eventId)]);
  // Not fail-open: a generation that could not be bumped must make the outbox retry.
  await deps.kv.incr(cacheKeys.listingGeneration);
}
