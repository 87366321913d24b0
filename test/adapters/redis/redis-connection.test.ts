import { describe, expect, inject, it } from 'vitest';
import { createRedisConnection } from '../../../src/adapters/redis/redis-client.js';
import { freePort } from '../../support/redis-server.js';

const redisUrl = inject('redisUrl');

describe('RedisConnection.ready()', () => {
  it.skipIf(!redisUrl)('waits for a first connect that a command started by itself, instead of answering no at once', async () => {
    const connection = createRedisConnection(redisUrl!, { name: 'ready-test' });
    try {
      // ioredis connects on its own when a command arrives while idle; without an offline queue the command itself
      // fails. The rate limiter talks to the client directly, so this is how the first attempt often starts.
      await expect(connection.client.get('ready-test')).rejects.toThrow();
      expect(connection.client.status).toBe('connecting');
      expect(await connection.ready()).toBe(true);
      expect(connection.isHealthy()).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it.skipIf(!redisUrl)('callers arriving together share one first attempt and all see it succeed', async () => {
    const connection = createRedisConnection(redisUrl!, { name: 'ready-test' });
    try {
      expect(await Promise.all([connection.ready(), connection.ready(), connection.ready()])).toEqual([true, true, true]);
    } finally {
      await connection.close();
    }
  });

  it('with nothing listening: the first call waits for the attempt to fail, later calls answer no at once', async () => {
    const connection = createRedisConnection(`redis://127.0.0.1:${await freePort()}`, { name: 'ready-test' });
    try {
      expect(await connection.ready()).toBe(false);
      const started = performance.now();
      expect(await connection.ready()).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await connection.close();
    }
  });
});
