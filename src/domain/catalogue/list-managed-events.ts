import type { Deps } from '../../context.js';
import { listEventsForAdmin } from '../../db/repositories/events.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { AdminEventView, EventStatus, Page } from './catalogue.types.js';
import { loadEventView } from './event-view.js';
import { pageOf, positionAfter } from '../page-cursor.js';

/** Events the caller manages (all of them for admins), newest first, any status unless one is asked for. */
export async function listManagedEvents(
  deps: Deps,
  actor: Principal,
  opts: { limit: number; cursor?: string; q?: string; status?: EventStatus },
): Promise<Page<AdminEventView>> {
  const now = deps.clock.now();
  const organizerId = actor.roles.includes('admin') ? null : actor.userId;
  const title = opts.q?.trim() || undefined;
  // The filters are part of the scope: a cursor from one search never continues another.
  const scope = `managed-events:${organizerId ?? 'all'}:${opts.status ?? ''}:${title ?? ''}`;
  const rows = await listEventsForAdmin(
    deps.db,
    { organizerId, title, status: opts.status },
    opts.limit + 1,
    positionAfter(deps.cursors, scope, opts.cursor),
  );
  const page = pageOf(rows, opts.limit, (r) => r, deps.cursors, scope);
  return { items: await Promise.all(page.items.map((r) => loadEventView(deps.db, r, now))), nextCursor: page.nextCursor };
}
