import type { Deps } from '../../../src/context.js';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { createVenue } from '../../../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../../../src/domain/catalogue/publish-event.js';
import { demoVenues } from '../../../src/seed/demo-venues.js';
import { createUser } from '../../factories/users.js';
import { uniqueWord } from './data.js';

/**
 * The demo seed's stadium (the bowl of numbered blocks around the pitch, with
 * its price bands) and one published event in it, made by the same use cases
 * the seed runs, so what the browser tests see and screenshot is the seeded
 * layout.
 */
export async function publishDemoStadium(deps: Deps): Promise<{ eventId: string; seated: number; blocks: number }> {
  const demo = demoVenues.find((v) => v.key === 'stadium')!;
  const organizer = await createUser(deps, ['organizer']);
  const actor = { userId: organizer.id, roles: organizer.roles };
  const venue = await createVenue(deps, actor, { ...demo.venue, name: `${demo.venue.name} ${uniqueWord()}` });
  const bands = new Map<string, string[]>();
  for (const s of venue.sections) {
    const band = demo.priceBand?.(s.name) ?? s.name;
    bands.set(band, [...(bands.get(band) ?? []), s.id]);
  }
  const event = await createEvent(deps, actor, {
    title: `Cup Final ${uniqueWord()}`,
    description: 'The final, in the demo stadium.',
    category: 'sports',
    venueId: venue.id,
    startsAt: new Date(deps.clock.now().getTime() + 12 * 86_400_000).toISOString(),
    performers: ['Northgate United', 'Harbour City'],
    priceTiers: [...bands].map(([name, sectionIds]) => ({
      name,
      price: { amount: demo.basePrices[name] ?? 5000, currency: 'EUR' },
      sectionIds,
    })),
    perUserLimit: 4,
  });
  await publishEvent(deps, actor, event.id);
  const seatedSections = venue.sections.filter((s) => s.kind === 'seated');
  return { eventId: event.id, seated: seatedSections.reduce((n, s) => n + s.capacity, 0), blocks: seatedSections.length };
}
