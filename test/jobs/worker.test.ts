import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../src/db/repositories/outbox.repository.js';
import { deliverOutbox, retryDelayMs } from '../../src/jobs/deliver-outbox.js';
import type { OutboxDelivery } from '../../src/jobs/handlers/index.js';
import { runWorkerOnce, startWorker } from '../../src/jobs/worker.js';
import { createTestApp, ManualClock, type TestApp } from '../support/test-app.js';

describe('outbox worker', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  it('several workers at once deliver every row exactly once', async () => {
    const topic = `test.race.${Date.now()}`;
    await enqueueOutbox(
      t.deps.db,
      clock.now(),
      Array.from({ length: 200 }, (_, i) => ({ topic, aggregateId: String(i) })),
    );
    const seen: string[] = [];
    const handlers = {
      [topic]: async (_deps: unknown, m: OutboxDelivery) => {
        seen.push(m.aggregateId);
        await new Promise((r) => setImmediate(r));
      },
    };
    const counts = await Promise.all(Array.from({ length: 6 }, () => deliverOutbox(t.deps, { handlers, max: 1000, batch: 10 })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    // More than one worker really took part.
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
    const left = await t.deps.db.selectFrom('outbox').select('id').where('topic', '=', topic).where('delivered_at', 'is', null).execute();
    expect(left).toHaveLength(0);
  });

  it('retries a failing handler with backoff and delivers it later', async () => {
    const topic = `test.retry.${Date.now()}`;
    await enqueueOutbox(t.deps.db, clock.now(), [{ topic, aggregateId: 'x' }]);
    let calls = 0;
    const handlers = {
      [topic]: async () => {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
      },
    };
    expect(await deliverOutbox(t.deps, { handlers })).toBe(0);
    const row = await t.deps.db.selectFrom('outbox').selectAll().where('topic', '=', topic).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, last_error: 'boom 1', delivered_at: null });
    expect(row.available_at.getTime() - clock.now().getTime()).toBe(retryDelayMs(0));
    // Not due yet: nothing happens.
    expect(await deliverOutbox(t.deps, { handlers })).toBe(0);
    expect(calls).toBe(1);
    clock.advance(retryDelayMs(0));
    expect(await deliverOutbox(t.deps, { handlers })).toBe(0);
    clock.advance(retryDelayMs(1));
    expect(await deliverOutbox(t.deps, { handlers })).toBe(1);
    expect(calls).toBe(3);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });

  it('leaves rows of topics it has no handler for', async () => {
    const topic = `test.unknown.${Date.now()}`;
    await enqueueOutbox(t.deps.db, clock.now(), [{ topic, aggregateId: 'y' }]);
    await deliverOutbox(t.deps);
    const row = await t.deps.db
      .selectFrom('outbox')
      .select(['delivered_at', 'attempts'])
      .where('topic', '=', topic)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ delivered_at: null, attempts: 0 });
  });

  it('the loop runs passes of every duty and stops cleanly', async () => {
    const worker = startWorker(t.deps, { periodMs: 5 });
    const tick = await runWorkerOnce(t.deps);
    expect(Object.keys(tick).sort()).toEqual([
      'admitted',
      'delivered',
      'expiredHolds',
      'invalidated',
      'paymentEvents',
      'reconciled',
      'refreshedEvents',
      'repriced',
      'webhooks',
    ]);
    await worker.stop();
  });
});
