import type { Deps } from '../context.js';
import { formatReport, verifyInvariants } from '../domain/invariants/verify-invariants.js';
import type { Flags } from './commands.js';

/** `npm run cli -- verify [--json] [--event ID]`: exit 0 when invariants 1–4 hold, 1 on any breach. */
export async function verifyCommand(deps: Deps, _args: string[], flags: Flags): Promise<number> {
  const eventIds = typeof flags.event === 'string' ? [flags.event] : undefined;
  const report = await verifyInvariants(deps.db, deps.clock.now(), eventIds ? { eventIds } : {});
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}
