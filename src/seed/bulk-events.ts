import type { Deps } from '../context.js';
import { categories } from '../domain/catalogue/catalogue.types.js';
import {
  addVocabulary,
  analyzeCatalogue,
  countListedEvents,
  ensurePerformers,
  insertEventBatch,
  venueSections,
  type BulkVenue,
} from './bulk-events.repository.js';
import { demoVenues } from './demo-venues.js';
import { seedDemo } from './demo.js';
import { findDemoMarker } from './seed.repository.js';
import { firstNames, lastNames, titleAdjectives, titleKinds, titleNouns } from './bulk-words.js';

export interface BulkOptions {
  count: number;
  batch?: number;
  log?: (line: string) => void;
}

const performerPool = 2000;

/**
 * Adds `count` generated, published events on the demo venues, set-based, one
 * transaction per batch, for benchmarks and load tests. Seeds the demo data
 * first when it is missing. 1,000,000 events take minutes.
 */
export async function generateEvents(deps: Deps, opts: BulkOptions): Promise<{ events: number; seconds: number }> {
  const log = opts.log ?? (() => {});
  const batchSize = Math.max(1, opts.batch ?? 10_000);
  await seedDemo(deps, log);
  const marker = await findDemoMarker(deps.db);
  if (!marker) throw new Error('demo seed marker missing after seeding');

  const venues = await loadVenues(deps, marker.venueIds);
  const performerNames = Array.from(
    { length: performerPool },
    (_, k) => `${firstNames[k % firstNames.length]} ${lastNames[Math.floor(k / firstNames.length) % lastNames.length]}`,
  );
  const performerIds = await ensurePerformers(deps.db, performerNames);
  const kinds = categories.flatMap((c) => titleKinds[c]);
  await addVocabulary(deps.db, [
    ...titleAdjectives,
    ...titleNouns,
    ...kinds,
    ...performerNames,
    ...venues.flatMap((v) => [v.name, v.city]),
  ]);

  // Numbering continues after what is there, so a second run adds different events.
  const offset = await countListedEvents(deps.db);
  const started = Date.now();
  let done = 0;
  while (done < opts.count) {
    const size = Math.min(batchSize, opts.count - done);
    const first = offset + done + 1;
    const inserted = await deps.db.transaction().execute((tx) =>
      insertEventBatch(tx, {
        first,
        last: first + size - 1,
        now: deps.clock.now(),
        organizerId: marker.organizerId,
        venues,
        categories,
        kinds,
        adjectives: titleAdjectives,
        nouns: titleNouns,
        performerIds,
        performerNames,
      }),
    );
    done += inserted;
    const elapsed = (Date.now() - started) / 1000;
    const rate = done / Math.max(elapsed, 0.001);
    log(
      `bulk: ${done.toLocaleString('en')}/${opts.count.toLocaleString('en')} events, ${Math.round(rate).toLocaleString('en')} events/s, ETA ${Math.round((opts.count - done) / rate)} s`,
    );
  }
  await analyzeCatalogue(deps.db);
  return { events: done, seconds: (Date.now() - started) / 1000 };
}

async function loadVenues(deps: Deps, venueIds: string[]): Promise<BulkVenue[]> {
  const rows = await venueSections(deps.db, venueIds);
  const byVenue = new Map<string, BulkVenue>();
  for (const r of rows) {
    const base = demoVenues.find((d) => d.venue.name === r.venueName)?.basePrices[r.sectionName] ?? 5000;
    let v = byVenue.get(r.venueId);
    if (!v) {
      v = { id: r.venueId, name: r.venueName, city: r.city, capacity: 0, minBase: base, maxBase: base, tiers: [] };
      byVenue.set(r.venueId, v);
    }
    v.capacity += r.capacity;
    v.minBase = Math.min(v.minBase, base);
    v.maxBase = Math.max(v.maxBase, base);
    v.tiers.push({ name: r.sectionName, base, sectionIds: [r.sectionId] });
  }
  return [...byVenue.values()];
}
