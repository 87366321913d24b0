import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createCache } from '../../src/adapters/kv/cache.js';
import type { KvStore } from '../../src/adapters/kv/kv-store.js';
import type { PubSub } from '../../src/adapters/pubsub/pubsub.js';

/** A store plus a way to let time pass: a hand-moved clock in-process, real (short) sleeps on Redis. */
export interface KvSubject {
  store: KvStore;
  advance(ms: number): Promise<void>;
}

/** One suite both KvStore implementations pass (test/adapters/kv-pubsub-contract*.test.ts). */
export function kvContract(name: string, make: () => Promise<KvSubject>): void {
  describe(`KvStore contract: ${name}`, () => {
    it('get/set/del round-trip and mget keeps order', async () => {
      const { store } = await make();
      expect(await store.get('a')).toBeNull();
      await store.set('a', '1');
      await store.set('b', 'two');
      expect(await store.get('a')).toBe('1');
      expect(await store.mget(['b', 'missing', 'a'])).toEqual(['two', null, '1']);
      expect(await store.mget([])).toEqual([]);
      await store.del(['a', 'b']);
      await store.del('never-there');
      expect(await store.mget(['a', 'b'])).toEqual([null, null]);
    });

    it('keys expire after their TTL; expire() and ttl() move and report it', async () => {
      const { store, advance } = await make();
      await store.set('short', 'x', 60);
      await store.set('forever', 'y');
      expect(await store.get('short')).toBe('x');
      const ttl = await store.ttl('short');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await store.ttl('forever')).toBeNull();
      expect(await store.ttl('missing')).toBeNull();
      await advance(120);
      expect(await store.get('short')).toBeNull();
      expect(await store.get('forever')).toBe('y');
      expect(await store.expire('forever', 60)).toBe(true);
      expect(await store.expire('missing', 60)).toBe(false);
      await advance(120);
      expect(await store.get('forever')).toBeNull();
    });

    it('incr/incrBy count from zero and keep an existing TTL', async () => {
      const { store, advance } = await make();
      expect(await store.incr('n')).toBe(1);
      expect(await store.incrBy('n', 41)).toBe(42);
      expect(await store.incrBy('n', -2)).toBe(40);
      await store.set('window', '5', 60);
      expect(await store.incr('window')).toBe(6);
      await advance(120);
      expect(await store.get('window')).toBeNull();
    });

    it('200 parallel increments each get a distinct value, none lost', async () => {
      const { store } = await make();
      const values = await Promise.all(Array.from({ length: 200 }, () => store.incr('race')));
      expect(new Set(values).size).toBe(200);
      expect(Math.max(...values)).toBe(200);
      expect(await store.get('race')).toBe('200');
    });

    it('setIfAbsent: exactly one of 100 racers wins, and it expires with its TTL', async () => {
      const { store, advance } = await make();
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.setIfAbsent('seat', `racer-${i}`, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store.get('seat')).toBe(`racer-${winner}`);
      await advance(120);
      expect(await store.setIfAbsent('seat', 'late')).toBe(true);
      expect(await store.get('seat')).toBe('late');
    });

    it('a Cache on it stores JSON and runs one loader for a herd of misses', async () => {
      const { store } = await make();
      const cache = createCache(store);
      let loads = 0;
      // The first loader call stays pending until the whole herd has asked.
      let herdArrived!: () => void;
      const arrived = new Promise<void>((resolve) => (herdArrived = resolve));
      const loader = async (): Promise<{ n: number }> => {
        loads++;
        await arrived;
        return { n: 7 };
      };
      const herd = Array.from({ length: 50 }, () => cache.getOrLoad('herd', 10_000, loader));
      herdArrived();
      const results = await Promise.all(herd);
      expect(results.every((r) => r.n === 7)).toBe(true);
      expect(loads).toBe(1);
      expect(await cache.get('herd')).toEqual({ n: 7 });
      expect(await cache.getOrLoad('herd', 10_000, loader)).toEqual({ n: 7 });
      expect(loads).toBe(1);
      await cache.del('herd');
      expect(await cache.get('herd')).toBeUndefined();
    });
  });
}

export function pubsubContract(name: string, make: () => Promise<{ a: PubSub; b: PubSub }>): void {
  describe(`PubSub contract: ${name}`, () => {
    it('delivers to every subscriber of the channel, not to other channels, and stops after unsubscribe', async () => {
      const { a, b } = await make();
      const channel = `ch-${randomUUID()}`;
      const got1: string[] = [];
      const got2: string[] = [];
      const other: string[] = [];
      const un1 = await b.subscribe(channel, (m) => got1.push(m));
      const un2 = await b.subscribe(channel, (m) => got2.push(m));
      const un3 = await b.subscribe(`${channel}-other`, (m) => other.push(m));
      await a.publish(channel, 'hello');
      await waitFor(() => got1.length === 1 && got2.length === 1);
      expect(got1).toEqual(['hello']);
      expect(got2).toEqual(['hello']);
      await un1();
      await a.publish(channel, 'second');
      await waitFor(() => got2.length === 2);
      expect(got1).toEqual(['hello']);
      await un2();
      await a.publish(channel, 'third');
      // A marker on another channel proves later messages had their chance to arrive.
      await a.publish(`${channel}-other`, 'marker');
      await waitFor(() => other.length === 1);
      expect(got2).toEqual(['hello', 'second']);
      await un3();
    });

    it('a throwing handler does not stop delivery to the others', async () => {
      const { a, b } = await make();
      const channel = `ch-${randomUUID()}`;
      const got: string[] = [];
      const bad = await b.subscribe(channel, () => {
        throw new Error('boom');
      });
      const good = await b.subscribe(channel, (m) => got.push(m));
      await a.publish(channel, 'still delivered');
      await waitFor(() => got.length === 1);
      await bad();
      await good();
    });
  });
}

function waitFor(condition: () => boolean): Promise<void> {
  return vi.waitFor(
    () => {
      if (!condition()) throw new Error('condition not met in time');
    },
    { timeout: 3000, interval: 5 },
  );
}
