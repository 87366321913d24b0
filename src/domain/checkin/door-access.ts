import type { Executor } from '../../db/client.js';
import { isAssignedScanner } from '../../db/repositories/checkin.repository.js';
import { findEventRow, type EventRow } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { forbidden, notFound } from '../errors.js';
import type { DoorRole } from './checkin.types.js';

/**
 * Who may scan for, download the bundle of, or sync scans to an event's doors:
 * admins, the event's own organizer, and scanners assigned to it. A customer,
 * another organizer or an unassigned scanner gets 403.
 */
export async function doorAccess(db: Executor, actor: Principal, eventId: string): Promise<{ event: EventRow; role: DoorRole }> {
  const event = await findEventRow(db, eventId);
  if (!event) throw notFound('Event');
  if (actor.roles.includes('admin')) return { event, role: 'admin' };
  if (actor.roles.includes('organizer') && event.organizer_id === actor.userId) return { event, role: 'organizer' };
  if (actor.roles.includes('scanner') && (await isAssignedScanner(db, eventId, actor.userId))) return { event, role: 'scanner' };
  throw forbidden('You are not on the door staff of this event');
}
