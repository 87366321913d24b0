import type { Deps } from '../../context.js';
import { listVenues as listVenueRows } from '../../db/repositories/venues.repository.js';
import type { Page, VenueListItem } from './catalogue.types.js';
import { pageOf, positionAfter } from '../page-cursor.js';

/** Venues newest first, for organizers choosing where to put an event. */
export async function listVenues(deps: Deps, opts: { limit: number; cursor?: string }): Promise<Page<VenueListItem>> {
  const rows = await listVenueRows(deps.db, opts.limit + 1, positionAfter(deps.cursors, 'venues', opts.cursor));
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
    'venues',
  );
}
