import type { RedisConnection } from '../redis/redis-client.js';
import type { MessageHandler, PubSub } from './pubsub.js';

export interface RedisPubSubOptions {
  /** Publishes go over the shared command connection (fails fast while Redis is away). */
  publisher: RedisConnection;
  /** A connection in subscriber mode can run no other command: it is this adapter's own. */
  subscriber: RedisConnection;
  /** Namespaces channels like the KvStore prefix namespaces keys. */
  prefix?: string;
  /** How long subscribe() waits for Redis to confirm before returning anyway. */
  subscribeTimeoutMs?: number;
}

/**
 * Redis pub/sub: one SUBSCRIBE per channel per instance however many local
 * handlers listen. While Redis is away, SUBSCRIBE stays queued on the
 * subscriber connection and ioredis re-subscribes after every reconnect.
 */
export function createRedisPubSub(opts: RedisPubSubOptions): PubSub {
  const prefix = opts.prefix ?? '';
  const sub = opts.subscriber.client;
  interface Channel {
    handlers: Set<MessageHandler>;
    confirmed: Promise<void>;
  }
  const channels = new Map<string, Channel>();

  sub.on('message', (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    for (const handler of entry.handlers) {
      try {
        handler(message);
      } catch {
        // A faulty subscriber must not stop delivery to the others.
      }
    }
  });

  return {
    kind: 'redis',
    async publish(channel, message) {
      if (!opts.publisher.isHealthy() && !(await opts.publisher.ready())) throw new Error('Redis is unreachable');
      await opts.publisher.client.publish(prefix + channel, message);
    },
    async subscribe(channel, handler) {
      const name = prefix + channel;
      let entry = channels.get(name);
      if (!entry) {
        void opts.subscriber.ready(0);
        let timer: NodeJS.Timeout | undefined;
        const confirmed = Promise.race([
          sub.subscribe(name).then(
            () => undefined,
            () => undefined,
          ),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.subscribeTimeoutMs ?? 1000))),
        ]).finally(() => clearTimeout(timer));
        entry = { handlers: new Set(), confirmed };
        channels.set(name, entry);
      }
      entry.handlers.add(handler);
      await entry.confirmed;
      const mine = entry;
      return async () => {
        if (!mine.handlers.delete(handler) || mine.handlers.size > 0 || channels.get(name) !== mine) return;
        channels.delete(name);
        // While Redis is away UNSUBSCRIBE waits in the queue; nobody needs to wait with it.
        void sub.unsubscribe(name).catch(() => undefined);
      };
    },
    async close() {
      channels.clear();
      await opts.subscriber.close();
    },
  };
}
