import { ReplyError } from 'ioredis';
import type { RedisConnection } from '../redis/redis-client.js';
import { KvUnavailableError, type KvStore } from './kv-store.js';

export interface RedisKvOptions {
  /** Namespaces this store's keys (several stores, or test runs, share one Redis). */
  prefix?: string;
  /** Whether close() also closes the connection (false when it is shared). */
  ownsConnection?: boolean;
  /**
   * After a command times out, fail at once for this long: a Redis that
   * stops answering without closing the socket would otherwise add the full
   * command timeout to every request.
   */
  breakerMs?: number;
}

/** KvStore on Redis. A reply error (wrong type) is a bug and propagates; anything else is an outage. */
export function createRedisKvStore(connection: RedisConnection, opts: RedisKvOptions = {}): KvStore {
  const prefix = opts.prefix ?? '';
  const client = connection.client;
  const k = (key: string): string => prefix + key;

  const breakerMs = opts.breakerMs ?? 1000;
  let openUntil = 0;

  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    if (openUntil > Date.now()) throw new KvUnavailableError('Redis is not answering');
    if (!connection.isHealthy() && !(await connection.ready())) {
      throw new KvUnavailableError('Redis is unreachable');
    }
    try {
      return await command();
    } catch (err) {
      if (err instanceof ReplyError) throw err;
      if (/timed out/i.test((err as Error).message)) openUntil = Date.now() + breakerMs;
      throw new KvUnavailableError(`Redis command failed: ${(err as Error).message}`, { cause: err });
    }
  };
  const ttlArg = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs));

  return {
    kind: 'redis',
    get: (key) => run(() => client.get(k(key))),
    mget: (keys) => (keys.length === 0 ? Promise.resolve([]) : run(() => client.mget(keys.map(k)))),
    async set(key, value, ttlMs) {
      await run(() => (ttlMs === undefined ? client.set(k(key), value) : client.set(k(key), value, 'PX', ttlArg(ttlMs))));
    },
    async setIfAbsent(key, value, ttlMs) {
      const reply = await run(() =>
        ttlMs === undefined ? client.set(k(key), value, 'NX') : client.set(k(key), value, 'PX', ttlArg(ttlMs), 'NX'),
      );
      return reply === 'OK';
    },
    async del(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      if (list.length > 0) await run(() => client.del(...list.map(k)));
    },
    incr: (key) => run(() => client.incr(k(key))),
    incrBy: (key, by) => run(() => client.incrby(k(key), by)),
    async expire(key, ttlMs) {
      return (await run(() => client.pexpire(k(key), ttlArg(ttlMs)))) === 1;
    },
    async ttl(key) {
      const ms = await run(() => client.pttl(k(key)));
      return ms < 0 ? null : ms;
    },
    isHealthy: () => connection.isHealthy(),
    async close() {
      if (opts.ownsConnection) await connection.close();
    },
  };
}
