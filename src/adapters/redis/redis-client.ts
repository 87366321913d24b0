import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../logger.js';

export interface RedisConnection {
  readonly client: Redis;
  /** True once connected and until the connection drops. */
  isHealthy(): boolean;
  /**
   * Starts the first connection if nobody has yet and, while that first
   * attempt (whoever started it) is under way, waits at most `timeoutMs` for
   * it: the process never opens a socket it does not use (CLI commands), and
   * the first command after boot does not fail for nothing. Once the first
   * attempt is over it answers at once, so an outage fails fast.
   */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  name: string;
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** Per-command deadline; a call never waits longer than this while Redis is away. */
  commandTimeoutMs?: number;
  /** Subscriber connections queue SUBSCRIBE until connected (ioredis re-subscribes after reconnects). */
  subscriber?: boolean;
}

/** Reconnect forever: 50 ms, 100 ms, … capped at 2 s so recovery is quick once Redis is back. */
const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** Math.min(attempt, 10), 2000);

/**
 * An ioredis connection tuned to fail fast while Redis is away rather than
 * queue requests behind an outage: no offline queue, a short command timeout,
 * one attempt per command. Errors are logged once per outage and never
 * surface as unhandled 'error' events.
 */
export function createRedisConnection(url: string, opts: RedisConnectionOptions): RedisConnection {
  const options: RedisOptions = {
    lazyConnect: true,
    connectionName: opts.name,
    connectTimeout: 2000,
    enableOfflineQueue: opts.subscriber === true,
    commandTimeout: opts.subscriber ? undefined : (opts.commandTimeoutMs ?? 500),
    maxRetriesPerRequest: opts.subscriber ? null : 1,
    retryStrategy: reconnectDelay,
    autoResubscribe: true,
  };
  const client = new Redis(url, options);
  let healthy = false;
  let outageLogged = false;
  let closed = false;
  // ioredis also connects by itself on a command sent while idle (the rate limiter talks to it directly), so the
  // first attempt is followed through the connection's events, not through a promise of our own.
  let firstAttemptOver = false;
  let endFirstAttempt: () => void = () => {};
  const firstAttempt = new Promise<void>((resolve) => (endFirstAttempt = resolve));
  const attemptOver = (): void => {
    firstAttemptOver = true;
    endFirstAttempt();
  };

  client.on('ready', () => {
    attemptOver();
    healthy = true;
    if (outageLogged) opts.logger?.info({ redis: opts.name }, 'redis reachable again');
    outageLogged = false;
  });
  const down = (err?: unknown): void => {
    attemptOver();
    healthy = false;
    if (outageLogged || closed) return;
    outageLogged = true;
    opts.logger?.warn({ err, redis: opts.name }, 'redis unreachable; retrying in the background');
  };
  client.on('error', down);
  client.on('close', () => down());

  return {
    client,
    isHealthy: () => healthy,
    async ready(timeoutMs = 2500) {
      if (closed) return false;
      if (client.status === 'ready') return true;
      if (client.status === 'wait') client.connect().catch(() => {});
      if (firstAttemptOver) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([firstAttempt, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      return (client.status as string) === 'ready';
    },
    async close() {
      if (closed) return;
      closed = true;
      healthy = false;
      // Not connected: QUIT would wait in the offline queue (subscriber) for a Redis that is away.
      if (client.status !== 'ready') {
        client.disconnect();
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
