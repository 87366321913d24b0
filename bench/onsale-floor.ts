import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Deps } from '../src/context.js';
import { createFileMailer } from '../src/adapters/mail/mailer.js';
import { sendOrderMail } from '../src/jobs/handlers/order-mail.handler.js';
import type { HoldsBenchResult } from './holds-bench.js';
import { machineBusyMs } from './lib/results.js';
import type { OnsaleResult } from './onsale-bench.js';
import { benchHttp, boundedFor } from './onsale-http.js';
import { formatTable } from './lib/table.js';

/** What one unit of the sale's work costs the whole machine at the least, measured in the same run. */
export interface FloorCosts {
  /** A bare node:http reply to the sale's own HTTP client (keep-alive, same process, same concurrency): that process's CPU. */
  httpCpuMs: number;
  httpPerSecond: number;
  /** The bare 2-seat claim `UPDATE … WHERE status = 'available'` through `pg` (bench:holds' ceiling phase). */
  seatWriteCpuMs: number;
  /** One of our confirmation mails — HTML and text, ticket PDF, .ics, receipt PDF — rendered and written (ours, not a floor). */
  mailCpuMs: number;
  mailsMeasured: number;
  /** The mail's two PDFs at their barest with the same libraries (onsale-bare-pdf.ts): this process's CPU per pair. */
  barePdfCpuMs: number;
}

export interface SaleFloor extends FloorCosts {
  cores: number;
  /** Every HTTP exchange of the sale: joins, status polls, availability, holds (refused ones too), checkouts. */
  requests: number;
  /** Seat writes the sale cannot do without: one claim per hold and one more per order (held → sold). */
  seatWrites: number;
  orders: number;
  /** CPU-seconds: the physical floor (HTTP + seat writes), and with the mails added. */
  floorCpuSeconds: number;
  floorWithMailsCpuSeconds: number;
  /** The same divided by the cores: the least wall time the sale could take on this machine. */
  floorSeconds: number;
  floorWithMailsSeconds: number;
  /** What the machine spent from the opening to the last order, and the orders by then. */
  saleCpuSeconds: number;
  saleCpuOrders: number;
  /** Of that, the mail delivery processes' own CPU (their statements run in PostgreSQL, counted in the rest). */
  saleDeliveryCpuSeconds: number;
}

