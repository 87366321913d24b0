import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import { queueKeys } from '../src/domain/queue/queue-keys.js';
import { summarise, type Summary } from './lib/stats.js';
import { benchHttp, boundedFor } from './onsale-http.js';
import { createFans, createStadium, openSaleNow } from './onsale-setup.js';

export interface QueueBenchOptions {
  joins: number;
  concurrency: number;
  statusSeconds: number;
  log: (line: string) => void;
}

export interface Rate {
  path: string;
  requests: number;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
  errors: number;
}

export interface QueueBenchResult {
  store: 'redis' | 'memory';
  concurrency: number;
  joins: Rate;
  /** The same store operations a join makes, straight on the KvStore: the store's ceiling. */
  rawStoreJoins: Rate;
  rawStoreIncr: Rate;
  status: Rate;
  /** A bare node:http server answering a constant of the status's size: the HTTP ceiling. */
  bareStatus: Rate;
  statusBytes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(path: string, n: number, concurrency: number, one: (i: number) => Promise<boolean>): Promise<Rate> {
  const lat: number[] = [];
  let errors = 0;
  const t0 = process.hrtime.bigint();
  await boundedFor(0, n, concurrency, async (i) => {
    const s = process.hrtime.bigint();
    const ok = await one(i).catch(() => false);
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (!ok) errors++;
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { path, requests: n, seconds, perSecond: n / seconds, latencyMs: summarise(lat), errors };
}

/** As many requests as fit in `seconds`, from `concurrency` loops. */
async function measureFor(path: string, seconds: number, concurrency: number, one: () => Promise<boolean>): Promise<Rate> {
  const lat: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const s = process.hrtime.bigint();
        const ok = await one().catch(() => false);
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (!ok) errors++;
      }
    }),
  );
  const took = Number(process.hrtime.bigint() - t0) / 1e9;
  return { path, requests: lat.length, seconds: took, perSecond: lat.length / took, latencyMs: summarise(lat), errors };
}

/** Joins/s and status reads/s of the waiting room through HTTP, each beside its ceiling. */
export async function runQueueBench(deps: Deps, o: QueueBenchOptions): Promise<QueueBenchResult> {
  o.log(`Creating a queued event and ${o.joins.toLocaleString('en')} accounts…`);
  const stadium = await createStadium(deps, {
    sections: 1,
    rows: 10,
    seatsPerRow: 100,
    perUserLimit: 4,
    opensInMs: 3_600_000,
    queue: { maxAdmitPerTick: 1000, admitWindowSeconds: 60 },
  });
  const ev = stadium.eventId;
  await openSaleNow(deps, ev);
  const fans = await createFans(deps, o.joins);
  const app = await buildApp(deps, { webRoot: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const client = benchHttp(base, o.concurrency + 8);
  await sleep(1100); // instances keep event facts for a second; the sale was opened just now
  try {
    o.log(`Joins: ${o.joins} distinct accounts, ${o.concurrency} concurrent…`);
    const joins = await measure('HTTP POST /events/:id/queue', o.joins, o.concurrency, async (i) => {
      const r = await client.request('POST', `/api/v1/events/${ev}/queue`, {
        headers: { authorization: `Bearer ${fans.tokens[i]}` },
        body: {},
      });
      return r.status === 200;
    });

    o.log('Raw store: the same four operations per join, and bare INCR…');
    const rawEv = `${ev}-raw`;
    const rawStoreJoins = await measure(`KvStore join ops (${deps.kv.kind})`, o.joins, o.concurrency, async (i) => {
      const key = queueKeys.account(rawEv, fans.ids[i]!);
      await deps.kv.get(key);
      await deps.kv.setIfAbsent(key, 'pending', 10_000);
      const seq = await deps.kv.incr(queueKeys.afterOpen(rawEv));
      await deps.kv.set(key, `token-${seq}`, 600_000);
      return true;
    });
    const rawStoreIncr = await measure(`KvStore INCR (${deps.kv.kind})`, o.joins * 4, o.concurrency, async () => {
      await deps.kv.incr(queueKeys.preOpen(rawEv));
      return true;
    });
    await deps.kv.del([queueKeys.afterOpen(rawEv), queueKeys.preOpen(rawEv), ...fans.ids.map((id) => queueKeys.account(rawEv, id))]);

    const first = await client.request('GET', `/api/v1/events/${ev}/queue/status`);
    const etag = String(first.headers.etag);
    o.log(`Status reads for ${o.statusSeconds} s (every other one with If-None-Match)…`);
    let flip = 0;
    const status = await measureFor('HTTP GET /events/:id/queue/status', o.statusSeconds, o.concurrency, async () => {
      const r = await client.request('GET', `/api/v1/events/${ev}/queue/status`, { headers: flip++ % 2 ? { 'if-none-match': etag } : {} });
      return r.status === 200 || r.status === 304;
    });

    const bare = await bareServer(first.text);
    const bareClient = benchHttp(bare.base, o.concurrency + 8);
    const bareStatus = await measureFor('bare node:http, same bytes', o.statusSeconds, o.concurrency, async () => {
      const r = await bareClient.request('GET', '/status', { headers: flip++ % 2 ? { 'if-none-match': bare.etag } : {} });
      return r.status === 200 || r.status === 304;
    });
    bareClient.close();
    await bare.close();
    return {
      store: deps.kv.kind,
      concurrency: o.concurrency,
      joins,
      rawStoreJoins,
      rawStoreIncr,
      status,
      bareStatus,
      statusBytes: Buffer.byteLength(first.text),
    };
  } finally {
    client.close();
    await deps.db
      .updateTable('events')
      .set({ queue: JSON.stringify({ enabled: false }) })
      .where('id', '=', ev)
      .execute();
    await app.close();
  }
}

async function bareServer(body: string): Promise<{ base: string; etag: string; close(): Promise<void> }> {
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  const server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'public, max-age=1' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': 'public, max-age=1' }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, etag, close: () => new Promise((r) => server.close(() => r())) };
}
