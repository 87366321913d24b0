import type { Deps } from '../../context.js';
import { eventsOfScanner } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { DoorEvent } from './checkin.types.js';

/** Events the caller is door staff for, from a day ago on (organizers and admins pick theirs on the dashboard). */
export async function listDoorEvents(deps: Deps, actor: Principal): Promise<DoorEvent[]> {
  const since = new Date(deps.clock.now().getTime() - 24 * 3_600_000);
  const rows = await eventsOfScanner(deps.db, actor.userId, since);
  return rows.map((e) => ({ id: e.id, title: e.title, startsAt: e.starts_at.toISOString(), venueName: e.venue_name, city: e.city }));
}
