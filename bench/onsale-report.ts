import type { HoldsBenchResult } from './holds-bench.js';
import type { machine } from './lib/results.js';
import { formatTable } from './lib/table.js';
import type { OnsaleResult } from './onsale-bench.js';
import { floorTable, floorText, type SaleFloor } from './onsale-floor.js';

/** The write path's ceiling, measured after the sale in the same process on fresh events. */
export interface OnsaleCeiling {
  requests: number;
  clients: number;
  pool: number;
  /** Seats per hold in the ceiling run (the sale mixes 1–4, mean ≈ 2.6). */
  quantity: number;
  /** The physical limit: bare seat-claim UPDATEs per second through `pg`. */
  rawSqlHoldsPerSecond: number;
  /** Our hold statement (place_hold_headed, as the API sends it) alone through `pg`. */
  statementHoldsPerSecond: number;
  apiHoldsPerSecond: number;
  apiToSqlRatio: number;
  apiP99Ms: number;
  /** Sale figure ÷ ceiling, per figure. */
  saleHoldsToApi: number;
  saleHoldsToRawSql: number;
  saleOrdersToApi: number;
  saleOrdersToRawSql: number;
  saleSeatsPerSecond: number;
  invariantsOk: boolean;
}

export type OnsaleOutput = OnsaleResult & {
  date: string;
  command: string;
  database: string;
  machine: ReturnType<typeof machine>;
  ceiling: OnsaleCeiling;
  floor: SaleFloor;
};

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

export function ceilingOf(sale: OnsaleResult, holds: HoldsBenchResult): OnsaleCeiling {
  const [sqlPhase, statementPhase, apiPhase] = holds.results;
  const raw = sqlPhase!.holdsPerSecond;
  const api = apiPhase!.holdsPerSecond;
  return {
    requests: sqlPhase!.requests,
    clients: holds.clients,
    pool: holds.pool,
    quantity: holds.quantity,
    rawSqlHoldsPerSecond: Math.round(raw),
    statementHoldsPerSecond: Math.round(statementPhase!.holdsPerSecond),
    apiHoldsPerSecond: Math.round(api),
    apiToSqlRatio: r3(api / raw),
    apiP99Ms: apiPhase!.latencyMs.p99,
    saleHoldsToApi: r3(sale.holdsPerSecond / api),
    saleHoldsToRawSql: r3(sale.holdsPerSecond / raw),
    saleOrdersToApi: r3(sale.ordersPerSecond / api),
    saleOrdersToRawSql: r3(sale.ordersPerSecond / raw),
    saleSeatsPerSecond: Math.round(sale.audit.seatsSold / Math.max(sale.saleSeconds, 0.001)),
    invariantsOk: holds.invariantsOk,
  };
}

export function summaryTable(r: OnsaleResult, md: boolean): string {
  const rows: (string | number)[][] = [
    ['seats / fans', `${r.seats} / ${r.fans}`],
    ['waiting-room store', r.store],
    ['time to sell out (s)', r.secondsToSellOut === null ? 'not sold out' : r.secondsToSellOut.toFixed(1)],
    ['sale duration to last order (s)', r.saleSeconds.toFixed(1)],
    ['holds / orders', `${r.holds} / ${r.orders}`],
    ['hold latency p50 / p99 (ms)', `${r.latencyMs.hold.p50} / ${r.latencyMs.hold.p99}`],
    ['holds/s', r.holdsPerSecond.toFixed(0)],
    ['orders/s', r.ordersPerSecond.toFixed(0)],
    ['seats sold / left unsold', `${r.audit.seatsSold} / ${r.audit.seatsLeft}`],
    ['fans turned away at sell-out', r.turnedAway],
    ['fairness: rank corr. position vs arrival, pre-open (want ~0)', r.fairness.preOpenFans],
    ['fairness: rank corr. position vs arrival, after opening (want 1)', r.fairness.postOpenFans],
    ['fairness: rank corr. hold time vs arrival, all fans', r.fairness.holdOrderVsArrival],
    ['double charges / double bookings', `${r.audit.doubleCharges} / ${r.audit.doubleBookings}`],
    ['confirmation mails rendered (HTML, ticket PDF, .ics, receipt PDF) / orders', `${r.audit.mailsRendered} / ${r.audit.ordersConfirmed}`],
    ['outbox lag, worst: rows waiting / oldest waiting (s)', `${r.outbox.maxPending} / ${r.outbox.maxLagSeconds}`],
    ['outbox lag at the end of the sale: rows waiting / oldest waiting (s)', `${r.outbox.pendingAtEnd} / ${r.outbox.lagSecondsAtEnd}`],
    [
      'outbox empty after the last order (s)',
      r.outbox.drainedSecondsAfterLastOrder === null ? 'not within 30 s' : r.outbox.drainedSecondsAfterLastOrder.toFixed(1),
    ],
    ['invariants ok', String(r.invariantsOk)],
  ];
  return formatTable(['figure', 'value'], rows, md);
}

