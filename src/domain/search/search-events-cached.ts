import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import {
  cacheKeys,
  listingGeneration,
  readCacheEnabled,
  readTtlMs,
  represent,
  type Representation,
  type Serialize,
} from '../catalogue/read-cache.js';
import { searchEvents } from './search-events.js';
import type { SearchInput } from './search.types.js';

/**
 * A search page ready to send. Pages are cached under the listing generation,
 * which every catalogue change bumps (outbox), so a changed event never shows
 * stale in a listing for longer than the worker takes to deliver; seat counts
 * and time passing are bounded by the TTL. Invalid input is never cached: it
 * throws before anything is stored.
 */
export async function searchEventsCached(deps: Deps, input: SearchInput, serialize: Serialize): Promise<Representation> {
  const load = async (): Promise<Representation> => represent(await searchEvents(deps, input), serialize);
  if (!readCacheEnabled(deps)) return load();
  const generation = await listingGeneration(deps);
  if (generation === null) return load();
  return deps.cache.getOrLoad(cacheKeys.listing(generation, fingerprint(input)), readTtlMs.listing, load);
}

/** Same request, same key: parameters in a fixed order, text trimmed and lower-cased as the search treats it. */
function fingerprint(input: SearchInput): string {
  const normal = [
    input.q?.trim().toLowerCase() ?? null,
    input.city?.trim().toLowerCase() ?? null,
    input.category ?? null,
    input.from ?? null,
    input.to ?? null,
    input.minPrice ?? null,
    input.maxPrice ?? null,
    input.available ?? false,
    input.sort ?? null,
    input.limit ?? null,
    input.cursor ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(normal)).digest('base64url').slice(0, 27);
}
