import { describe, expect, it } from 'vitest';
import { cancellableUntil, cancellationOpen, rescheduleRefundUntil, rescheduleWindowEnd } from '../../../src/domain/orders/orders.rules.js';

describe('order rules', () => {
  it('closes cancellation at the cut-off before the start', () => {
    const start = new Date('2026-06-10T20:00:00Z');
    expect(cancellationOpen(start, 48, new Date('2026-06-08T19:59:59Z'))).toBe(true);
    expect(cancellationOpen(start, 48, new Date('2026-06-08T20:00:00Z'))).toBe(false);
    expect(cancellationOpen(start, 0, new Date('2026-06-10T19:00:00Z'))).toBe(true);
  });
});

describe('reschedule refund window', () => {
  const startsAt = new Date('2026-06-20T20:00:00Z');
  const movedAt = new Date('2026-06-01T12:00:00Z');
  const base = { startsAt, cutoffHours: 500, rescheduledAt: movedAt, rescheduleRefundUntil: new Date('2026-06-08T12:00:00Z') };

  it('opens past the cut-off for bookings made before the move only', () => {
    const before = { ...base, orderCreatedAt: new Date('2026-05-01T00:00:00Z') };
    expect(rescheduleRefundUntil(before)).toEqual(new Date('2026-06-08T12:00:00Z'));
    expect(cancellableUntil(before)).toEqual(new Date('2026-06-08T12:00:00Z'));
    const after = { ...base, orderCreatedAt: movedAt };
    expect(rescheduleRefundUntil(after)).toBeNull();
    expect(cancellableUntil(after)).toEqual(new Date(startsAt.getTime() - 500 * 3_600_000));
  });

  it('keeps the cut-off when it is later than the window, and never runs past the new start', () => {
    const early = { ...base, cutoffHours: 0, orderCreatedAt: new Date('2026-05-01T00:00:00Z') };
    expect(cancellableUntil(early)).toEqual(startsAt);
    expect(rescheduleWindowEnd(movedAt, 14, new Date('2026-06-05T20:00:00Z'))).toEqual(new Date('2026-06-05T20:00:00Z'));
    expect(rescheduleWindowEnd(movedAt, 2, startsAt)).toEqual(new Date('2026-06-03T12:00:00Z'));
  });
});
