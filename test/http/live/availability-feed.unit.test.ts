import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { announceInventoryChange, watchInventory } from '../../../src/adapters/pubsub/inventory-signal.js';
import { createMemoryPubSub } from '../../../src/adapters/pubsub/memory-pubsub.js';
import type { Availability } from '../../../src/domain/catalogue/catalogue.types.js';
import { createPollingFeed } from '../../../src/http/routes/live/availability-feed.js';

describe('the feed coalesces a burst of inventory signals', () => {
  it('1,000 signals in a burst cost a couple of loads, and watchers get the latest state', async () => {
    const bus = createMemoryPubSub();
    let loads = 0;
    let version = 0;
    const feed = createPollingFeed({
      intervalMs: 60_000,
      minReloadMs: 100,
      load: async () => {
        loads++;
        const data = Buffer.from([version]).toString('base64');
        return { version: `v${version}`, sections: {}, seats: { encoding: '2bit-base64', data } } as unknown as Availability;
      },
      signals: (eventId, onSignal) => watchInventory(bus, eventId, onSignal),
    });
    const seen: string[] = [];
    const unsubscribe = await feed.subscribe('ev-1', (u) => seen.push(u.kind === 'delta' ? u.version : u.availability.version));
    expect(loads).toBe(1);
    version = 3;
    for (let i = 0; i < 1000; i++) announceInventoryChange({ pubsub: bus, logger: { debug: () => {} } }, ['ev-1']);
    const deadline = Date.now() + 5_000;
    while (!seen.includes('v3')) {
      if (Date.now() > deadline) throw new Error('latest state never delivered');
      await sleep(10);
    }
    await sleep(300);
    expect(loads).toBeGreaterThanOrEqual(2);
    expect(loads).toBeLessThanOrEqual(4);
    unsubscribe();
    feed.close();
    await bus.close();
  });
});
