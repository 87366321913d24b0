import type { Db } from '../../db/client.js';
import { findBreaches, invariantChecks } from '../../db/repositories/invariants.repository.js';

export interface Breach {
  invariant: 1 | 2 | 3 | 4;
  check: string;
  /** A few offending rows (ids only, never personal data). */
  examples: unknown[];
  count: number;
}

export interface InvariantReport {
  ok: boolean;
  checkedAt: string;
  breaches: Breach[];
}

/**
 * Scans the whole database for breaches of ARCHITECTURE.md invariants 1–4. A
 * hold is live while 'purchased', or 'active' and not yet expired at `now`
 * (an expired one is free to others at once, even before the sweeper runs).
 * Meant for quiet moments: a payment mid-flight can look like a breach.
 */
export async function verifyInvariants(db: Db, now: Date, opts: { eventIds?: string[] } = {}): Promise<InvariantReport> {
  const breaches: Breach[] = [];
  for (const c of invariantChecks) {
    const rows = await findBreaches(db, c, now, opts.eventIds);
    if (rows.length > 0) breaches.push({ invariant: c.invariant, check: c.check, count: rows.length, examples: rows.slice(0, 5) });
  }
  return { ok: breaches.length === 0, checkedAt: now.toISOString(), breaches };
}

export function formatReport(r: InvariantReport): string {
  if (r.ok) return `verify: all invariant checks passed (${r.checkedAt})`;
  const lines = r.breaches.map((b) => `  [invariant ${b.invariant}] ${b.check}: ${b.count}\n    e.g. ${JSON.stringify(b.examples)}`);
  return `verify: ${r.breaches.length} breach(es) found (${r.checkedAt})\n${lines.join('\n')}`;
}
