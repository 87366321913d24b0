import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pino from 'pino';
import { sql } from 'kysely';
import type { Deps } from '../src/context.js';
import { createEvent } from '../src/domain/catalogue/create-event.js';
import { createVenue } from '../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../src/domain/catalogue/publish-event.js';
import { buildApp } from '../src/http/app.js';
import { loggerOptions } from '../src/logger.js';
import { machine } from './lib/results.js';
import { formatTable } from './lib/table.js';

export interface ReadsBenchOptions {
  /** Seated sections × rows × seats per row; the stadium is 4 × 50 × 250 = 50,000. */
  layout?: { sections: number; rows: number; seatsPerRow: number };
  /** Seconds per measured target. */
  seconds?: number;
  connections?: number;
  log?: (line: string) => void;
}

export interface TargetResult {
  target: string;
  path: 'api' | 'bare';
  /** What ran on the app side, when not the app as measured elsewhere (logger off). */
  server?: string;
  status: number;
  bodyBytes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface ReadsBenchResult {
  name: 'reads';
  date: string;
  cores: number;
  machine: ReturnType<typeof machine>;
  seats: number;
  seconds: number;
  connections: number;
  targets: TargetResult[];
  /** API req/s ÷ bare node:http req/s, per read. Target ≥ 0.5. */
  ratios: Record<string, number>;
  /** Event detail with a real request log (pino at info, to /dev/null): req/s ÷ bare, per log setting. */
  logRatios: Record<string, number>;
  availabilityBytes: { json: number; seatData: number };
}

interface Read {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

/** The request log settings measured on event detail, against the same bare server in the same rounds. */
const logVariants = [
  { label: 'app, request log at the default (1 % sampled)', sample: 0.01 },
  { label: 'app, every request logged (one line each)', sample: 1 },
] as const;

/**
 * Event detail and availability of one big event through the real app on a
 * real port (cache on), each next to a bare node:http server answering a
 * constant body of the same size and headers, measured one after the other
 * with autocannon in the same process: the ratio is what the whole stack
 * (routing, validation, cache look-up, headers) costs over plain Node.
 */
export async function runReadsBench(deps: Deps, opts: ReadsBenchOptions = {}): Promise<ReadsBenchResult> {
  const log = opts.log ?? (() => {});
  const layout = opts.layout ?? { sections: 4, rows: 50, seatsPerRow: 250 };
  const seconds = opts.seconds ?? 10;
  const connections = opts.connections ?? 50;
  const seats = layout.sections * layout.rows * layout.seatsPerRow;

  log(`reads bench: creating a ${seats.toLocaleString('en')}-seat event`);
  const eventId = await stadiumEvent(deps, layout);
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/events/${eventId}`;
  // The same app with a production logger (info, as \`serve\` runs it, into /dev/null so the bench's terminal stays
  // readable) at each request-log setting. They share deps with \`app\`, so they are closed only with it (onClose
  // closes the shared adapters).
  const logged = await Promise.all(
    logVariants.map(async (v) => {
      const a = await buildApp(
        { ...deps, config: { ...deps.config, requestLog: { sample: v.sample, slowMs: 1000 } } },
        { logger: { ...loggerOptions('info'), stream: pino.destination({ dest: '/dev/null', sync: false }) }, webRoot: false },
      );
      await a.listen({ host: '127.0.0.1', port: 0 });
      return { ...v, app: a, url: `http://127.0.0.1:${(a.server.address() as AddressInfo).port}/api/v1/events/${eventId}` };
    }),
  );
  const bare: http.Server[] = [];
  try {
    const detail = await fetch(base);
    const availability = await fetch(`${base}/availability`);
    if (detail.status !== 200 || availability.status !== 200)
      throw new Error(`reads bench: ${detail.status}/${availability.status} from the app`);
    const availabilityBody = await availability.text();
    const seatData = Buffer.from((JSON.parse(availabilityBody) as { seats: { data: string } }).seats.data, 'base64').length;
    const reads: { read: Read; body: string; headers: Headers }[] = [
      { read: { name: 'event detail', url: base }, body: await detail.text(), headers: detail.headers },
      { read: { name: 'availability', url: `${base}/availability` }, body: availabilityBody, headers: availability.headers },
    ];

    const targets: TargetResult[] = [];
    const ratios: Record<string, number> = {};
    const logRatios: Record<string, number> = {};
    const ratio = (x: TargetResult, of: TargetResult): number =>
      Math.round((x.requestsPerSecond / Math.max(1, of.requestsPerSecond)) * 1000) / 1000;
    for (const { read, body, headers } of reads) {
      const server = await constantServer(body, headers);
      bare.push(server);
      const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const withLogs = read.name === 'event detail' ? logged : [];
      // Bare and app alternate in short rounds, so load from elsewhere on the machine falls on both alike.
      const b: TargetResult[] = [];
      const a: TargetResult[] = [];
      const l: TargetResult[][] = withLogs.map(() => []);
      for (let round = 0; round < rounds; round++) {
        b.push(await measure({ name: read.name, url: bareUrl }, 'bare', seconds / rounds, connections, log));
        a.push(await measure(read, 'api', seconds / rounds, connections, log));
        for (const [i, v] of withLogs.entries())
          l[i]!.push({ ...(await measure({ name: read.name, url: v.url }, 'api', seconds / rounds, connections, log)), server: v.label });
      }
      const [bareResult, appResult] = [combine(b), combine(a)];
      targets.push(bareResult, appResult);
      ratios[read.name] = ratio(appResult, bareResult);
      for (const [i, v] of withLogs.entries()) {
        const r = combine(l[i]!);
        targets.push(r);
        logRatios[v.label] = ratio(r, bareResult);
      }
    }
    // What a CDN or a polling client pays to revalidate: 304 without a body.
    const etag = reads[1]!.headers.get('etag') ?? '';
    targets.push(
      await measure(
        { name: 'availability 304', url: `${base}/availability`, headers: { 'if-none-match': etag } },
        'api',
        seconds,
        connections,
        log,
      ),
    );

    const m = machine();
    return {
      name: 'reads',
      date: new Date().toISOString(),
      cores: m.cores,
      machine: m,
      seats,
      seconds,
      connections,
      targets,
      ratios,
      logRatios,
      availabilityBytes: { json: Buffer.byteLength(availabilityBody), seatData },
    };
  } finally {
    await Promise.all(logged.map((v) => v.app.server.close()));
    await app.close();
    await Promise.all(bare.map((s) => new Promise((r) => s.close(r))));
  }
}

