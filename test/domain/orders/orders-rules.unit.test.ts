import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancellationOpen, decodeOrderCursor, encodeOrderCursor } from '../../../src/domain/orders/orders.rules.js';

describe('order rules', () => {
  it('closes cancellation at the cut-off before the start', () => {
    const start = new Date('2026-06-10T20:00:00Z');
    expect(cancellationOpen(start, 48, new Date('2026-06-08T19:59:59Z'))).toBe(true);
    expect(cancellationOpen(start, 48, new Date('2026-06-08T20:00:00Z'))).toBe(false);
    expect(cancellationOpen(start, 0, new Date('2026-06-10T19:00:00Z'))).toBe(true);
  });
  it('round-trips cursors and refuses forged ones', () => {
    const c = { createdAt: new Date('2026-01-01T00:00:00Z'), id: randomUUID() };
    expect(decodeOrderCursor(encodeOrderCursor(c))).toEqual(c);
    expect(decodeOrderCursor('garbage')).toBeNull();
  });
});
