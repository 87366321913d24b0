import { describe, expect, it } from 'vitest';
import { cancellationOpen } from '../../../src/domain/orders/orders.rules.js';

describe('order rules', () => {
  it('closes cancellation at the cut-off before the start', () => {
    const start = new Date('2026-06-10T20:00:00Z');
    expect(cancellationOpen(start, 48, new Date('2026-06-08T19:59:59Z'))).toBe(true);
    expect(cancellationOpen(start, 48, new Date('2026-06-08T20:00:00Z'))).toBe(false);
    expect(cancellationOpen(start, 0, new Date('2026-06-10T19:00:00Z'))).toBe(true);
  });
});
