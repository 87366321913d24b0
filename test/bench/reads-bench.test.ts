import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsTable, runReadsBench } from '../../bench/reads-bench.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The bench:reads benchmark, tiny: it must keep running, its figures are not judged here. */
describe('bench:reads smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5, config: { readCache: true } });
  });
  afterAll(() => t.close());

  // Event detail runs four servers in three rounds: longer than the default minute on a loaded machine.
  it('measures detail and availability of a real event against a bare server and prints its table', { timeout: 300_000 }, async () => {
    const result = await runReadsBench(t.deps, { layout: { sections: 2, rows: 4, seatsPerRow: 25 }, seconds: 1, connections: 4 });
    expect(result.seats).toBe(200);
    expect(result.targets.map((x) => `${x.target}/${x.path}/${x.status}`)).toEqual([
      'event detail/bare/200',
      'event detail/api/200',
      'event detail/api/200',
      'event detail/api/200',
      'availability/bare/200',
      'availability/api/200',
      'availability 304/api/304',
    ]);
    // Same bytes on both sides, so the ratio compares like with like.
    expect(result.targets[0]!.bodyBytes).toBe(result.targets[1]!.bodyBytes);
    expect(result.targets[2]!.bodyBytes).toBe(result.targets[0]!.bodyBytes);
    expect(result.targets[4]!.bodyBytes).toBe(result.targets[5]!.bodyBytes);
    expect(result.availabilityBytes.seatData).toBe(50);
    for (const x of result.targets) {
      expect(x.requestsPerSecond).toBeGreaterThan(0);
      expect(x.errors).toBe(0);
      expect(x.non2xx).toBe(0);
    }
    expect(Object.keys(result.ratios)).toEqual(['event detail', 'availability']);
    // Event detail again with a real request log (info level) at the default sampling and logging every request.
    expect(result.targets.slice(2, 4).map((x) => x.server)).toEqual(Object.keys(result.logRatios));
    expect(Object.keys(result.logRatios)).toHaveLength(2);
    expect(readsTable(result)).toContain('API/bare');
  });
});
