import type { Deps } from '../../context.js';
import { listVenues as listVenueRows } from '../../db/repositories/venues.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { Page, VenueListItem } from './catalogue.types.js';
import { pageOf, positionAfter } from '../page-cursor.js';

/** An organizer's own venues (every venue for admins), newest first, to manage them and to place events. */
export async function listVenues(deps: Deps, actor: Principal, opts: { limit: number; cursor?: string }): Promise<Page<VenueListItem>> {
  const createdBy = actor.roles.includes('admin') ? null : actor.userId;
  const scope = `venues:${createdBy ?? 'all'}`;
  const rows = await listVenueRows(deps.db, createdBy, opts.limit + 1, positionAfter(deps.cursors, scope, opts.cursor));
  return pageOf(
    rows,
    opts.limit,
    (r) => ({
      id: r.id,
      name: r.name,
      city: r.city,
      address: r.address,
      timezone: r.timezone,
      currency: r.currency.trim(),
      taxRateBasisPoints: r.tax_rate_bp,
      capacity: r.capacity ?? 0,
      createdAt: r.created_at.toISOString(),
    }),
    deps.cursors,
    scope,
  );
}