/** The sale's rates beside the write path's ceilings measured in the same run. */
export function ceilingTable(r: OnsaleResult, c: OnsaleCeiling, md: boolean): string {
  return formatTable(
    ['figure', 'this sale', `API holds/s alone`, 'bare seat claim/s (ceiling)', 'sale ÷ API', 'sale ÷ ceiling'],
    [
      [
        'holds/s',
        r.holdsPerSecond.toFixed(0),
        c.apiHoldsPerSecond,
        c.rawSqlHoldsPerSecond,
        pct(c.saleHoldsToApi),
        pct(c.saleHoldsToRawSql),
      ],
      [
        'orders/s',
        r.ordersPerSecond.toFixed(0),
        c.apiHoldsPerSecond,
        c.rawSqlHoldsPerSecond,
        pct(c.saleOrdersToApi),
        pct(c.saleOrdersToRawSql),
      ],
      [
        'seats sold/s (ceiling: holds/s × seats per hold)',
        c.saleSeatsPerSecond,
        c.apiHoldsPerSecond * c.quantity,
        c.rawSqlHoldsPerSecond * c.quantity,
        pct(c.saleSeatsPerSecond / (c.apiHoldsPerSecond * c.quantity)),
        pct(c.saleSeatsPerSecond / (c.rawSqlHoldsPerSecond * c.quantity)),
      ],
    ],
    md,
  );
}

const phaseLabels: Record<keyof OnsaleResult['funnel']['secondsPerOrder'], string> = {
  admissionWait: 'waiting for admission, fans who got in (status polls)',
  turnedAwayWait: 'waiting in vain, fans turned away at sell-out',
  availability: 'availability request',
  think: 'think time (seat map, payment form)',
  hold: 'hold request(s)',
  backoff: '429 back-off',
  checkout: 'checkout request (incl. 2 provider calls)',
  total: 'total',
};

/** Funnel slot-seconds per confirmed order by phase (Little's law: orders/s = busy fans ÷ this total). */
export function funnelTable(r: OnsaleResult, md: boolean): string {
  const s = r.funnel.secondsPerOrder;
  return formatTable(
    ['phase', 'fan-seconds per order', 'share'],
    (Object.keys(phaseLabels) as (keyof typeof s)[]).map((k) => [phaseLabels[k], s[k].toFixed(2), pct(s[k] / Math.max(s.total, 0.001))]),
    md,
  );
}

export function latencyTable(r: OnsaleResult, md: boolean): string {
  const stepsOf = Object.keys(r.latencyMs) as (keyof OnsaleResult['latencyMs'])[];
  return formatTable(
    ['step', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'replies'],
    stepsOf.map((s) => [
      s,
      r.latencyMs[s].count,
      r.latencyMs[s].p50,
      r.latencyMs[s].p95,
      r.latencyMs[s].p99,
      Object.entries(r.statusCounts[s])
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
    ]),
    md,
  );
}

/** What bounded the sale, in numbers, from the funnel split and the ceilings. */
export function boundsText(out: OnsaleOutput): string {
  const f = out.funnel;
  const s = f.secondsPerOrder;
  const little = f.meanBusyFans / Math.max(s.total, 0.001);
  const admission = s.admissionWait + s.turnedAwayWait;
  const server = s.availability + s.hold + s.checkout - 2 * 0.4; // the provider delay is 2 × 0.4 s on average
  return `Little's law: on average ${f.meanBusyFans.toFixed(0)} of the ${f.activeFans} funnel slots (\`--active-fans\`) were busy, and each
confirmed order cost ${s.total.toFixed(1)} fan-seconds of slot time, so ${f.meanBusyFans.toFixed(0)} ÷ ${s.total.toFixed(1)} s ≈ ${little.toFixed(0)} orders/s
over the ${f.funnelSeconds.toFixed(0)} s the funnel was open (measured ${out.ordersPerSecond.toFixed(0)} up to the last order). Of those ${s.total.toFixed(1)} s, the bench's own pacing — think time ${s.think.toFixed(1)} s and the provider's
0.8 s inside checkout — is ${(s.think + 0.8).toFixed(1)} s; waiting for admission is ${admission.toFixed(1)} s (${s.turnedAwayWait.toFixed(1)} s of it by fans turned away at sell-out); and the server's own time in the
availability, hold and checkout requests (beyond the provider delay) is ≈ ${server.toFixed(1)} s. On a server answering instantly, this bench shape
(${f.activeFans} fans in the funnel, ${f.benchFloorSecondsPerOrder.toFixed(2)} s of think time and payment delay per buyer) would allow
${f.benchCeilingOrdersPerSecond} orders/s, and the write path's own ceiling measured right after the sale is ${out.ceiling.apiHoldsPerSecond} holds/s through
the API (${pct(out.ceiling.apiToSqlRatio)} of the bare seat-claim ceiling of ${out.ceiling.rawSqlHoldsPerSecond}/s; p99 ${out.ceiling.apiP99Ms} ms) (${out.ceiling.requests.toLocaleString('en')} best-available holds of ${out.ceiling.quantity} seats,
${out.ceiling.clients} clients, pool ${out.ceiling.pool}, fresh 50,000-seat events). The sale reached ${pct(out.ceiling.saleOrdersToApi)} of the API's hold
ceiling in orders/s. ${verdict(out, { pacing: s.think + s.backoff + 0.8, admission, server })}`;
}

