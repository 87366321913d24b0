import type { Deps } from '../../context.js';
import { salesCounts } from '../../db/repositories/inventory.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { AdminEventView, SalesSummary } from './catalogue.types.js';
import { loadEventView, managedEvent } from './event-view.js';

/** An event in any status with how its inventory stands (a hold past expiry counts as available). */
export async function getManagedEvent(deps: Deps, actor: Principal, eventId: string): Promise<AdminEventView & { sales: SalesSummary }> {
  const now = deps.clock.now();
  const row = await managedEvent(deps.db, actor, eventId);
  const [view, sales] = await Promise.all([loadEventView(deps.db, row, now), salesCounts(deps.db, eventId, now)]);
  return { ...view, sales };
}
