import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueueBench } from '../../bench/queue-bench.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The waiting-room benchmark in miniature; it checks that every request succeeds, never how fast. */
describe('bench:queue smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
  });
  afterAll(() => t.close());

  it('measures joins, raw store operations and status reads without errors', async () => {
    const r = await runQueueBench(t.deps, { joins: 300, concurrency: 20, statusSeconds: 1, log: () => undefined });
    for (const rate of [r.joins, r.rawStoreJoins, r.rawStoreIncr, r.status, r.bareStatus]) {
      expect(rate.errors, rate.path).toBe(0);
      expect(rate.requests, rate.path).toBeGreaterThan(0);
    }
    expect(r.joins.requests).toBe(300);
    expect(r.statusBytes).toBeGreaterThan(50);
  });
});
