import type { Deps } from '../../context.js';
import { getSeatMap } from './get-seatmap.js';
import { cacheKeys, readCacheEnabled, readTtlMs, represent, type Representation, type Serialize } from './read-cache.js';

/**
 * The seat map ready to send, or only its ETag (`body: null`) when the client
 * already holds that version. A published event's layout changes only with
 * the event itself, whose outbox message drops this key, so it is kept long.
 */
export async function getCachedSeatMap(
  deps: Deps,
  eventId: string,
  serialize: Serialize,
  opts: { unlessVersion?: string } = {},
): Promise<{ etag: string; body: string | null }> {
  const key = cacheKeys.seatMap(eventId);
  if (readCacheEnabled(deps)) {
    const hit = await deps.cache.get<Representation>(key);
    if (hit) return hit;
  }
  const { version, seatMap } = await getSeatMap(deps, eventId, opts);
  if (!seatMap) return { etag: version, body: null };
  const rep = represent(seatMap, serialize, version);
  if (readCacheEnabled(deps)) await deps.cache.set(key, rep, readTtlMs.seatMap);
  return rep;
}
