import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Deps } from '../src/context.js';
import { formatReport, verifyInvariants } from '../src/domain/invariants/verify-invariants.js';
import { buildApp } from '../src/http/app.js';
import { httpWebhookTarget, type SimulatedProvider } from '../src/adapters/payments/simulated-provider.js';
import { outboxHandlers } from '../src/jobs/handlers/index.js';
import { runWorkerOnce, startWorker } from '../src/jobs/worker.js';
import { forgetQueueState } from '../src/domain/queue/queue-context.js';
import { machineBusyMs, processCpuMs } from './lib/results.js';
import { summarise, type Summary } from './lib/stats.js';
import { benchHttp, boundedFor, type BenchHttp } from './onsale-http.js';
import { spearman } from './lib/stats.js';
import { auditSale, createFans, createStadium, openSaleNow, withPaymentDelay, type SaleAudit } from './onsale-setup.js';
import { deliveryTopics, handlersFor } from './delivery-worker.js';
import { funnelOf, type FunnelFigures, type Phase } from './onsale-funnel.js';
import { pickSeats, seatMapOf, type SeatMap } from './onsale-seats.js';

export interface OnsaleOptions {
  fans: number;
  sections: number;
  rows: number;
  seatsPerRow: number;
  /** Share of fans that arrive before the sale opens (placed in random order at the opening). */
  preOpenShare: number;
  /** Concurrent joins of the arrival burst. */
  joinConcurrency: number;
  /** Fans at most in the booking funnel at once (polling, holding, paying). */
  activeFans: number;
  pollMs: number;
  paymentDelayMs: [number, number];
  /** A fan's time on the seat map and the payment form before checkout. */
  thinkMs: [number, number];
  maxSeconds: number;
  workerIntervalMs: number;
  /**
   * Order mails (two PDFs each) delivered by this many processes of their own (bench/delivery-worker.ts) instead of
   * the in-process worker, as a deployment runs workers apart from the API. 0: the in-process worker delivers all.
   */
  delivery?: { processes: number; databaseUrl: string; keyPrefix: string; config: Deps['config'] };
  log: (line: string) => void;
}

type Step = 'join' | 'status' | 'availability' | 'hold' | 'checkout' | 'release';
const steps: Step[] = ['join', 'status', 'availability', 'hold', 'checkout', 'release'];

export interface OnsaleResult {
  eventId: string;
  fans: number;
  seats: number;
  store: 'redis' | 'memory';
  secondsToSellOut: number | null;
  saleSeconds: number;
  holds: number;
  orders: number;
  holdsPerSecond: number;
  ordersPerSecond: number;
  latencyMs: Record<Step, Summary>;
  statusCounts: Record<Step, Record<string, number>>;
  turnedAway: number;
  fairness: { allFans: number; preOpenFans: number; postOpenFans: number; holdOrderVsArrival: number };
  audit: SaleAudit;
  invariantsOk: boolean;
  invariantReport: string;
  funnel: FunnelFigures;
  /** Order confirmations waiting in the outbox during the sale, sampled every second. */
  outbox: OutboxLag;
  /** Processes of their own that delivered the order mails (0: the in-process worker did). */
  deliveryProcesses: number;
  /** CPU-seconds the whole machine spent from the opening to the last order (sampled each second), and the orders by then. */
  machineCpu: { seconds: number; orders: number; deliverySeconds: number };
}

export interface OutboxLag {
  maxPending: number;
  /** Age of the oldest undelivered row at its worst. */
  maxLagSeconds: number;
  /** Rows waiting, and the age of the oldest, when the sale ended (the funnel closed). */
  pendingAtEnd: number;
  lagSecondsAtEnd: number;
  /** From the last order until the outbox was empty; null when it did not empty within 30 s. */
  drainedSecondsAfterLastOrder: number | null;
}

