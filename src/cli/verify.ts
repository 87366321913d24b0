import type { Deps } from '../context.js';
import { formatReport, verifyInvariants } from '../domain/invariants/verify-invariants.js';
import { verifyMoney } from '../domain/invariants/verify-money.js';
import type { Flags } from './commands.js';

/**
 * `npm run cli -- verify [--json] [--event ID]`: exit 0 when invariants 1–4 hold
 * and the money agrees with the provider's books, 1 on any breach (listed).
 */
export async function verifyCommand(deps: Deps, _args: string[], flags: Flags): Promise<number> {
  const eventIds = typeof flags.event === 'string' ? [flags.event] : undefined;
  const now = deps.clock.now();
  const books = await verifyInvariants(deps.db, now, eventIds ? { eventIds } : {});
  const money = await verifyMoney(deps, now, eventIds ? { eventIds } : {});
  const report = { ...books, ok: books.ok && money.length === 0, breaches: [...books.breaches, ...money] };
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}
