import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, inject, it } from 'vitest';
import { createRedisKvStore } from '../../src/adapters/kv/redis-kv-store.js';
import { createRedisPubSub } from '../../src/adapters/pubsub/redis-pubsub.js';
import { createRedisConnection, type RedisConnection } from '../../src/adapters/redis/redis-client.js';
import { kvContract, pubsubContract } from '../support/kv-pubsub-contract.js';
import { testKeyPrefix } from '../support/test-app.js';

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