export function readsTable(result: ReadsBenchResult, markdown = false): string {
  return formatTable(
    ['read', 'server', 'status', 'body bytes', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'API/bare'],
    result.targets.map((t) => [
      t.target,
      t.server ?? (t.path === 'api' ? 'app (Fastify + cache)' : 'bare node:http'),
      t.status,
      t.bodyBytes,
      Math.round(t.requestsPerSecond),
      t.p50Ms,
      t.p99Ms,
      t.non2xx,
      t.errors,
      t.path === 'api' ? percentOfBare(result, t) : '',
    ]),
    markdown,
  );
}

function percentOfBare(result: ReadsBenchResult, t: TargetResult): string {
  const r = t.server ? result.logRatios[t.server] : result.ratios[t.target];
  return r === undefined ? '' : `${Math.round(r * 100)} %`;
}

const rounds = 3;

/** Rounds of one target: mean throughput, worst tail. */
function combine(results: TargetResult[]): TargetResult {
  const mean = (f: (r: TargetResult) => number): number => results.reduce((sum, r) => sum + f(r), 0) / results.length;
  return {
    ...results[0]!,
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function measure(
  read: Read,
  path: 'api' | 'bare',
  seconds: number,
  connections: number,
  log: (l: string) => void,
): Promise<TargetResult> {
  log(`reads bench: ${read.name} (${path}) for ${seconds.toFixed(1)} s, ${connections} connections`);
  const probe = await fetch(read.url, { headers: read.headers });
  const bodyBytes = (await probe.arrayBuffer()).byteLength;
  // JIT and connection warm-up, not measured.
  await autocannon({ url: read.url, connections, duration: Math.min(1, Math.max(0.3, seconds / 5)), headers: read.headers, workers: 1 });
  // The load generator runs in its own thread so it does not share the servers' event loop.
  const r = await autocannon({ url: read.url, connections, duration: seconds, headers: read.headers, workers: 1 });
  return {
    target: read.name,
    path,
    status: probe.status,
    bodyBytes,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    // autocannon counts 304 as non-2xx; it is the expected answer there.
    non2xx: probe.status === 304 ? 0 : r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** The ceiling: Node answering the same bytes with the same headers, nothing else. */
async function constantServer(body: string, headers: Headers): Promise<http.Server> {
  const buffer = Buffer.from(body);
  const fixed: Record<string, string> = {
    'content-type': headers.get('content-type') ?? 'application/json',
    'content-length': String(buffer.length),
  };
  for (const name of ['etag', 'cache-control']) {
    const value = headers.get(name);
    if (value) fixed[name] = value;
  }
  const server = http.createServer((_req, res) => {
    res.writeHead(200, fixed);
    res.end(buffer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function stadiumEvent(deps: Deps, layout: { sections: number; rows: number; seatsPerRow: number }): Promise<string> {
  const {
    rows: [organizer],
  } = await sql<{ id: string }>`insert into users (roles) values ('{organizer}') returning id`.execute(deps.db);
  const actor = { userId: organizer!.id, roles: ['organizer' as const] };
  const venue = await createVenue(deps, actor, {
    name: `Bench Stadium ${Date.now()}`,
    city: 'Benchville',
    address: '1 Read Street',
    timezone: 'UTC',
    sections: Array.from({ length: layout.sections }, (_, s) => ({
      name: `Stand ${s + 1}`,
      kind: 'seated' as const,
      rows: Array.from({ length: layout.rows }, (_, r) => ({ label: `R${r + 1}`, seats: layout.seatsPerRow })),
    })),
  });
  const event = await createEvent(deps, actor, {
    title: `Bench stadium night ${Date.now()}`,
    description: 'Reads benchmark',
    category: 'sports',
    venueId: venue.id,
    startsAt: new Date(deps.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    performers: ['The Readers'],
    priceTiers: [{ name: 'All', price: { amount: 5000, currency: 'EUR' }, sectionIds: venue.sections.map((s) => s.id) }],
  });
  await publishEvent(deps, actor, event.id);
  return event.id;
}
