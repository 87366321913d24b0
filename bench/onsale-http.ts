import http from 'node:http';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

export interface BenchHttp {
  request(method: string, path: string, opts?: { headers?: Record<string, string>; body?: unknown }): Promise<HttpReply>;
  /**
   * Opens `sockets` keep-alive connections before a timed burst, as browsers sitting on the page or a proxy's upstream
   * pool have theirs. A busy Node server accepts one new connection per event-loop turn (libuv since 1.45, "don't
   * accept() in a loop"): 200 connections opened in the burst's first millisecond waited up to 6 s to be accepted
   * behind the requests of those already in, and that wait was the whole p99 of bench:holds.
   */
  connect(sockets: number): Promise<void>;
  close(): void;
}

/**
 * A keep-alive HTTP/1.1 client with a bounded socket pool, for load
 * generators on 127.0.0.1 (a browser or CDN edge keeps its connections too).
 */
export function benchHttp(base: string, maxSockets: number): BenchHttp {
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('benchmarks only load 127.0.0.1');
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const client: BenchHttp = {
    request(method, path, opts = {}) {
      const started = process.hrtime.bigint();
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: {
              ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
              ...opts.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text: Buffer.concat(chunks).toString('utf8'),
                ms: Number(process.hrtime.bigint() - started) / 1e6,
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    async connect(sockets) {
      const opened = Array.from({ length: Math.min(sockets, maxSockets) }, () => client.request('GET', '/healthz'));
      for (const r of await Promise.all(opened)) if (r.status !== 200) throw new Error(`GET /healthz answered ${r.status}`);
    },
    close() {
      agent.destroy();
    },
  };
  return client;
}

/** Runs `task(i)` for i in [from, to) with at most `limit` in flight. */
export async function boundedFor(from: number, to: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: Math.max(0, Math.min(limit, to - from)) }, async () => {
      for (let i = next++; i < to; i = next++) await task(i);
    }),
  );
}
