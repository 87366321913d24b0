import type { Executor } from '../../db/client.js';
import type { EventStatus } from '../../db/schema.js';
import { eventHeadingRows } from '../../db/repositories/events.repository.js';

/** An event as a hold, an order or a mail names it; `venue.timezone` is what every time is shown in. */
export interface EventHeading {
  id: string;
  title: string;
  startsAt: string;
  /** Buyers may cancel for a full refund until this many hours before the start. */
  cancellationCutoffHours: number;
  /** A booking outlives its event's listing: a cancelled event says so and why. */
  status: EventStatus;
  cancelReason: string | null;
  /** The start before the latest reschedule, null when the event never moved. */
  rescheduledFrom: string | null;
  venue: { id: string; name: string; city: string; timezone: string; taxRateBasisPoints: number };
}

/** The heading plus what decides a customer's own cancellation (kept off the wire). */
export interface EventHeadingFacts extends EventHeading {
  startsAtDate: Date;
  rescheduledAt: Date | null;
  rescheduleRefundUntil: Date | null;
}

export async function eventHeadings(db: Executor, ids: string[]): Promise<Map<string, EventHeading>> {
  const facts = await eventHeadingFacts(db, ids);
  return new Map([...facts].map(([id, f]) => [id, headingOf(f)]));
}

export const headingOf = ({
  startsAtDate: _s,
  rescheduledAt: _r,
  rescheduleRefundUntil: _u,
  ...heading
}: EventHeadingFacts): EventHeading => heading;

export async function eventHeadingFacts(db: Executor, ids: string[]): Promise<Map<string, EventHeadingFacts>> {
  const rows = await eventHeadingRows(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, headingFactsOf(r)]));
}

/** An event's heading columns as `eventHeadingRows` reads them (statements that join them in return the same). */
export type EventHeadingRow = Awaited<ReturnType<typeof eventHeadingRows>>[number];

export const headingFactsOf = (r: EventHeadingRow): EventHeadingFacts => ({
  id: r.id,
  title: r.title,
  startsAt: r.starts_at.toISOString(),
  cancellationCutoffHours: r.cancellation_cutoff_hours,
  status: r.status,
  cancelReason: r.cancel_reason,
  rescheduledFrom: r.rescheduled_from?.toISOString() ?? null,
  venue: { id: r.venue_id, name: r.venue_name, city: r.city, timezone: r.timezone, taxRateBasisPoints: r.tax_rate_bp },
  startsAtDate: r.starts_at,
  rescheduledAt: r.rescheduled_at,
  rescheduleRefundUntil: r.reschedule_refund_until,
});
