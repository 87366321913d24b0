/** Customers may cancel until `cutoffHours` before the event starts. */
export function cancellationOpen(startsAt: Date, cutoffHours: number, now: Date): boolean {
  return now.getTime() < startsAt.getTime() - cutoffHours * 3_600_000;
}
