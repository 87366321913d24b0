import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { listen } from '../../support/booking-helpers.js';
import { cacheKeys } from '../../../src/http/cache/read-cache.js';
import { createTestApp, testKeyPrefix, type TestApp } from '../../support/test-app.js';

/** Cache misses counted by the app's own /metrics (a miss is a rebuild from PostgreSQL). */
async function cacheMisses(t: TestApp): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  const line = res.body.split('\n').find((l) => l.startsWith('boxoffice_cache_lookups_total{result="miss"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a big cached value under a crowd', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ config: { readCache: true }, poolSize: 10 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('60 parallel requests for a cold 4,000-seat map: one rebuild, one version, stored compact', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 40, seatsPerRow: 100 });
    const before = await cacheMisses(t);
    const replies = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const res = await fetch(`${base}/api/v1/events/${ev.eventId}/seatmap`);
        return { status: res.status, etag: res.headers.get('etag'), bytes: (await res.arrayBuffer()).byteLength };
      }),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(new Set(replies.map((r) => r.etag)).size).toBe(1);
    expect(await cacheMisses(t)).toBe(before + 1);

    // Warm: more requests, no more rebuilds.
    const again = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/api/v1/events/${ev.eventId}/seatmap`)));
    await Promise.all(again.map((r) => r.arrayBuffer()));
    expect(again.every((r) => r.status === 200)).toBe(true);
    expect(await cacheMisses(t)).toBe(before + 1);

    const json = await t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/seatmap` });
    expect(json.body.length).toBeGreaterThan(200_000);
    if (t.deps.redis) {
      // On Redis the stored value is the gzipped representation, a fraction of the JSON it carries.
      // The cache's own namespace under the run's prefix (src/adapters/kv/adapters.ts), read by its exact name: a
      // KEYS pattern walks the whole shared keyspace and timed out once benchmarks had left 600,000 keys in it.
      const raw = await t.deps.redis.client.get(`${testKeyPrefix}cache:${cacheKeys.seatMap(ev.eventId)}`);
      expect(raw!.startsWith('gz:')).toBe(true);
      expect(raw!.length).toBeLessThan(json.body.length / 4);
    }
  });
});
