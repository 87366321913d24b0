import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import { nextSaleBoundary } from '../../domain/catalogue/catalogue.rules.js';
import { getAvailability } from '../../domain/catalogue/get-availability.js';
import { getEvent } from '../../domain/catalogue/get-event.js';
import { getSeatLayout } from '../../domain/catalogue/get-seat-layout.js';
import { getSeatMap } from '../../domain/catalogue/get-seatmap.js';
import { searchEvents } from '../../domain/search/search-events.js';
import type { SearchInput } from '../../domain/search/search.types.js';
import { cacheKeys, listingGeneration, readCacheEnabled, readTtlMs } from './read-cache.js';
import { represent, type Representation, type Serialize } from './representation.js';

type TimedRepresentation = Representation & { freshUntil: number };

/**
 * A listed event ready to send. Cached until the catalogue changes it (outbox)
 * or until a sale boundary passes, whichever comes first, so a cached sale
 * status is never wrong for long. Concurrent misses share one load
 * (single-flight), which matters when an on-sale sends everyone here.
 */
export async function eventRepresentation(deps: Deps, eventId: string, serialize: Serialize): Promise<Representation> {
  const load = async (): Promise<TimedRepresentation> => {
    const now = deps.clock.now();
    const view = await getEvent(deps, eventId);
    const boundary = nextSaleBoundary(view, now);
    const ttl = boundary === null ? readTtlMs.detail : Math.min(readTtlMs.detail, boundary.getTime() - now.getTime());
    return { ...represent(view, serialize), freshUntil: now.getTime() + ttl };
  };
  if (!readCacheEnabled(deps)) return load();
  const key = cacheKeys.detail(eventId);
  const cached = await deps.cache.getOrLoad(key, readTtlMs.detail, load);
  if (cached.freshUntil > deps.clock.now().getTime()) return cached;
  await deps.cache.del(key);
  return deps.cache.getOrLoad(key, readTtlMs.detail, load);
}

/**
 * The seat map ready to send, or only its ETag (`body: null`) when the client
 * already holds that version. A published event's layout changes only with
 * the event itself, whose outbox message drops this key, so it is kept long.
 */
export async function seatMapRepresentation(
  deps: Deps,
  eventId: string,
  serialize: Serialize,
  opts: { unlessVersion?: string } = {},
): Promise<{ etag: string; body: string | null }> {
  if (readCacheEnabled(deps)) {
    // A cold key under a crowd is one rebuild per instance (single-flight), never one per request.
    return deps.cache.getOrLoad(cacheKeys.seatMap(eventId), readTtlMs.seatMap, async () => {
      const { version, seatMap } = await getSeatMap(deps, eventId);
      return represent(seatMap, serialize, version);
    });
  }
  const { version, seatMap } = await getSeatMap(deps, eventId, opts);
  if (!seatMap) return { etag: version, body: null };
  return represent(seatMap, serialize, version);
}

/**
 * The compact seat layout of one version, ready to send. The representation
 * is cached under the event (dropped by the same outbox message as the seat
 * map); a request for another version than the cached one goes to the use
 * case, which knows whether that version is current.
 */
export async function seatLayoutRepresentation(
  deps: Deps,
  eventId: string,
  version: string,
  serialize: Serialize,
): Promise<Representation> {
  const key = cacheKeys.seatLayout(eventId);
  if (readCacheEnabled(deps)) {
    const hit = await deps.cache.get<Representation>(key);
    if (hit?.etag === version) return hit;
  }
  const layout = await getSeatLayout(deps, eventId, version);
  const rep = represent(layout, serialize, layout.version);
  if (readCacheEnabled(deps)) await deps.cache.set(key, rep, readTtlMs.seatMap);
  return rep;
}

/**
 * Availability ready to send, at most one second old: all clients of this
 * instance share one load per event per second, however many are polling
 * (deps.local.availability). The ETag is the content hash, so it is the same
 * on every instance.
 */
export async function availabilityRepresentation(
  deps: Deps,
  eventId: string,
  serialize: Serialize,
): Promise<{ etag: string; body: string | Buffer }> {
  const load = async (): Promise<Representation> => {
    const availability = await getAvailability(deps, eventId);
    return represent(availability, serialize, availability.version);
  };
  if (!readCacheEnabled(deps)) return load();
  return deps.local.availability.get(cacheKeys.availability(eventId), async () => {
    const rep = await load();
    return { etag: rep.etag, body: Buffer.from(rep.body) };
  });
}

/**
 * A search page ready to send. Pages are cached under the listing generation,
 * which every catalogue change bumps (outbox), so a changed event never shows
 * stale in a listing for longer than the worker takes to deliver; seat counts
 * and time passing are bounded by the TTL. Invalid input is never cached: it
 * throws before anything is stored.
 */
export async function searchRepresentation(deps: Deps, input: SearchInput, serialize: Serialize): Promise<Representation> {
  const load = async (): Promise<Representation> => represent(await searchEvents(deps, input), serialize);
  if (!readCacheEnabled(deps)) return load();
  const generation = await listingGeneration(deps);
  if (generation === null) return load();
  return deps.cache.getOrLoad(cacheKeys.listing(generation, searchKey(input)), readTtlMs.listing, load);
}

/** Same request, same key: parameters in a fixed order, text trimmed and lower-cased as the search treats it. */
function searchKey(input: SearchInput): string {
  const normal = [
    input.q?.trim().toLowerCase() ?? null,
    input.city?.trim().toLowerCase() ?? null,
    input.category ?? null,
    input.from ?? null,
    input.to ?? null,
    input.fromDate ?? null,
    input.toDate ?? null,
    input.currency ?? null,
    input.minPrice ?? null,
    input.maxPrice ?? null,
    input.available ?? false,
    input.sort ?? null,
    input.limit ?? null,
    input.cursor ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(normal)).digest('base64url').slice(0, 27);
}
