import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import { findEventRow } from '../../db/repositories/events.repository.js';
import { sectionAvailability } from '../../db/repositories/inventory.repository.js';
import { tierPrices } from '../../db/repositories/pricing.repository.js';
import { notFound } from '../errors.js';
import { isPublicStatus, packSeatStates } from './catalogue.rules.js';
import type { Availability } from './catalogue.types.js';
import { ensureInventory } from './ensure-inventory.js';

/**
 * Every place's state right now: counts per section and, for seated sections,
 * 2 bits per seat in seat-map order (see packSeatStates). A hold past its
 * expiry is free at once, whether or not the sweeper has run. `version` is a
 * hash of the content, so equal states give equal versions on any instance.
 */
export async function getAvailability(deps: Deps, eventId: string): Promise<Availability> {
  const row = await findEventRow(deps.db, eventId);
  if (!row || !isPublicStatus(row.status)) throw notFound('Event');
  if (!row.inventory_ready) await ensureInventory(deps.db, eventId);

  const [rows, tiers] = await Promise.all([sectionAvailability(deps.db, eventId, deps.clock.now()), tierPrices(deps.db, eventId)]);
  const prices = Object.fromEntries(tiers.map((t) => [t.id, t.current]));
  const sections: Availability['sections'] = {};
  let digits = '';
  for (const r of rows) {
    sections[r.section_id] = { available: r.available, total: r.total };
    if (r.states) digits += r.states;
  }
  const data = packSeatStates(digits);
  const version = createHash('sha256')
    .update(JSON.stringify(rows.map((r) => [r.section_id, r.available, r.total])))
    .update(data)
    .update(JSON.stringify(prices))
    .digest('base64url')
    .slice(0, 22);
  return { version, sections, seats: { encoding: '2bit-base64', data }, prices };
}
