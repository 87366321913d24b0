import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnsale } from '../bench/onsale-bench.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The on-sale benchmark in miniature, so it cannot rot; nothing here depends on timing. */
describe('bench:onsale smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
  });
  afterAll(() => t.close());

  it('sells a 200-seat event to 500 fans through the waiting room with the invariants intact', async () => {
    const r = await runOnsale(t.deps, {
      fans: 500,
      sections: 2,
      rows: 5,
      seatsPerRow: 20,
      preOpenShare: 0.3,
      joinConcurrency: 50,
      activeFans: 100,
      pollMs: 50,
      paymentDelayMs: [0, 5],
      thinkMs: [0, 5],
      maxSeconds: 120,
      workerIntervalMs: 50,
      log: () => undefined,
    });
    expect(r.statusCounts.join["200"], JSON.stringify({ ...r, invariantReport: undefined })).toBe(500 + 150); // pre-open fans join again at the opening
    expect(r.orders, JSON.stringify({ ...r, invariantReport: undefined })).toBeGreaterThan(0);
    expect(r.audit.seatsSold + r.audit.seatsLeft).toBe(200);
    expect(r.invariantsOk, r.invariantReport).toBe(true);
    expect(Object.keys(r.statusCounts.hold).filter((k) => k.startsWith('5'))).toEqual([]);
  });
});