/** Where the order mails (two PDFs each) were rendered. */
function deliveryText(out: OnsaleOutput): string {
  const n = out.deliveryProcesses;
  return n > 0 ? ` (order mails rendered and sent by ${n} delivery process${n === 1 ? '' : 'es'} of their own on the same cores)` : '';
}

/** Names the largest share of a buyer's slot time, which is what bounds orders/s in a closed funnel. */
function verdict(out: OnsaleOutput, parts: { pacing: number; admission: number; server: number }): string {
  const f = out.funnel;
  const total = Math.max(f.secondsPerOrder.total, 0.001);
  const share = (x: number): string => pct(x / total);
  const [top] = (Object.entries(parts) as [keyof typeof parts, number][]).sort((x, y) => y[1] - x[1]);
  if (top![0] === 'server') {
    return `Server time is the largest share (${share(parts.server)}): the funnel's slots are mostly fans waiting for replies, so the bound
is the server under the whole sale mix — status polls, availability, holds, the two-step payment with its webhooks, the outbox
and the admission worker, all in one Node process on ${out.machine.cores} cores that also runs the load generator${deliveryText(out)}, plus PostgreSQL
commits — not the bench's pacing (which alone would allow ${f.benchCeilingOrdersPerSecond} orders/s) and not the hold statement
(${out.ceiling.apiHoldsPerSecond} holds/s when it runs alone). More fans in the funnel (\`--active-fans\`) would lengthen the queues, not raise orders/s.`;
  }
  if (top![0] === 'admission') {
    return `Waiting for admission is the largest share (${share(parts.admission)}): the admission controller, which lets in only what the free
seats can absorb at the measured seats per order and re-admits after the admission window, paced the sale, and fans past the
last admissible position held funnel slots until sell-out. With \`--active-fans\` ${f.activeFans}, those waiting slots are slots no
admitted fan can use, so here the bench's cap and the admission policy bound orders/s together, not the write path.`;
  }
  return `The bench's own pacing is the largest share (${share(parts.pacing)}): think time and payment delay bound orders/s at
\`--active-fans\` ${f.activeFans}; more fans in the funnel at once would raise it until the server or the admission controller binds.`;
}

export function docSection(out: OnsaleOutput): string {
  return `## On-sale (flash sale through the waiting room)

Measured ${out.date.slice(0, 10)} with \`${out.command}\` on ${out.machine.cores} cores (${out.machine.cpu}), Node ${out.machine.node},
load average ${out.machine.loadAverage} at the start (the machine is shared: compare the ratios of one run), ${out.database} PostgreSQL, waiting-room store ${out.store}. Load generator and API share one Node process on 127.0.0.1${deliveryText(out)} (keep-alive,
bounded concurrency); 30 % of fans arrive before the opening and are placed in random order at it, the rest arrive in a burst.
At most ${out.funnel.activeFans} fans are in the booking funnel at once (a fan waiting for admission holds a slot).
Fans poll the status endpoint every second (each poll reaches the origin here; a CDN would absorb them), then hold
(half specific neighbours picked from the availability encoding, half best available, 1–4 seats) and pay with \`tok_visa\`
through the simulated provider delayed 200–600 ms per call, after 0.5–2 s on the payment form.

${summaryTable(out, true)}

### Beside its ceiling (same run)

After the sale, the same process measures the write path's ceiling with \`bench:holds\`' code on fresh events:
the physical limit (the bare seat-claim \`UPDATE … WHERE status = 'available'\` of 2 seats through \`pg\`), our hold statement
through \`pg\` (${out.ceiling.statementHoldsPerSecond}/s), and best-available holds through the HTTP API: ${out.ceiling.apiHoldsPerSecond}/s,
**${pct(out.ceiling.apiToSqlRatio)} of the ceiling**, p99 ${out.ceiling.apiP99Ms} ms.
Every order needs a hold, so holds/s is also the ceiling for orders/s. \`invariants ok\` of the ceiling run: ${out.ceiling.invariantsOk}.

${ceilingTable(out, out.ceiling, true)}

### Against the physical floor (same run)

${floorTable(out.floor, true)}

${floorText(out.floor)}

### What bounds the sale

${funnelTable(out, true)}

${boundsText(out)}

### Latency per step

${latencyTable(out, true)}

Checkout latency includes two provider calls of 200–600 ms each; the rest is queueing for the machine's cores, which the
one Node process (API and load generator) and PostgreSQL share. The waiting room itself is not the limit (see \`bench:queue\`).`;
}
