import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { attendeeBatch, type DoorFilter } from '../../db/repositories/door.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { attendeeView } from './attendee-view.js';
import { doorFilter } from './door-filter.js';
import { csvLine } from './door.rules.js';

const header = ['order_number', 'ticket_code', 'ticket_status', 'section', 'row', 'seat', 'name', 'email'];

/**
 * The attendee list as CSV lines, produced batch by batch (keyset on the seat)
 * so a stadium's list streams in constant memory. Authorization and the audit
 * row commit before the first line, so nothing leaves unrecorded; a BOM lets
 * spreadsheets read the file as UTF-8.
 */
export async function exportEventAttendees(
  deps: Deps,
  actor: Principal,
  eventId: string,
  q: string | undefined,
  batchSize = 1000,
): Promise<AsyncIterable<string>> {
  const filter = await deps.db.transaction().execute(async (tx) => {
    await managedEvent(tx, actor, eventId);
    const f = await doorFilter(deps, tx, eventId, q, true);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'event.attendees.exported',
      subjectType: 'event',
      subjectId: eventId,
      details: { search: f !== null, format: 'csv' },
      at: deps.clock.now(),
    });
    return f;
  });
  return csvLines(deps, eventId, filter, batchSize);
}

async function* csvLines(deps: Deps, eventId: string, filter: DoorFilter | null, batchSize: number): AsyncIterable<string> {
  yield `\uFEFF${csvLine(header)}`;
  let after: string | null = null;
  for (;;) {
    const rows = await attendeeBatch(deps.db, eventId, filter, after, batchSize);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      const a = await attendeeView(deps.pii, r);
      chunk += csvLine([a.orderId, a.serial, a.status, a.section, a.row, a.row === null ? null : a.number, a.name, a.email]);
    }
    yield chunk;
    after = rows[rows.length - 1]!.seat_id;
  }
}
