/** Customers may cancel until `cutoffHours` before the event starts. */
export function cancellationOpen(startsAt: Date, cutoffHours: number, now: Date): boolean {
  return now.getTime() < startsAt.getTime() - cutoffHours * 3_600_000;
}

export interface CancellationFacts {
  startsAt: Date;
  cutoffHours: number;
  /** When the event last moved, and until when those who booked before may cancel whatever the cut-off. */
  rescheduledAt: Date | null;
  rescheduleRefundUntil: Date | null;
  orderCreatedAt: Date;
}

/** The reschedule refund window this order is entitled to: only bookings made before the move have one. */
export function rescheduleRefundUntil(f: CancellationFacts): Date | null {
  if (!f.rescheduledAt || !f.rescheduleRefundUntil || f.orderCreatedAt >= f.rescheduledAt) return null;
  return f.rescheduleRefundUntil;
}

/** The last moment the customer may cancel for a full refund: the cut-off, or a later reschedule window. */
export function cancellableUntil(f: CancellationFacts): Date {
  const cutoff = new Date(f.startsAt.getTime() - f.cutoffHours * 3_600_000);
  const window = rescheduleRefundUntil(f);
  return window && window > cutoff ? window : cutoff;
}

/** Days holders get to cancel after a reschedule unless the organizer says otherwise. */
export const defaultRescheduleRefundDays = 14;

/** The refund window a reschedule opens at `now`: `days` long, but never past the new start. */
export function rescheduleWindowEnd(now: Date, days: number, newStartsAt: Date): Date {
  const end = now.getTime() + days * 86_400_000;
  return new Date(Math.min(end, newStartsAt.getTime()));
}
