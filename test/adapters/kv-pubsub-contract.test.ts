import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCache } from '../../src/adapters/kv/cache.js';
import { KvUnavailableError, type KvStore } from '../../src/adapters/kv/kv-store.js';
import { createMemoryKvStore } from '../../src/adapters/kv/memory-kv-store.js';
import { createRedisKvStore } from '../../src/adapters/kv/redis-kv-store.js';
import { createMemoryPubSub } from '../../src/adapters/pubsub/memory-pubsub.js';
import type { PubSub } from '../../src/adapters/pubsub/pubsub.js';
import { createRedisPubSub } from '../../src/adapters/pubsub/redis-pubsub.js';
import { createRedisConnection, type RedisConnection } from '../../src/adapters/redis/redis-client.js';
import { freePort } from '../support/redis-server.js';
import { testKeyPrefix } from '../support/test-app.js';

/** A store plus a way to let time pass: a hand-moved clock in-process, real (short) sleeps on Redis. */
interface KvSubject {
  store: KvStore;
  advance(ms: number): Promise<void>;
}

function kvContract(name: string, make: () => Promise<KvSubject>): void {
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
      const loader = async (): Promise<{ n: number }> => {
        loads++;
        await sleep(20);
        return { n: 7 };
      };
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrLoad('herd', 10_000, loader)));
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

function pubsubContract(name: string, make: () => Promise<{ a: PubSub; b: PubSub }>): void {
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

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

// In-process: a clock moved by hand, so TTL tests take no time at all.
kvContract('in-process', async () => {
  let t = 1_000_000;
  return { store: createMemoryKvStore({ now: () => t }), advance: async (ms) => void (t += ms) };
});
pubsubContract('in-process', async () => {
  const bus = createMemoryPubSub();
  return { a: bus, b: bus };
});

const redisUrl = inject('redisUrl');
const connections: RedisConnection[] = [];
afterAll(async () => {
  // Contract keys have no TTL: remove this run's so a shared Redis does not fill up.
  const [first] = connections;
  if (first) {
    const keys = await first.client.keys(`${testKeyPrefix}contract:*`);
    if (keys.length > 0) await first.client.del(...keys);
  }
  await Promise.all(connections.map((c) => c.close()));
});

if (redisUrl) {
  const connect = (subscriber = false): RedisConnection => {
    const c = createRedisConnection(redisUrl, { name: 'contract-test', subscriber });
    connections.push(c);
    return c;
  };
  const shared = connect();
  kvContract('redis', async () => ({
    store: createRedisKvStore(shared, { prefix: `${testKeyPrefix}contract:${randomUUID()}:` }),
    advance: (ms) => sleep(ms),
  }));
  // Two instances: publisher and subscriber on different connections, as across API processes.
  pubsubContract('redis', async () => {
    const prefix = `${testKeyPrefix}contract:`;
    return {
      a: createRedisPubSub({ publisher: shared, subscriber: connect(true), prefix }),
      b: createRedisPubSub({ publisher: shared, subscriber: connect(true), prefix }),
    };
  });
} else {
  describe('KvStore/PubSub contract: redis', () => {
    it.skip('needs TEST_REDIS_URL (CI sets it in its second run)', () => {});
  });
}

describe('Redis client while Redis is unreachable', () => {
  it('commands fail fast with KvUnavailableError (no queueing), pub/sub publish rejects, and close() returns', async () => {
    const port = await freePort();
    const conn = createRedisConnection(`redis://127.0.0.1:${port}`, { name: 'nowhere' });
    const sub = createRedisConnection(`redis://127.0.0.1:${port}`, { name: 'nowhere-sub', subscriber: true });
    const store = createRedisKvStore(conn);
    await expect(store.get('k')).rejects.toBeInstanceOf(KvUnavailableError);
    await expect(store.incr('k')).rejects.toBeInstanceOf(KvUnavailableError);
    expect(store.isHealthy()).toBe(false);
    const bus = createRedisPubSub({ publisher: conn, subscriber: sub, subscribeTimeoutMs: 50 });
    const unsubscribe = await bus.subscribe('c', () => {});
    await expect(bus.publish('c', 'm')).rejects.toThrow();
    await unsubscribe();
    await bus.close();
    await conn.close();
  });
});

describe('Cache fails open', () => {
  const broken: KvStore = {
    ...createMemoryKvStore(),
    kind: 'redis',
    get: () => Promise.reject(new KvUnavailableError('down')),
    set: () => Promise.reject(new KvUnavailableError('down')),
    del: () => Promise.reject(new KvUnavailableError('down')),
  };

  it('a store that throws is a miss: the loader answers, nothing throws, one warning per outage', async () => {
    const warnings: unknown[] = [];
    const cache = createCache(broken, { logger: { warn: (o: unknown) => void warnings.push(o), info: () => {} } });
    let loads = 0;
    for (let i = 0; i < 5; i++) expect(await cache.getOrLoad('k', 1000, async () => ++loads)).toBe(i + 1);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 1, 1000);
    await cache.del('k');
    expect(warnings).toHaveLength(1);
  });

  it('a loader error reaches every waiter and nothing is cached', async () => {
    const cache = createCache(createMemoryKvStore());
    const failing = async (): Promise<number> => {
      await sleep(5);
      throw new Error('db down');
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => cache.getOrLoad('x', 1000, failing)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await cache.getOrLoad('x', 1000, async () => 3)).toBe(3);
  });

  it('the in-process cache store is bounded: least recently used keys go first', async () => {
    const store = createMemoryKvStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) await store.set(k, k);
    await store.get('a');
    await store.set('d', 'd');
    expect(await store.mget(['a', 'b', 'c', 'd'])).toEqual(['a', null, 'c', 'd']);
  });
});
