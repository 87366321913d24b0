import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { RetentionPeriods } from './domain/privacy/retention.js';

/**
 * Every environment variable Boxoffice reads, parsed and validated once at boot.
 * Nothing else in the code base reads process.env.
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  // Loopback unless told otherwise: containers and deployments set HOST=0.0.0.0 on purpose.
  HOST: Type.String({ default: '127.0.0.1' }),
  TRUST_PROXY: Type.String({ default: 'false', pattern: '^(true|false|[0-9a-fA-F.:/, ]+)$' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  BOXOFFICE_DATA_DIR: Type.String({ default: './data' }),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, default: 86_400 }),
  DEMO_SEED: Type.Optional(Type.Boolean()),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+' })),
  RUN_WORKER: Type.Optional(Type.Boolean()),
  // Requests per minute per account (per IP when signed out); see README "Configuration".
  RATE_LIMIT_HOLDS_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  RATE_LIMIT_CHECKOUT_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  RATE_LIMIT_LOGIN_PER_MINUTE: Type.Integer({ minimum: 1, default: 10 }),
  RATE_LIMIT_REGISTER_PER_MINUTE: Type.Integer({ minimum: 1, default: 10 }),
  RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  AVAILABILITY_POLL_MS: Type.Integer({ minimum: 100, default: 1000 }),
  READ_CACHE: Type.Optional(Type.Boolean()),
  /** Holds per second on one event above which its waiting room switches on by itself; 0 = never. */
  QUEUE_AUTO_HOLDS_PER_SECOND: Type.Integer({ minimum: 0, default: 50 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /** Added latency of each simulated payment call (fault tests land a crash mid-call); 0 = none. */
  SIMULATED_PAYMENT_LATENCY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 0 }),
  /** Times a fan may extend one hold (POST /holds/:id/extend); 0 = never. */
  HOLD_MAX_EXTENSIONS: Type.Integer({ minimum: 0, maximum: 20, default: 1 }),
  /** The longest a hold may last from its creation, extensions included. */
  HOLD_MAX_TOTAL_SECONDS: Type.Integer({ minimum: 30, maximum: 86_400, default: 1800 }),
  /** Share of ordinary requests written to the request log (0–1); errors and slow requests always are. */
  REQUEST_LOG_SAMPLE: Type.Number({ minimum: 0, maximum: 1, default: 0.01 }),
  /** A request slower than this is always logged, at warn. */
  SLOW_REQUEST_MS: Type.Integer({ minimum: 1, default: 1000 }),
  /** Bearer token for GET /metrics; unset: only loopback clients may scrape. */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** Folder for the worker's daily backups; unset: no scheduled backups. */
  BACKUP_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Scheduled backups kept in BACKUP_DIR (older ones are deleted after each new one). */
  BACKUP_KEEP: Type.Integer({ minimum: 1, default: 7 }),
  /** How often a worker reconciles payments with the provider (fault tests shorten it). */
  RECONCILE_EVERY_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  /** How long reconciliation leaves an attempt alone after its last change (the checkout may still be at it). */
  RECONCILE_GRACE_MS: Type.Integer({ minimum: 0, default: 30_000 }),
  /** Stripe instead of the simulated provider: all three keys together (docs/payments.md). */
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]+$' })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ pattern: '^whsec_[A-Za-z0-9]+$' })),
  STRIPE_PUBLISHABLE_KEY: Type.Optional(Type.String({ pattern: '^pk_(test|live)_[A-Za-z0-9]+$' })),
  /** Let organizer webhooks reach loopback and private addresses; default: only outside production (docs/webhooks.md). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: Type.Optional(Type.Boolean()),
  /** Another Stripe API endpoint (stripe-mock, a test double), e.g. http://127.0.0.1:12111. */
  STRIPE_API_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+/?$' })),
  /** Retention periods in days (docs/privacy.md): holds that never became orders … */
  RETENTION_ABANDONED_HOLDS_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  /** … self-registered accounts never confirmed and never used to order … */
  RETENTION_UNVERIFIED_ACCOUNTS_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  /** … copies of sent mail under data/mail … */
  RETENTION_MAIL_FILES_DAYS: Type.Integer({ minimum: 1, default: 90 }),
  /** … and the details of audit entries (who did what to which subject is kept). */
  RETENTION_AUDIT_DETAIL_DAYS: Type.Integer({ minimum: 1, default: 365 }),
});

