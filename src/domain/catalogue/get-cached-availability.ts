import type { Deps } from '../../context.js';
import { getAvailability } from './get-availability.js';
import { instanceCache, readCacheEnabled, readTtlMs, represent, type Representation, type Serialize } from './read-cache.js';

/**
 * Availability ready to send, at most one second old: all clients of this
 * instance share one load per event per second, however many are polling.
 * The ETag is the content hash, so it is the same on every instance.
 */
export async function getCachedAvailability(
  deps: Deps,
  eventId: string,
  serialize: Serialize,
): Promise<{ etag: string; body: string | Buffer }> {
  const load = async (): Promise<Representation> => {
    const availability = await getAvailability(deps, eventId);
    return represent(availability, serialize, availability.version);
  };
  if (!readCacheEnabled(deps)) return load();
  return instanceCache(deps).get(`availability:${eventId}`, readTtlMs.availability, load);
}
