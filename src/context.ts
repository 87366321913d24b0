import path from 'node:path';
import { createAdapters, type Adapters } from './adapters/kv/adapters.js';
import type { Cache } from './adapters/kv/cache.js';
import type { KvStore } from './adapters/kv/kv-store.js';
import { createFileMailer, createSmtpMailer, type Mailer } from './adapters/mail/mailer.js';
import type { PaymentProvider } from './adapters/payments/payment-provider.js';
import type { PubSub } from './adapters/pubsub/pubsub.js';
import type { RedisConnection } from './adapters/redis/redis-client.js';
import { createSimulatedProvider, httpWebhookTarget } from './adapters/payments/simulated-provider.js';
import { createStripeProvider } from './adapters/payments/stripe-provider.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './domain/clock.js';
import { createQueueCaches, type QueueCaches } from './domain/queue/queue-context.js';
import { createQueueTokens, type QueueTokens } from './domain/queue/queue-token.js';
import { createStatisticsCache, type StatisticsCache } from './domain/search/search-events.js';
import { createInstanceCache, type InstanceCache } from './http/cache/instance-cache.js';
import { readTtlMs } from './http/cache/read-cache.js';
import type { Logger } from './logger.js';
import { createAuthTokens, type AuthTokens } from './security/auth-tokens.js';
import { createCursorCodec, type CursorCodec } from './security/cursor-codec.js';
import { deriveKey } from './security/keys.js';
import { createPiiCipher, type PiiCipher } from './security/pii-cipher.js';
import { createTicketSigning, type TicketSigning } from './security/ticket-signing.js';
import { instrumentCache, instrumentPayments } from './observability/instrument-adapters.js';
import { createPrometheusMetrics, type AppMetrics } from './observability/prometheus-metrics.js';

/**
 * Everything a use case may touch, passed explicitly. Adapters (cache, mail,
 * payments) join here as they are built.
 */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  tokens: AuthTokens;
  pii: PiiCipher;
  payments: PaymentProvider;
  mailer: Mailer;
  /** Counters and the waiting room (Redis with REDIS_URL, else in-process). */
  kv: KvStore;
  /** Fail-open JSON cache with single-flight getOrLoad. */
  cache: Cache;
  /** Cross-instance signals (inventory changed → SSE streams refresh). */
  pubsub: PubSub;
  /** The Redis command connection, null in-process (rate limits and /readyz use it). */
  redis: RedisConnection | null;
  /** Signs and checks waiting-room tokens. */
  queueTokens: QueueTokens;
  /** Signs and checks the keyset cursors of every paged listing. */
  cursors: CursorCodec;
  /** Ed25519 ticket codes: per-event key pairs, private keys sealed at rest. */
  ticketSigning: TicketSigning;
  /**
   * This process's own caches (lru-cache), one set per Deps, so apps built
   * side by side (tests) never see each other's entries.
   */
  local: LocalCaches;
  /** Counters for `/metrics` (Prometheus, a registry per Deps); use cases see only the domain's Metrics methods. */
  metrics: AppMetrics;
}

export interface LocalCaches {
  /** Ready-to-send availability, at most a second old (src/http/cache/catalogue-reads.ts). */
  availability: InstanceCache;
  /** Waiting-room admission state and event facts, a second old at most. */
  queue: QueueCaches;
  /** The planner's search statistics, re-read once a minute. */
  searchStatistics: StatisticsCache;
}

type AdapterDeps = Pick<Deps, 'kv' | 'cache' | 'pubsub' | 'redis'>;

/**
 * Pass `kv`/`cache`/`pubsub`/`redis` to share existing adapters (and their
 * connections); otherwise they are created here, lazily connecting.
 * `keyPrefix` namespaces Redis keys and channels (tests use one per run).
 */
export function createDeps(base: Pick<Deps, 'config' | 'db' | 'clock' | 'logger'> & Partial<AdapterDeps> & { keyPrefix?: string }): Deps {
  const { keyPrefix, ...core } = base;
  const adapters: Adapters =
    core.kv && core.cache && core.pubsub
      ? { kv: core.kv, cache: core.cache, pubsub: core.pubsub, redis: core.redis ?? null }
      : createAdapters({ redisUrl: core.config.redisUrl, logger: core.logger, prefix: keyPrefix });
  const metrics = createPrometheusMetrics({ db: core.db });
  return {
    ...core,
    ...adapters,
    cache: instrumentCache(adapters.cache, metrics),
    metrics,
    tokens: createAuthTokens(base.config.secretKey, base.clock),
    pii: createPiiCipher(base.config.secretKey, base.db),
    queueTokens: createQueueTokens(base.config.secretKey, base.clock),
    cursors: createCursorCodec(base.config.secretKey),
    ticketSigning: createTicketSigning(base.config.secretKey),
    local: {
      availability: createInstanceCache({ clock: base.clock, maxAgeMs: readTtlMs.availability }),
      queue: createQueueCaches(),
      searchStatistics: createStatisticsCache(),
    },
    payments: instrumentPayments(createPaymentProvider(base), metrics),
    mailer: base.config.smtpUrl ? createSmtpMailer(base.config.smtpUrl) : createFileMailer(path.join(base.config.dataDir, 'mail')),
  };
}

/** Stripe when it is configured; otherwise the simulated provider (the default). */
function createPaymentProvider(base: Pick<Deps, 'config' | 'db' | 'clock'>): PaymentProvider {
  const { config } = base;
  if (config.stripe) {
    const { secretKey, webhookSecret, api } = config.stripe;
    return createStripeProvider({ secretKey, webhookSecret, api, clock: base.clock });
  }
  // The simulated provider posts its webhooks to this instance's own public path, as a real one would.
  return createSimulatedProvider({
    db: base.db,
    clock: base.clock,
    webhookSecret: deriveKey(config.secretKey, 'webhook'),
    latencyMs: config.simulatedPaymentLatencyMs ?? 0,
    webhookTarget: httpWebhookTarget(`http://127.0.0.1:${config.port}/api/v1/payments/webhook`),
  });
}
