import { promisify } from 'node:util';
import { gunzip, gzip, constants } from 'node:zlib';
import type { Logger } from '../../logger.js';
import type { KvStore } from './kv-store.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Values from this size on are stored gzipped (base64 behind a `gz:` marker,
 * which no JSON text starts with): a stadium seat map of megabytes becomes a
 * few hundred kilobytes, so its transfer fits the store's command deadline
 * with room to spare. Level 1: the bytes saved cost little CPU.
 */
const COMPACT_FROM_CHARS = 16_384;
const COMPACT_MARK = 'gz:';

async function encode(value: unknown): Promise<string> {
  const json = JSON.stringify(value);
  if (json.length < COMPACT_FROM_CHARS) return json;
  const zipped = await gzipAsync(json, { level: constants.Z_BEST_SPEED });
  return COMPACT_MARK + zipped.toString('base64');
}

async function decode(raw: string): Promise<unknown> {
  if (!raw.startsWith(COMPACT_MARK)) return JSON.parse(raw);
  const json = await gunzipAsync(Buffer.from(raw.slice(COMPACT_MARK.length), 'base64'));
  return JSON.parse(json.toString('utf8'));
}

/**
 * JSON values with a TTL on top of a KvStore. The cache only ever makes reads
 * cheaper, so it FAILS OPEN: any store error counts as a miss (the caller goes
 * to PostgreSQL) and writes are dropped; never a 500 because Redis is away.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  del(keys: string | readonly string[]): Promise<void>;
  /**
   * The cached value, or the loader's (then cached for `ttlMs`). Concurrent
   * misses of one key on this instance share one loader call (single-flight),
   * so a thundering herd costs one database query per instance.
   * A loader error propagates to every waiter and nothing is cached.
   */
  getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T>;
  /** Closes the store's own connection, if it has one. */
  close(): Promise<void>;
}

export interface CacheOptions {
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export function createCache(store: KvStore, opts: CacheOptions = {}): Cache {
  const inflight = new Map<string, Promise<unknown>>();
  // One warning per outage, not one per request: an on-sale would otherwise log millions.
  let failing = false;

  const failed = (err: unknown, op: string): void => {
    if (failing) return;
    failing = true;
    opts.logger?.warn({ err, op, store: store.kind }, 'cache store unavailable; serving from the database');
  };
  const succeeded = (): void => {
    if (!failing) return;
    failing = false;
    opts.logger?.info({ store: store.kind }, 'cache store reachable again');
  };

  // Concurrent reads of one key share one transfer and one parse: a herd on a big value is one GET.
  const reading = new Map<string, Promise<unknown>>();
  const get = <T>(key: string): Promise<T | undefined> => {
    const pending = reading.get(key);
    if (pending) return pending as Promise<T | undefined>;
    const run = read<T>(key).finally(() => reading.delete(key));
    reading.set(key, run);
    return run;
  };

  const read = async <T>(key: string): Promise<T | undefined> => {
    let raw: string | null;
    try {
      raw = await store.get(key);
      succeeded();
    } catch (err) {
      failed(err, 'get');
      return undefined;
    }
    if (raw === null) return undefined;
    try {
      return (await decode(raw)) as T;
    } catch {
      return undefined;
    }
  };

  const set = async <T>(key: string, value: T, ttlMs: number): Promise<void> => {
    if (value === undefined) return;
    try {
      await store.set(key, await encode(value), ttlMs);
      succeeded();
    } catch (err) {
      failed(err, 'set');
    }
  };

  return {
    get,
    set,
    async del(keys) {
      try {
        await store.del(keys);
        succeeded();
      } catch (err) {
        failed(err, 'del');
      }
    },
    getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> {
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const run = (async () => {
        const hit = await get<T>(key);
        if (hit !== undefined) return hit;
        const value = await loader();
        await set(key, value, ttlMs);
        return value;
      })().finally(() => inflight.delete(key));
      inflight.set(key, run);
      return run;
    },
    close: () => store.close(),
  };
}