type Env = Static<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /**
   * Which X-Forwarded-For hops to believe for the client IP (per-IP rate limits):
   * false (none, the default), true (all), or the proxies' addresses/CIDRs.
   */
  trustProxy: boolean | string;
  /** Absent: run the embedded PostgreSQL server in `dataDir/pg`. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  secretKey: string;
  logLevel: string;
  tokenTtlSeconds: number;
  /** Seed demo events and demo accounts on first start; never in production. */
  demoSeed: boolean;
  /**
   * Request log: errors (5xx) and requests slower than `slowMs` always, the
   * rest at `sample` (REQUEST_LOG_SAMPLE, SLOW_REQUEST_MS). Absent: every request.
   */
  requestLog?: { sample: number; slowMs: number };
  smtpUrl: string | undefined;
  /**
   * Where people reach the web app (PUBLIC_URL), for links in e-mails. Never
   * taken from a request's Host header, which a caller controls. Absent:
   * http://localhost:<port>.
   */
  publicUrl?: string;
  /** Run the outbox worker inside the API process (the default with the embedded database). */
  runWorker: boolean;
  /** Requests per minute per account, or per IP for anonymous callers. */
  rateLimits: RateLimits;
  /**
   * Safety-net poll of each watched event's availability per instance
   * (AVAILABILITY_POLL_MS, default 1000): inventory signals over pub/sub push
   * changes sooner; a lost signal waits for this poll. Absent: 1000.
   */
  availabilityPollMs?: number;
  /**
   * Serve event detail, listings, seat maps and availability from the cache
   * (READ_CACHE, default on). Absent means off, so tests that change rows
   * directly and read them back at once opt in explicitly.
   */
  readCache?: boolean;
  /**
   * Holds per second on one event that switch its waiting room on by itself
   * (QUEUE_AUTO_HOLDS_PER_SECOND, default 50). Absent or 0: only organizers do.
   */
  queueAutoHoldsPerSecond?: number;
  /**
   * How long serve and worker may take to stop gracefully on SIGTERM/SIGINT
   * before exiting 1 (SHUTDOWN_TIMEOUT_MS, default 10000).
   */
  shutdownTimeoutMs?: number;
  /**
   * Latency of each money-moving call to the simulated payment provider
   * (SIMULATED_PAYMENT_LATENCY_MS, default 0): a slow provider for fault tests.
   */
  simulatedPaymentLatencyMs?: number;
  /**
   * Bearer token that GET /metrics requires (METRICS_TOKEN, 16+ characters).
   * Absent: /metrics answers only clients on the loopback interface.
   */
  metricsToken?: string | undefined;
  /** Where the worker writes a backup a day (BACKUP_DIR); absent: no scheduled backups. */
  backupDir?: string | undefined;
  /** Scheduled backups kept (BACKUP_KEEP, default 7). */
  backupKeep?: number;
  /**
   * What a fan may do to a hold that is running out (HOLD_MAX_EXTENSIONS, default 1;
   * HOLD_MAX_TOTAL_SECONDS, default 1800): each extension adds the event's hold time.
   * Absent: the defaults.
   */
  holdExtensions?: { max: number; maxTotalSeconds: number };
  /** Time between two reconciliation passes of a worker (RECONCILE_EVERY_MS, default 30000). */
  reconcileEveryMs?: number;
  /** Reconciliation's grace after an attempt's last change (RECONCILE_GRACE_MS, default 30000). */
  reconcileGraceMs?: number;
  /**
   * Whether organizer webhooks may target loopback, private and link-local
   * addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS). Absent: allowed except in production.
   */
  webhookAllowPrivateTargets?: boolean;
  /** Stripe (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PUBLISHABLE_KEY); absent: the simulated provider. */
  stripe?: StripeConfig | undefined;
  /** RETENTION_*_DAYS; absent: the defaults in src/domain/privacy/retention.ts. */
  retention?: RetentionPeriods;
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Sent to the browser, which loads Stripe.js with it. */
  publishableKey: string;
  /** STRIPE_API_URL: the SDK's host/port/protocol for another endpoint; absent: api.stripe.com. */
  api?: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
}

export interface RateLimits {
  holds: number;
  checkout: number;
  login: number;
  register: number;
  queueJoins: number;
}

export class ConfigError extends Error {}

