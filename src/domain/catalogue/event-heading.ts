import type { Executor } from '../../db/client.js';
import { eventHeadingRows } from '../../db/repositories/events.repository.js';

/** An event as a hold, an order or a mail names it; `venue.timezone` is what every time is shown in. */
export interface EventHeading {
  id: string;
  title: string;
  startsAt: string;
  /** Buyers may cancel for a full refund until this many hours before the start. */
  cancellationCutoffHours: number;
  venue: { id: string; name: string; city: string; timezone: string; taxRateBasisPoints: number };
}

export async function eventHeadings(db: Executor, ids: string[]): Promise<Map<string, EventHeading>> {
  const rows = await eventHeadingRows(db, [...new Set(ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        title: r.title,
        startsAt: r.starts_at.toISOString(),
        cancellationCutoffHours: r.cancellation_cutoff_hours,
        venue: { id: r.venue_id, name: r.venue_name, city: r.city, timezone: r.timezone, taxRateBasisPoints: r.tax_rate_bp },
      },
    ]),
  );
}
