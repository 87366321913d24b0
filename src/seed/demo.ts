import type { Deps } from '../context.js';
import type { EventInput, PriceTierInput } from '../domain/catalogue/catalogue.types.js';
import { createEvent } from '../domain/catalogue/create-event.js';
import { createVenue } from '../domain/catalogue/create-venue.js';
import { publishEvent } from '../domain/catalogue/publish-event.js';
import type { Principal } from '../security/auth-tokens.js';
import { createCatalogueOwner, ensureDemoAccounts } from './demo-accounts.js';
import { demoEventText, demoStartTime } from './demo-events.js';
import { localMoney, localPrice } from './demo-money.js';
import { demoVenues, type DemoVenue } from './demo-venues.js';
import { createRandom, zonedTime, type Random } from './prng.js';
import { assignScannerToAllEvents, findDemoMarker, insertDemoMarker, setPopularity, withSeedLock } from './seed.repository.js';

const day = 86_400_000;
/** Demo events start between two days and about six months from the seed. */
const horizonDays = 180;

/**
 * Seeds the demo catalogue (15 venues in 14 cities, 220 events) through the
 * real catalogue use cases, plus the demo accounts when config allows them.
 * Returns false when the catalogue was already seeded; missing demo accounts
 * are still created then, so enabling DEMO_SEED later works.
 */
export async function seedDemo(deps: Deps, log: (line: string) => void): Promise<boolean> {
  return withSeedLock(deps.db, async () => {
    const accounts = await ensureDemoAccounts(deps);
    const marker = await findDemoMarker(deps.db);
    if (marker) {
      // A demo scanner made after the catalogue still gets its doors.
      if (accounts?.scanner) await assignScannerToAllEvents(deps.db, accounts.scanner, marker.organizerId);
      return false;
    }

    const started = Date.now();
    const organizerId = accounts?.organizer ?? (await createCatalogueOwner(deps));
    const actor: Principal = { userId: organizerId, roles: ['organizer'] };
    const venueIds: string[] = [];
    let events = 0;
    for (const demo of demoVenues) {
      const { currency, taxRateBasisPoints } = localMoney(demo.venue.city);
      const venue = await createVenue(deps, actor, { ...demo.venue, currency, taxRateBasisPoints });
      venueIds.push(venue.id);
      const sections = new Map(venue.sections.map((s) => [s.name, s.id]));
      // Inputs are drawn in a fixed order (stable data); creating them may overlap.
      const r = createRandom(seedOf(demo.key));
      const planned = Array.from({ length: demo.events }, (_, i) => planDemoEvent(deps.clock.now(), demo, venue.id, sections, i, r));
      await inParallel(planned, concurrency, async (p) => {
        const draft = await createEvent(deps, actor, p.input);
        await publishEvent(deps, actor, draft.id);
        await setPopularity(deps.db, draft.id, p.popularity);
      });
      events += planned.length;
      log(`demo seed: ${demo.venue.name} (${demo.venue.city}): ${demo.events} events`);
    }
    if (accounts?.scanner) await assignScannerToAllEvents(deps.db, accounts.scanner, organizerId);
    await insertDemoMarker(deps.db, { organizerId, venueIds });
    log(
      `demo seed: ${venueIds.length} venues, ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s${accounts ? `; demo accounts: ${Object.keys(accounts).length}` : '; no demo accounts'}`,
    );
    return true;
  });
}

/** The CLI's pool has 5 connections and the seed lock pins one. */
const concurrency = 3;

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface PlannedEvent {
  input: EventInput;
  popularity: number;
}

function planDemoEvent(now: Date, demo: DemoVenue, venueId: string, sections: Map<string, string>, index: number, r: Random): PlannedEvent {
  const category = r.pick(demo.categories);
  const offsetDays = 2 + Math.floor(((index + r.next()) * (horizonDays - 2)) / demo.events);
  const date = new Date(now.getTime() + offsetDays * day);
  const { hour, minute } = demoStartTime(category, r);
  const startsAt = zonedTime(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hour, minute, demo.venue.timezone);
  const text = demoEventText(category, demo.venue.name, demo.venue.city, startsAt.getUTCFullYear(), r);

  const factor = 0.8 + r.next() * 0.8;
  const bands = new Map<string, string[]>();
  for (const [name, id] of sections) {
    const band = demo.priceBand?.(name) ?? name;
    bands.set(band, [...(bands.get(band) ?? []), id]);
  }
  const local = localMoney(demo.venue.city);
  const priceTiers: PriceTierInput[] = [...bands].map(([name, sectionIds]) => ({
    name,
    price: {
      amount: localPrice(Math.max(500, Math.round(((demo.basePrices[name] ?? 5000) * factor) / 50) * 50), local),
      currency: local.currency,
    },
    sectionIds,
  }));

  // Most events are on sale from publication; some open later, some close a few hours before the start.
  const window = r.next();
  const saleStartsAt = window < 0.12 && offsetDays > 40 ? new Date(now.getTime() + r.int(3, 30) * day) : undefined;
  const saleEndsAt = window > 0.92 ? new Date(startsAt.getTime() - 3 * 3_600_000) : undefined;

  const input: EventInput = {
    ...text,
    category,
    venueId,
    startsAt: startsAt.toISOString(),
    priceTiers,
    perUserLimit: demo.key === 'club' || demo.key === 'stadium' ? 4 : 8,
    ...(saleStartsAt ? { saleStartsAt: saleStartsAt.toISOString() } : {}),
    ...(saleEndsAt ? { saleEndsAt: saleEndsAt.toISOString() } : {}),
  };
  // Demand skews low with a few hits; stadium shows are the hits.
  const popularity = demo.key === 'stadium' ? r.int(900, 1000) : Math.round(r.next() ** 2 * 900);
  return { input, popularity };
}

function seedOf(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
