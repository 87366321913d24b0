import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceInventoryChange, SIGNAL_WINDOW_MS, watchInventory } from '../../../src/adapters/pubsub/inventory-signal.js';
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
    // Straight on the bus: one instance's own announcements are coalesced before they get there (the next test).
    for (let i = 0; i < 1000; i++) void bus.publish('inventory:ev-1', 'ev-1');
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

describe('inventory signals from one instance', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a burst of changes to one event is one publish at once and one when the window ends; other events are apart', async () => {
    vi.useFakeTimers();
    const bus = createMemoryPubSub();
    const got: string[] = [];
    await watchInventory(bus, 'ev-1', () => got.push('ev-1'));
    await watchInventory(bus, 'ev-2', () => got.push('ev-2'));
    const deps = { pubsub: bus, logger: { debug: () => {} } };
    for (let i = 0; i < 500; i++) announceInventoryChange(deps, ['ev-1']);
    announceInventoryChange(deps, ['ev-2', 'ev-2']);
    await vi.advanceTimersByTimeAsync(1);
    expect(got.sort()).toEqual(['ev-1', 'ev-2']);
    // The changes after the first are signalled once, when the window ends: none is left unannounced.
    await vi.advanceTimersByTimeAsync(SIGNAL_WINDOW_MS);
    expect(got.filter((e) => e === 'ev-1')).toHaveLength(2);
    expect(got.filter((e) => e === 'ev-2')).toHaveLength(1);
    // Quiet again: the next change goes out at once.
    await vi.advanceTimersByTimeAsync(5 * SIGNAL_WINDOW_MS);
    announceInventoryChange(deps, ['ev-1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(got.filter((e) => e === 'ev-1')).toHaveLength(3);
    await bus.close();
  });
});
