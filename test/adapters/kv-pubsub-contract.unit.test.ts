import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/adapters/kv/cache.js';
import { KvUnavailableError, type KvStore } from '../../src/adapters/kv/kv-store.js';
import { createMemoryKvStore } from '../../src/adapters/kv/memory-kv-store.js';
import { createRedisKvStore } from '../../src/adapters/kv/redis-kv-store.js';
import { createMemoryPubSub } from '../../src/adapters/pubsub/memory-pubsub.js';
import { createRedisPubSub } from '../../src/adapters/pubsub/redis-pubsub.js';
import { createRedisConnection } from '../../src/adapters/redis/redis-client.js';
import { kvContract, pubsubContract } from '../support/kv-pubsub-contract.js';
import { freePort } from '../support/redis-server.js';

// In-process: a clock moved by hand, so TTL tests take no time at all.
kvContract('in-process', async () => {
  let t = 1_000_000;
  return { store: createMemoryKvStore({ now: () => t }), advance: async (ms) => void (t += ms) };
});
pubsubContract('in-process', async () => {
  const bus = createMemoryPubSub();
  return { a: bus, b: bus };
});

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