/** Rows the worker has handlers for and has not delivered yet (a failed row waits for its retry, not counted). */
async function outboxBacklog(deps: Deps): Promise<{ pending: number; lagSeconds: number }> {
  const topics = Object.keys(outboxHandlers);
  const { rows } = await sql<{ pending: number; lag: number | null }>`
    select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as lag
      from outbox where delivered_at is null and attempts = 0 and topic = any(${topics}::text[])`.execute(deps.db);
  return { pending: rows[0]?.pending ?? 0, lagSeconds: rows[0]?.lag ?? 0 };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const between = ([a, b]: [number, number]): number => a + Math.random() * (b - a);

/** The flash sale: burst of joins → cached status polls → holds → checkouts, over real HTTP. */
export async function runOnsale(baseDeps: Deps, o: OnsaleOptions): Promise<OnsaleResult> {
  const deps: Deps = { ...baseDeps, payments: withPaymentDelay(baseDeps.payments, ...o.paymentDelayMs) };
  const seats = o.sections * o.rows * o.seatsPerRow;
  o.log(`Creating a ${seats.toLocaleString('en')}-seat event and ${o.fans.toLocaleString('en')} fans…`);
  const stadium = await createStadium(deps, {
    sections: o.sections,
    rows: o.rows,
    seatsPerRow: o.seatsPerRow,
    perUserLimit: 4,
    opensInMs: 3_600_000,
    queue: { maxAdmitPerTick: 2000, admitWindowSeconds: 30 },
  });
  const fans = await createFans(deps, o.fans);
  const app = await buildApp(deps, { webRoot: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  if ('setWebhookTarget' in deps.payments)
    (deps.payments as SimulatedProvider).setWebhookTarget(httpWebhookTarget(`${base}/api/v1/payments/webhook`));
  const client = benchHttp(base, Math.max(o.joinConcurrency, o.activeFans) + 16);
  const apart = o.delivery && o.delivery.processes > 0 ? o.delivery : null;
  const worker = startWorker(deps, { periodMs: o.workerIntervalMs, ...(apart ? { handlers: handlersFor(deliveryTopics, false) } : {}) });
  const deliverers = apart ? startDeliverers(apart) : [];
  const lag: OutboxLag = { maxPending: 0, maxLagSeconds: 0, pendingAtEnd: 0, lagSecondsAtEnd: 0, drainedSecondsAfterLastOrder: null };
  // When the sampler found the outbox empty: the drain time is the first of these after the last order.
  const emptyAt: number[] = [];
  const sampler = setInterval(() => {
    outboxBacklog(deps)
      .then((b) => {
        if (b.pending === 0) emptyAt.push(performance.now());
        lag.maxPending = Math.max(lag.maxPending, b.pending);
        lag.maxLagSeconds = Math.max(lag.maxLagSeconds, Math.round(b.lagSeconds * 10) / 10);
      })
      .catch(() => undefined);
  }, 1000);
  const lat: Record<Step, number[]> = { join: [], status: [], availability: [], hold: [], checkout: [], release: [] };
  const counts: Record<Step, Record<string, number>> = { join: {}, status: {}, availability: {}, hold: {}, checkout: {}, release: {} };
  const call = async (
    step: Step,
    method: string,
    path: string,
    i: number,
    extra: { headers?: Record<string, string>; body?: unknown } = {},
  ) => {
    const r = await client.request(method, `/api/v1${path}`, {
      ...extra,
      headers: { authorization: `Bearer ${fans.tokens[i]}`, ...extra.headers },
    });
    lat[step].push(r.ms);
    const key =
      r.status >= 400 && r.text.includes('"code"')
        ? `${r.status} ${(JSON.parse(r.text) as { error: { code: string } }).error.code}`
        : String(r.status);
    counts[step][key] = (counts[step][key] ?? 0) + 1;
    return r;
  };

  const ev = stadium.eventId;
  const slotMs: Record<Phase, number> = {
    admissionWait: 0,
    turnedAwayWait: 0,
    availability: 0,
    think: 0,
    hold: 0,
    backoff: 0,
    checkout: 0,
  };
  let fansServed = 0;
  const pause = async (phase: Phase, ms: number): Promise<void> => {
    const t = performance.now();
    await sleep(ms);
    slotMs[phase] += performance.now() - t;
  };
  const position = new Array<number | null>(o.fans).fill(null);
  const queueToken = new Array<string>(o.fans).fill('');
  const holdAt = new Array<number | null>(o.fans).fill(null);
  const join = async (i: number): Promise<void> => {
    const r = await call('join', 'POST', `/events/${ev}/queue`, i, { body: {} });
    if (r.status !== 200) return;
    const body = JSON.parse(r.text) as { token: string; position: number | null };
    queueToken[i] = body.token;
    position[i] = body.position;
  };

  let cpuSampler: ReturnType<typeof setInterval> | undefined;
  const preOpen = Math.round(o.fans * o.preOpenShare);
  const deadline = Date.now() + o.maxSeconds * 1000;
  try {
    o.log(`Pre-open: ${preOpen.toLocaleString('en')} fans join before the sale opens…`);
    await boundedFor(0, preOpen, o.joinConcurrency, join);
    // Fans waiting for the opening have the page open: their connections are up before the burst (see BenchHttp.connect).
    await client.connect(o.activeFans + o.joinConcurrency);
    await openSaleNow(deps, ev);
    // Instances keep event facts for a second; a real opening is scheduled ahead, this one is moved forward. Forgetting
    // the copy also drops a read that was under way during the move (the worker's admission pass), which would keep the
    // sale "scheduled" for a second after it lands.
    forgetQueueState(deps, ev);
    await sleep(1100);
    const t0 = performance.now();
    o.log('Sale open: the rest arrive in a burst; admitted fans hold and pay…');
    const map = await seatMapOf(client, ev);
    let closed = false;
    let closedAt: number | null = null;
    let servingUpTo = 0;
    let etag = '';
    let holds = 0;
    let orders = 0;
    let lastSale = t0;
    let turnedAway = 0;
    const deliveryPids = deliverers.flatMap((d) => (d.pid === undefined ? [] : [d.pid]));
    const sample = () => ({ at: performance.now(), busyMs: machineBusyMs(), deliveryMs: processCpuMs(deliveryPids), orders });
    const atOpen = sample();
    const cpuSamples: ReturnType<typeof sample>[] = [];
    cpuSampler = setInterval(() => cpuSamples.push(sample()), 1000);
    // One origin status read per poll interval stands for the CDN edge; fans poll that edge.
    const edge = (async () => {
      while (!closed && Date.now() < deadline) {
        const r = await call('status', 'GET', `/events/${ev}/queue/status`, 0, { headers: etag ? { 'if-none-match': etag } : {} });
        if (r.status === 200) {
          const s = JSON.parse(r.text) as { servingUpTo: number; closed: boolean };
          etag = String(r.headers.etag ?? '');
          servingUpTo = s.servingUpTo;
          if (s.closed) {
            closed = true;
            closedAt = performance.now();
          }
        }
        await sleep(o.pollMs);
      }
    })();

    // Fans enter the funnel in position order, whoever they are.
    const ready: number[] = [];
    let joinsDone = false;
    const arrivals = (async () => {
      await boundedFor(0, preOpen, o.joinConcurrency, join); // rejoin: the drawn positions are known now
      for (let i = 0; i < preOpen; i++) if (position[i] !== null) ready.push(i);
      await boundedFor(preOpen, o.fans, o.joinConcurrency, async (i) => {
        await join(i);
        if (position[i] !== null) ready.push(i);
      });
      joinsDone = true;
    })();

    const fan = async (i: number, map: SeatMap): Promise<void> => {
      // Each waiting fan polls the status itself (a CDN would answer most of these).
      let seen = { servingUpTo: 0, closed: false };
      let mine = '';
      const entered = performance.now();
      fansServed++;
      for (;;) {
        const r = await call('status', 'GET', `/events/${ev}/queue/status`, i, { headers: mine ? { 'if-none-match': mine } : {} });
        if (r.status === 200) {
          seen = JSON.parse(r.text) as { servingUpTo: number; closed: boolean };
          mine = String(r.headers.etag ?? '');
        }
        if ((position[i] ?? Infinity) <= Math.max(seen.servingUpTo, servingUpTo)) break;
        if (seen.closed || closed || Date.now() > deadline) {
          turnedAway++;
          slotMs.turnedAwayWait += performance.now() - entered;
          return;
        }
        await sleep(o.pollMs);
      }
      slotMs.admissionWait += performance.now() - entered;
      let holdId: string | null = null;
      for (let attempt = 0; attempt < 3 && !holdId && !closed; attempt++) {
        const quantity = [1, 2, 2, 2, 3, 4, 4][Math.floor(Math.random() * 7)]!;
        let body: unknown = { sectionId: stadium.sectionIds[Math.floor(Math.random() * stadium.sectionIds.length)], quantity };
        if (attempt === 0 && Math.random() < 0.5) {
          const av = await call('availability', 'GET', `/events/${ev}/availability`, i);
          slotMs.availability += av.ms;
          const picked = av.status === 200 ? pickSeats(map, JSON.parse(av.text) as { seats: { data: string } }, quantity) : null;
          if (picked) body = { seatIds: picked };
        }
        await pause('think', between(o.thinkMs) / 3);
        const r = await call('hold', 'POST', `/events/${ev}/holds`, i, { headers: { 'x-queue-token': queueToken[i]! }, body });
        slotMs.hold += r.ms;
        if (r.status === 201) holdId = (JSON.parse(r.text) as { hold: { id: string } }).hold.id;
        else if (r.status === 429) await pause('backoff', 1000 * Number(r.headers['retry-after'] ?? 1));
        else if (r.status !== 409) break;
      }
      if (!holdId) return;
      holds++;
      holdAt[i] = performance.now();
      await pause('think', between(o.thinkMs));
      const c = await call('checkout', 'POST', `/holds/${holdId}/checkout`, i, {
        headers: { 'idempotency-key': `onsale-${holdId}` },
        body: { payment: { method: 'card', token: 'tok_visa' } },
      });
      slotMs.checkout += c.ms;
      if (c.status === 201) {
        orders++;
        lastSale = performance.now();
      } else {
        // A fan whose payment failed lets the seats go; a held seat keeps the waiting room open until the hold expires.
        await call('release', 'DELETE', `/holds/${holdId}`, i);
      }
    };

    await Promise.all(
      Array.from({ length: o.activeFans }, async () => {
        for (;;) {
          if (Date.now() > deadline) return;
          if (ready.length === 0) {
            if (joinsDone) return;
            await sleep(20);
            continue;
          }
          // The lowest position first (a small array scan keeps this simple; `ready` stays short).
          let best = 0;
          for (let k = 1; k < ready.length; k++) if ((position[ready[k]!] ?? 0) < (position[ready[best]!] ?? 0)) best = k;
          const i = ready.splice(best, 1)[0]!;
          await fan(i, map);
        }
      }),
    );
    const funnelSeconds = (performance.now() - t0) / 1000;
    clearInterval(cpuSampler);
    const cpuAtLastOrder = cpuSamples.filter((c) => c.at <= lastSale).at(-1);
    closed = true;
    await Promise.all([edge, arrivals]);
    const saleSeconds = (lastSale - t0) / 1000;
    o.log(`Sale over after ${saleSeconds.toFixed(1)} s: ${holds} holds, ${orders} orders.`);
    const atEnd = await outboxBacklog(deps);
    lag.pendingAtEnd = atEnd.pending;
    lag.lagSecondsAtEnd = Math.round(atEnd.lagSeconds * 10) / 10;
    // The worker keeps going: how long after the last order is every confirmation delivered? (The funnel may close
    // well after the last order, while turned-away fans leave: an empty outbox seen meanwhile counts.)
    const seenEmpty = emptyAt.find((t) => t >= lastSale);
    if (seenEmpty !== undefined) lag.drainedSecondsAfterLastOrder = Math.round((seenEmpty - lastSale) / 100) / 10;
    for (const until = performance.now() + 30_000; seenEmpty === undefined && performance.now() < until; await sleep(100)) {
      if ((await outboxBacklog(deps)).pending === 0) {
        lag.drainedSecondsAfterLastOrder = Math.round((performance.now() - lastSale) / 100) / 10;
        break;
      }
    }
    clearInterval(sampler);

    await worker.stop();
    await stopDeliverers(deliverers);
    client.close();
    // Later runs on the same database should not keep ticking this event.
    await deps.db
      .updateTable('events')
      .set({ queue: JSON.stringify({ enabled: false }) })
      .where('id', '=', ev)
      .execute();
    await runWorkerOnce(deps);
    await app.close();
    const audit = await auditSale(deps, ev);
    const report = await verifyInvariants(deps.db, deps.clock.now(), { eventIds: [ev] });

    const fairness = fairnessOf(position, holdAt, preOpen);
    const funnel = funnelOf(o, slotMs, fansServed, orders, funnelSeconds);
    return {
      eventId: ev,
      fans: o.fans,
      seats,
      store: deps.kv.kind,
      secondsToSellOut: closedAt === null ? null : (closedAt - t0) / 1000,
      saleSeconds,
      holds,
      orders,
      holdsPerSecond: holds / Math.max(saleSeconds, 0.001),
      ordersPerSecond: orders / Math.max(saleSeconds, 0.001),
      latencyMs: Object.fromEntries(steps.map((s) => [s, summarise(lat[s])])) as Record<Step, Summary>,
      statusCounts: counts,
      turnedAway,
      fairness,
      audit,
      invariantsOk: report.ok && audit.doubleCharges === 0 && audit.doubleBookings === 0,
      invariantReport: formatReport(report),
      funnel,
      outbox: lag,
      deliveryProcesses: apart?.processes ?? 0,
      machineCpu: {
        seconds: cpuAtLastOrder ? (cpuAtLastOrder.busyMs - atOpen.busyMs) / 1000 : 0,
        deliverySeconds: cpuAtLastOrder ? (cpuAtLastOrder.deliveryMs - atOpen.deliveryMs) / 1000 : 0,
        orders: cpuAtLastOrder?.orders ?? 0,
      },
    };
  } finally {
    clearInterval(sampler);
    clearInterval(cpuSampler);
    client.close();
    await worker.stop();
    await stopDeliverers(deliverers);
    if (app.server.listening) await app.close();
  }
}

function startDeliverers(d: NonNullable<OnsaleOptions['delivery']>): ChildProcess[] {
  const script = fileURLToPath(new URL('./delivery-worker.ts', import.meta.url));
  return Array.from({ length: d.processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', script], {
      // The parent's database, store, key (the mails decrypt addresses) and data directory (the mail files).
      env: {
        ...process.env,
        DATABASE_URL: d.databaseUrl,
        ...(d.config.redisUrl ? { REDIS_URL: d.config.redisUrl } : {}),
        SECRET_KEY: d.config.secretKey,
        BOXOFFICE_DATA_DIR: d.config.dataDir,
        NODE_ENV: d.config.env,
        BENCH_KEY_PREFIX: d.keyPrefix,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
}

async function stopDeliverers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = once(c, 'exit');
      c.kill('SIGTERM');
      await exited;
    }),
  );
}

function fairnessOf(position: (number | null)[], holdAt: (number | null)[], preOpen: number) {
  const arrivals = position.map((p, i) => [i, p] as const).filter((x): x is readonly [number, number] => x[1] !== null);
  const corr = (xs: (readonly [number, number])[]) =>
    round(
      spearman(
        xs.map((x) => x[0]),
        xs.map((x) => x[1]),
      ),
    );
  const held = holdAt.map((t, i) => [i, t] as const).filter((x): x is readonly [number, number] => x[1] !== null);
  return {
    allFans: corr(arrivals),
    preOpenFans: corr(arrivals.filter(([i]) => i < preOpen)),
    postOpenFans: corr(arrivals.filter(([i]) => i >= preOpen)),
    holdOrderVsArrival: corr(held),
  };
}

const round = (x: number): number => (Number.isNaN(x) ? x : Math.round(x * 1000) / 1000);

export type { BenchHttp };