/** A node:http server that answers every request with the same small JSON, driven by bench:onsale's own client. */
export async function bareHttpCost(requests: number, clients: number): Promise<{ cpuMs: number; perSecond: number }> {
  const body = Buffer.from(JSON.stringify({ ok: true, position: 12345, servingUpTo: 12000, closed: false }));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = benchHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, clients);
  try {
    await client.connect(clients);
    // JIT warm-up, not measured.
    await boundedFor(0, Math.min(requests, 2000), clients, async () => void (await client.request('GET', '/healthz')));
    // Server, client and the loopback TCP stack all run in this process: its own CPU is the exchange's whole cost, and
    // unlike the machine's it does not count a vacuum PostgreSQL runs after the sale.
    const cpu = process.cpuUsage();
    const started = performance.now();
    await boundedFor(0, requests, clients, async (i) => {
      const r = await client.request('POST', '/api/v1/bare', { body: { i } });
      if (r.status !== 200) throw new Error(`bare server answered ${r.status}`);
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000 / requests, perSecond: requests / seconds };
  } finally {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Waits (at most `maxMs`) until the machine is nearly idle over a second, so that a phase measured by the machine's CPU
 * does not also count what a finished sale leaves running (autovacuum of the sale's tables, a checkpoint).
 */
export async function settle(maxMs = 120_000, idleShare = 0.1): Promise<number> {
  const cores = os.cpus().length;
  const until = performance.now() + maxMs;
  for (;;) {
    const before = machineBusyMs();
    await new Promise((r) => setTimeout(r, 1000));
    const share = (machineBusyMs() - before) / (1000 * cores);
    if (share <= idleShare || performance.now() > until) return share;
  }
}

/**
 * Renders `n` of the sale's confirmation mails again, one after another, with the delivery handler itself, into a
 * temporary directory (never to SMTP: these fans already have theirs). Machine CPU per mail, its statements included.
 */
export async function mailCost(deps: Deps, eventId: string, n: number): Promise<{ cpuMs: number; mails: number }> {
  const orders = await deps.db
    .selectFrom('orders')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .orderBy('id')
    .limit(n)
    .execute();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-mails-'));
  const quiet: Deps = { ...deps, mailer: createFileMailer(dir) };
  try {
    for (const o of orders.slice(0, 20)) await sendOrderMail(quiet, o.id, 'confirmed'); // warm-up
    const busy = machineBusyMs();
    for (const o of orders) await sendOrderMail(quiet, o.id, 'confirmed');
    return { cpuMs: orders.length === 0 ? 0 : (machineBusyMs() - busy) / orders.length, mails: orders.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function floorOf(
  sale: OnsaleResult,
  holds: HoldsBenchResult,
  http: { cpuMs: number; perSecond: number },
  mail: { cpuMs: number; mails: number; barePdfCpuMs: number },
): SaleFloor {
  const cores = os.cpus().length;
  const requests = Object.values(sale.statusCounts).reduce((sum, byStatus) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  const seatWrites = sale.holds + sale.orders;
  const seatWriteCpuMs = holds.results[0]!.machineCpuMsPerRequest;
  const floorCpuSeconds = (requests * http.cpuMs + seatWrites * seatWriteCpuMs) / 1000;
  const floorWithMailsCpuSeconds = floorCpuSeconds + (sale.orders * mail.cpuMs) / 1000;
  return {
    cores,
    requests,
    seatWrites,
    orders: sale.orders,
    httpCpuMs: http.cpuMs,
    httpPerSecond: http.perSecond,
    seatWriteCpuMs,
    mailCpuMs: mail.cpuMs,
    mailsMeasured: mail.mails,
    barePdfCpuMs: mail.barePdfCpuMs,
    floorCpuSeconds,
    floorWithMailsCpuSeconds,
    floorSeconds: floorCpuSeconds / cores,
    floorWithMailsSeconds: floorWithMailsCpuSeconds / cores,
    saleCpuSeconds: sale.machineCpu.seconds,
    saleCpuOrders: sale.machineCpu.orders,
    saleDeliveryCpuSeconds: sale.machineCpu.deliverySeconds,
  };
}

const f1 = (x: number): string => x.toFixed(1);
const f3 = (x: number): string => x.toFixed(3);

/** The sale's work priced at the least the machine must spend on each unit, beside what the sale spent. */
export function floorTable(f: SaleFloor, md: boolean): string {
  const perOrder = (cpuSeconds: number): string => `${f1(f.saleCpuOrders > 0 ? (cpuSeconds * 1000) / f.saleCpuOrders : 0)} per order`;
  const rest = f.saleCpuSeconds - f.saleDeliveryCpuSeconds;
  const work = (label: string, count: number, eachMs: number, how: string) => {
    const cpuSeconds = (count * eachMs) / 1000;
    return [label, count, f3(eachMs), how, f1(cpuSeconds), f1(cpuSeconds / f.cores)];
  };
  return formatTable(
    ['work', 'count', 'CPU each (ms)', 'measured as (same run)', 'CPU-s', `seconds on ${f.cores} cores`],
    [
      work(
        'HTTP exchanges (joins, polls, availability, holds, checkouts)',
        f.requests,
        f.httpCpuMs,
        `bare node:http reply to the sale's client, in one process (${Math.round(f.httpPerSecond)}/s)`,
      ),
      work(
        'seat writes (a claim per hold, a sale per order)',
        f.seatWrites,
        f.seatWriteCpuMs,
        "bare 2-seat `UPDATE … WHERE status = 'available'` via pg",
      ),
      ['**physical floor**', '', '', '', f1(f.floorCpuSeconds), f1(f.floorSeconds)],
      work(
        'confirmation mails (our handler: HTML, text, 2 PDFs, .ics)',
        f.orders,
        f.mailCpuMs,
        `${f.mailsMeasured} of this sale's mails rendered again`,
      ),
      ['**floor + mails**', '', '', '', f1(f.floorWithMailsCpuSeconds), f1(f.floorWithMailsSeconds)],
      work(
        "… a mail's two PDFs at their barest (pdfkit + qrcode)",
        f.orders,
        f.barePdfCpuMs,
        'a text line and a QR per ticket page; a one-line receipt',
      ),
      [
        'this sale, opening to last order',
        `${f.saleCpuOrders} orders`,
        perOrder(f.saleCpuSeconds),
        'all processes (os.cpus)',
        f1(f.saleCpuSeconds),
        f1(f.saleCpuSeconds / f.cores),
      ],
      [
        '… of it the mail delivery processes',
        '',
        perOrder(f.saleDeliveryCpuSeconds),
        '/proc/<pid>/stat',
        f1(f.saleDeliveryCpuSeconds),
        f1(f.saleDeliveryCpuSeconds / f.cores),
      ],
      ['… the rest (API, load generator, PostgreSQL, Redis)', '', perOrder(rest), '', f1(rest), f1(rest / f.cores)],
    ],
    md,
  );
}

export function floorText(f: SaleFloor, target = 60): string {
  const floorPerOrder = f.orders > 0 ? (f.floorCpuSeconds * 1000) / f.orders : 0;
  const restPerOrder = f.saleCpuOrders > 0 ? ((f.saleCpuSeconds - f.saleDeliveryCpuSeconds) * 1000) / f.saleCpuOrders : 0;
  // The most a mail may cost for the sale and its mails to fit the target with everything else at the floor.
  const mailBudgetMs = f.orders > 0 ? ((f.cores * target - f.floorCpuSeconds) * 1000) / f.orders : 0;
  const rest =
    f.saleDeliveryCpuSeconds > 0
      ? `Without its mail processes the sale spent ${f1(restPerOrder)} ms of machine CPU per order, ${f1(restPerOrder / Math.max(floorPerOrder, 0.001))} × that floor.`
      : `(The mails were rendered in the API process: the sale's CPU is not split.)`;
  return `A ${target} s sale on ${f.cores} cores has ${f.cores * target} CPU-seconds. Priced at the least the machine must spend on each
unit of its work — a bare \`node:http\` reply per HTTP exchange, a bare seat-claim statement per seat write — this sale needs
${f1(f.floorCpuSeconds)} CPU-s (${f1(f.floorSeconds)} s of all cores at 100 %), ${f1(floorPerOrder)} ms per order; with each order's confirmation mail at
what ours costs (${f1(f.mailCpuMs)} ms), ${f1(f.floorWithMailsCpuSeconds)} CPU-s (${f1(f.floorWithMailsSeconds)} s). For the mails to keep pace with a ${target} s sale here, a
mail could cost at most ${f1(Math.max(mailBudgetMs, 0))} ms of machine CPU even with everything else at the floor; its two PDFs alone, made as
barely as \`pdfkit\` and \`qrcode\` can, cost ${f1(f.barePdfCpuMs)} ms. ${rest}`;
}
