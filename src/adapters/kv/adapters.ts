import type { Logger } from '../../logger.js';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { createRedisPubSub } from '../pubsub/redis-pubsub.js';
import { createRedisConnection, type RedisConnection } from '../redis/redis-client.js';
import { createCache, type Cache } from './cache.js';
import type { KvStore } from './kv-store.js';
import { createMemoryKvStore } from './memory-kv-store.js';
import { createRedisKvStore } from './redis-kv-store.js';

export interface Adapters {
  /** Counters, waiting room: never evicts. */
  kv: KvStore;
  /** Fail-open JSON cache (bounded LRU in-process; its own key space on Redis). */
  cache: Cache;
  pubsub: PubSub;
  /** The shared command connection when on Redis (rate limits use it too). */
  redis: RedisConnection | null;
}

export interface AdapterOptions {
  redisUrl: string | undefined;
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** Namespace of every key and channel (tests use one per run). */
  prefix?: string;
  /** In-process cache bound. */
  cacheEntries?: number;
}

/** Redis when a URL is configured, else in-process equivalents with the same contracts. */
export function createAdapters(opts: AdapterOptions): Adapters {
  const prefix = opts.prefix ?? 'bo:';
  if (!opts.redisUrl) {
    const kv = createMemoryKvStore();
    const cacheStore = createMemoryKvStore({ maxEntries: opts.cacheEntries ?? 5000 });
    return { kv, cache: createCache(cacheStore, { logger: opts.logger }), pubsub: createMemoryPubSub(), redis: null };
  }
  const redis = createRedisConnection(opts.redisUrl, { name: 'boxoffice', logger: opts.logger });
  const subscriber = createRedisConnection(opts.redisUrl, { name: 'boxoffice-sub', logger: opts.logger, subscriber: true });
  // The cache has a connection of its own: a value of hundreds of kilobytes on the shared one would
  // queue the waiting room's and the rate limiter's small commands behind it, and its deadline is
  // sized to such a transfer on a busy machine, not to a counter's round trip.
  const cacheRedis = createRedisConnection(opts.redisUrl, { name: 'boxoffice-cache', logger: opts.logger, commandTimeoutMs: 3000 });
  const kv = createRedisKvStore(redis, { prefix, ownsConnection: true });
  const cache = createCache(createRedisKvStore(cacheRedis, { prefix: `${prefix}cache:`, ownsConnection: true }), { logger: opts.logger });
  return { kv, cache, pubsub: createRedisPubSub({ publisher: redis, subscriber, prefix }), redis };
}

/** Subscriber first: the shared connection goes last because publishes use it. */
export async function closeAdapters(adapters: Pick<Adapters, 'kv' | 'pubsub' | 'cache'>): Promise<void> {
  await adapters.pubsub.close();
  await adapters.cache.close();
  await adapters.kv.close();
}