/** Environment variables that are set but empty count as unset. */
function pickEnv(source: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Value.Default(EnvSchema, Value.Convert(EnvSchema, pickEnv(source)));
  if (!Value.Check(EnvSchema, raw)) {
    const problems = [...Value.Errors(EnvSchema, raw)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = raw as Env;
  const dataDir = path.resolve(env.BOXOFFICE_DATA_DIR);
  const production = env.NODE_ENV === 'production';
  if (production && env.DEMO_SEED === true) {
    throw new ConfigError('DEMO_SEED=true is refused with NODE_ENV=production: demo accounts have published passwords');
  }
  if (production && !env.SECRET_KEY) {
    throw new ConfigError('SECRET_KEY (at least 32 characters) is required with NODE_ENV=production');
  }
  if (env.DATABASE_URL && !env.SECRET_KEY) {
    // A secret per data folder would differ between instances and the CLI (tokens and PII unreadable across
    // them); one kept in the database would sit in every backup beside the data it encrypts.
    throw new ConfigError(
      'SECRET_KEY is required with DATABASE_URL: every instance and the CLI must share it (e.g. SECRET_KEY=$(openssl rand -base64 48))',
    );
  }
  if (production && env.SECRET_KEY && secretBits(env.SECRET_KEY) < MIN_SECRET_BITS) {
    throw new ConfigError(
      `SECRET_KEY looks guessable (about ${Math.floor(secretBits(env.SECRET_KEY))} bits; ${MIN_SECRET_BITS} needed): use a random value such as $(openssl rand -base64 48)`,
    );
  }
  if (env.DEMO_SEED === true && env.DATABASE_URL) {
    throw new ConfigError('DEMO_SEED=true is refused with DATABASE_URL: demo accounts have published passwords (embedded database only)');
  }
  return {
    stripe: stripeConfig(env),
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    dataDir,
    secretKey: env.SECRET_KEY ?? localSecret(dataDir),
    logLevel: env.LOG_LEVEL,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    demoSeed: env.DEMO_SEED ?? (!production && !env.DATABASE_URL),
    smtpUrl: env.SMTP_URL,
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL.replace(/\/+$/, '') } : {}),
    runWorker: env.RUN_WORKER ?? !env.DATABASE_URL,
    rateLimits: {
      holds: env.RATE_LIMIT_HOLDS_PER_MINUTE,
      checkout: env.RATE_LIMIT_CHECKOUT_PER_MINUTE,
      login: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      register: env.RATE_LIMIT_REGISTER_PER_MINUTE,
      queueJoins: env.RATE_LIMIT_QUEUE_JOINS_PER_MINUTE,
    },
    availabilityPollMs: env.AVAILABILITY_POLL_MS,
    readCache: env.READ_CACHE ?? true,
    queueAutoHoldsPerSecond: env.QUEUE_AUTO_HOLDS_PER_SECOND,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    simulatedPaymentLatencyMs: env.SIMULATED_PAYMENT_LATENCY_MS,
    metricsToken: env.METRICS_TOKEN,
    requestLog: { sample: env.REQUEST_LOG_SAMPLE, slowMs: env.SLOW_REQUEST_MS },
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    backupKeep: env.BACKUP_KEEP,
    holdExtensions: { max: env.HOLD_MAX_EXTENSIONS, maxTotalSeconds: env.HOLD_MAX_TOTAL_SECONDS },
    reconcileEveryMs: env.RECONCILE_EVERY_MS,
    reconcileGraceMs: env.RECONCILE_GRACE_MS,
    ...(env.WEBHOOK_ALLOW_PRIVATE_TARGETS !== undefined ? { webhookAllowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS } : {}),
    retention: {
      abandonedHoldsDays: env.RETENTION_ABANDONED_HOLDS_DAYS,
      unverifiedAccountsDays: env.RETENTION_UNVERIFIED_ACCOUNTS_DAYS,
      mailFilesDays: env.RETENTION_MAIL_FILES_DAYS,
      auditDetailDays: env.RETENTION_AUDIT_DETAIL_DAYS,
    },
  };
}

function stripeConfig(env: Env): StripeConfig | undefined {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PUBLISHABLE_KEY: publishableKey } = env;
  if (!secretKey && !webhookSecret && !publishableKey) {
    if (env.STRIPE_API_URL) throw new ConfigError('STRIPE_API_URL is set without STRIPE_SECRET_KEY');
    return undefined;
  }
  if (!secretKey || !webhookSecret || !publishableKey) {
    // Half a Stripe set-up would take payments it never hears back about, or show a form that cannot pay.
    throw new ConfigError('Stripe needs STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PUBLISHABLE_KEY together');
  }
  if (secretKey.split('_')[1] !== publishableKey.split('_')[1]) {
    throw new ConfigError('STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must both be test keys or both live keys');
  }
  let api: StripeConfig['api'];
  if (env.STRIPE_API_URL) {
    const url = new URL(env.STRIPE_API_URL);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    api = { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
  }
  return { secretKey, webhookSecret, publishableKey, api };
}

const MIN_SECRET_BITS = 128;

/**
 * A rough strength estimate: length times the empirical entropy per character.
 * It catches the usual mistakes (`aaaa…`, `changeme` repeated, a short word
 * padded out); a random base64 or hex string of 32+ characters passes easily.
 */
export function secretBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...secret].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return perChar * n;
}

/** Outside production a secret is generated once per data folder so tokens survive restarts. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

function parseTrustProxy(value: string): boolean | string {
  return value === 'true' ? true : value === 'false' ? false : value;
}
