import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { poolStats, type Db } from '../db/client.js';
import { activeQueueFigures, outboxBacklog, type OutboxBacklog, type QueueFigures } from '../db/repositories/operations.repository.js';
import type { Metrics } from '../domain/metrics.js';

/** The domain's counters plus what the HTTP layer records and what `/metrics` renders. */
export interface AppMetrics extends Metrics {
  /** One answered HTTP request: `route` is the route pattern (`/api/v1/events/:id`), never the URL. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /** The Prometheus text exposition of this process. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Figures read from PostgreSQL at scrape time: every instance reports the same, so dashboards take max(). */
interface DatabaseFigures {
  outbox: OutboxBacklog;
  queues: QueueFigures[];
}

/**
 * Prometheus metrics on a registry of their own (not prom-client's global
 * one), so several apps in one process (tests) never share or clash.
 * Counters move where things happen; outbox, waiting-room and pool figures
 * are read when scraped, one database round trip per scrape at most.
 */
export function createPrometheusMetrics(opts: { db: Db; defaultMetrics?: boolean }): AppMetrics {
  const registry = new Registry();
  // Process figures (CPU, memory, event-loop delay, GC) start with the first scrape: CLI runs and tests never pay for them.
  let defaultsOn = opts.defaultMetrics === false;

  const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });

  const requests = counter('boxoffice_http_requests_total', 'HTTP requests answered, by route pattern and status', [
    'method',
    'route',
    'status',
  ]);
  const latency = new Histogram({
    name: 'boxoffice_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern (Server-Sent Event streams are not counted)',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const holdsCreated = counter('boxoffice_holds_created_total', 'Holds placed');
  const holdsFailed = counter('boxoffice_holds_failed_total', 'Hold requests that failed, by error code', ['code']);
  const checkouts = counter(
    'boxoffice_checkouts_total',
    'Checkout requests by how they ended: the order status (confirmed, pending_payment) or the error code',
    ['outcome'],
  );
  const providerCalls = counter('boxoffice_payment_calls_total', 'Payment provider calls by operation and outcome', [
    'operation',
    'outcome',
  ]);
  // Counted where settlement happens, so orders confirmed by a webhook or by reconciliation count too.
  const orders = counter(
    'boxoffice_orders_total',
    'Orders settled, by outcome (confirmed, refunded, failed) and by who reported the payment (checkout, webhook, reconciliation)',
    ['outcome', 'source'],
  );
  const payments = counter(
    'boxoffice_payments_total',
    'Payment attempts settled, by final status (captured, failed, voided) and by who reported it (checkout, webhook, reconciliation)',
    ['outcome', 'source'],
  );
  const cache = counter('boxoffice_cache_lookups_total', 'Read-cache lookups: hit (served without a database query) or miss', ['result']);

  // One database read serves every gauge of a scrape (they are collected in parallel).
  let figures: { at: number; value: Promise<DatabaseFigures | null> } | null = null;
  const databaseFigures = (): Promise<DatabaseFigures | null> => {
    if (!figures || Date.now() - figures.at > 1000) {
      const value = Promise.all([outboxBacklog(opts.db), activeQueueFigures(opts.db)]).then(
        ([outbox, queues]) => ({ outbox, queues }),
        () => null,
      );
      figures = { at: Date.now(), value };
    }
    return figures.value;
  };

  new Gauge({
    name: 'boxoffice_metrics_database_up',
    help: '1 when the database answered this scrape, 0 when the figures below could not be read',
    registers: [registry],
    async collect() {
      this.set((await databaseFigures()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'boxoffice_outbox_pending',
    help: 'Outbox rows not yet delivered',
    registers: [registry],
    async collect() {
      const f = await databaseFigures();
      if (f) this.set(f.outbox.pending);
    },
  });
  new Gauge({
    name: 'boxoffice_outbox_lag_seconds',
    help: 'Age of the oldest undelivered outbox row (0 when none)',
    registers: [registry],
    async collect() {
      const f = await databaseFigures();
      if (f) this.set(f.outbox.oldestAgeSeconds);
    },
  });
  new Gauge({
    name: 'boxoffice_queue_waiting',
    help: 'Fans in the waiting room not yet admitted, per event, as of the last admission pass',
    labelNames: ['event_id'] as const,
    registers: [registry],
    async collect() {
      const f = await databaseFigures();
      if (!f) return;
      this.reset();
      for (const q of f.queues) this.set({ event_id: q.eventId }, q.closed ? 0 : Math.max(0, q.joined - q.servingUpTo));
    },
  });
  new Counter({
    name: 'boxoffice_queue_admitted_total',
    help: "Waiting-room numbers admitted so far, per event (the queue's 'serving up to'); rate() is the admission rate",
    labelNames: ['event_id'] as const,
    registers: [registry],
    async collect() {
      const f = await databaseFigures();
      if (!f) return;
      this.reset();
      for (const q of f.queues) this.inc({ event_id: q.eventId }, q.servingUpTo);
    },
  });
  new Gauge({
    name: 'boxoffice_db_pool_connections',
    help: 'PostgreSQL pool of this process: total and idle connections, waiting queries, configured max',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = poolStats(opts.db);
      if (!s) return;
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
      this.set({ state: 'max' }, s.max);
    },
  });

  return {
    contentType: registry.contentType,
    render() {
      if (!defaultsOn) {
        defaultsOn = true;
        collectDefaultMetrics({ register: registry });
      }
      return registry.metrics();
    },
    httpRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    holdCreated: () => holdsCreated.inc(),
    holdFailed: (code) => holdsFailed.inc({ code }),
    checkoutFinished: (outcome) => checkouts.inc({ outcome }),
    paymentCall: (operation, outcome) => providerCalls.inc({ operation, outcome }),
    paymentSettled: (outcome, source) => payments.inc({ outcome, source }),
    orderSettled: (outcome, source) => orders.inc({ outcome, source }),
    cacheLookup: (hit) => cache.inc({ result: hit ? 'hit' : 'miss' }),
  };
}
