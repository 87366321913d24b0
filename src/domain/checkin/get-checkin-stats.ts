import type { Deps } from '../../context.js';
import { scanCountsByGate, ticketCounts } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import type { CheckinStats, GateStats } from './checkin.types.js';

/** Check-in so far, per gate, for the organizer's live panel (polled every few seconds). */
export async function getCheckinStats(deps: Deps, actor: Principal, eventId: string): Promise<CheckinStats> {
  await managedEvent(deps.db, actor, eventId);
  const [tickets, scans] = await Promise.all([ticketCounts(deps.db, eventId), scanCountsByGate(deps.db, eventId)]);
  const count = (status: string) => Number(tickets.find((t) => t.status === status)?.n ?? 0);
  const gates = new Map<string, GateStats>();
  const refusedByResult: CheckinStats['refusedByResult'] = { already_used: 0, void: 0, wrong_event: 0, expired: 0, invalid: 0 };
  for (const row of scans) {
    const gate = gates.get(row.gate) ?? { gate: row.gate, admitted: 0, refused: 0, lastScanAt: null };
    const n = Number(row.n);
    if (row.result === 'admitted') gate.admitted += n;
    else {
      gate.refused += n;
      refusedByResult[row.result] += n;
    }
    const last = row.last_at ? new Date(row.last_at).toISOString() : null;
    if (last && (!gate.lastScanAt || last > gate.lastScanAt)) gate.lastScanAt = last;
    gates.set(row.gate, gate);
  }
  const checkedIn = count('used');
  return {
    eventId,
    tickets: checkedIn + count('valid'),
    checkedIn,
    remaining: count('valid'),
    voided: count('void'),
    gates: [...gates.values()].sort((a, b) => a.gate.localeCompare(b.gate)),
    refusedByResult,
    at: deps.clock.now().toISOString(),
  };
}
