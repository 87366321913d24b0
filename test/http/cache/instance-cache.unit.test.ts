import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/clock.js';
import { createInstanceCache, type LocalRepresentation } from '../../../src/http/cache/instance-cache.js';

/** A loader whose calls are counted and whose answers the test releases by hand. */
function loader() {
  const pending: { resolve: (v: LocalRepresentation) => void; reject: (e: Error) => void }[] = [];
  let calls = 0;
  const load = (): Promise<LocalRepresentation> =>
    new Promise((resolve, reject) => {
      calls++;
      pending.push({ resolve, reject });
    });
  return {
    load,
    calls: () => calls,
    answer: (etag: string) => pending.shift()!.resolve({ etag, body: Buffer.from(etag) }),
    fail: () => pending.shift()!.reject(new Error('database down')),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('instance cache (per-process copies on lru-cache)', () => {
  it('concurrent misses share one load', async () => {
    const clock = new ManualClock();
    const cache = createInstanceCache({ clock, maxAgeMs: 1000 });
    const l = loader();
    const waiting = Array.from({ length: 50 }, () => cache.get('k', l.load));
    await flush();
    expect(l.calls()).toBe(1);
    l.answer('v1');
    expect(new Set((await Promise.all(waiting)).map((r) => r.etag))).toEqual(new Set(['v1']));
  });

  it('past 80 % of its age the copy is still served while one reload runs; at its limit it is never served', async () => {
    const clock = new ManualClock();
    const cache = createInstanceCache({ clock, maxAgeMs: 1000 });
    const l = loader();
    const first = cache.get('k', l.load);
    await flush();
    l.answer('v1');
    await first;

    clock.advance(700);
    expect((await cache.get('k', l.load)).etag).toBe('v1');
    expect(l.calls()).toBe(1);

    clock.advance(150);
    // In the refresh window: answered at once from the current copy, one reload starts …
    expect((await cache.get('k', l.load)).etag).toBe('v1');
    expect((await cache.get('k', l.load)).etag).toBe('v1');
    expect(l.calls()).toBe(2);
    // … and past the limit, with the reload still out, a caller waits for it rather than get the old copy.
    clock.advance(150);
    const late = cache.get('k', l.load);
    await flush();
    expect(l.calls()).toBe(2);
    l.answer('v2');
    expect((await late).etag).toBe('v2');
    expect((await cache.get('k', l.load)).etag).toBe('v2');
  });

  it('a copy left unread past its limit is reloaded before it is answered', async () => {
    const clock = new ManualClock();
    const cache = createInstanceCache({ clock, maxAgeMs: 1000 });
    const l = loader();
    const first = cache.get('k', l.load);
    await flush();
    l.answer('v1');
    await first;
    clock.advance(1000);
    const next = cache.get('k', l.load);
    await flush();
    expect(l.calls()).toBe(2);
    l.answer('v2');
    expect((await next).etag).toBe('v2');
  });

  it('a failed load is not kept; a failed reload leaves the copy until its limit', async () => {
    const clock = new ManualClock();
    const cache = createInstanceCache({ clock, maxAgeMs: 1000 });
    const l = loader();
    const failing = cache.get('k', l.load);
    await flush();
    l.fail();
    await expect(failing).rejects.toThrow('database down');

    const retry = cache.get('k', l.load);
    await flush();
    expect(l.calls()).toBe(2);
    l.answer('v1');
    await retry;

    clock.advance(900);
    expect((await cache.get('k', l.load)).etag).toBe('v1');
    await flush();
    l.fail();
    await flush();
    expect((await cache.get('k', l.load)).etag).toBe('v1');
    clock.advance(100);
    const fresh = cache.get('k', l.load);
    await flush();
    l.answer('v2');
    expect((await fresh).etag).toBe('v2');
  });
});
