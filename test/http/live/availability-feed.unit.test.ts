import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceInventoryChange, watchInventory } from '../../../src/adapters/pubsub/inventory-signal.js';
import { createMemoryPubSub } from '../../../src/adapters/pubsub/memory-pubsub.js';
import type { Availability } from '../../../src/domain/catalogue/catalogue.types.js';
import { createPollingFeed } from '../../../src/http/routes/live/availability-feed.js';

describe('the feed coalesces a burst of inventory signals', () => {
  // The feed's clock, its timers and the in-process bus's delivery all run on fake time, so the test
  // sees every load the burst causes within a window, however loaded the machine is.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('1,000 signals in a burst cost one reload, and watchers get the latest state', async () => {
    vi.useFakeTimers();
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
    // Ten reload windows (minReloadMs 100) pass: a feed that reloaded per signal or per window would load again.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual(['v0', 'v3']);
    expect(loads).toBe(2);
    // The poll is still the safety net for lost signals.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loads).toBe(3);
    unsubscribe();
    feed.close();
    await bus.close();
  });
});
