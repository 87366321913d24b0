import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/test-database.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createTestApp, testConfig, type TestApp } from '../support/test-app.js';

interface Server {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Resolves with the first log line whose msg starts with `msg`. */
  logged(msg: string): Promise<void>;
  exited: Promise<number | null>;
}

/** `serve` as its own process (node --import tsx, so signals reach it directly) on this run's database. */
async function startServe(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    SECRET_KEY: testConfig().secretKey,
    BOXOFFICE_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DEMO_SEED: 'false',
    // The worker would deliver other test files' outbox rows from this process.
    RUN_WORKER: 'false',
    ...env,
  };
  delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { env: childEnv });
  const lines: { msg?: string; url?: string }[] = [];
  const waiters: { msg: string; resolve: () => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let entry: { msg?: string; url?: string };
    try {
      entry = JSON.parse(line) as { msg?: string };
    } catch {
      return;
    }
    lines.push(entry);
    for (const w of waiters.filter((w) => entry.msg?.startsWith(w.msg))) w.resolve();
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logged = (msg: string): Promise<void> =>
    lines.some((l) => l.msg?.startsWith(msg))
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          waiters.push({ msg, resolve });
          void exited.then((code) => reject(new Error(`serve exited (${code}) before logging "${msg}": ${stderr}`)));
        });
  await logged('Boxoffice is ready');
  const url = lines.find((l) => l.msg === 'Boxoffice is ready')!.url!;
  return { child, url, logged, exited };
}

/** A GET on a connection of its own (no keep-alive pool): its status, or 'refused'. */
function freshConnectionGet(url: string): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', () => resolve('refused'));
  });
}

describe('serve stops gracefully on SIGTERM', () => {
  let t: TestApp;
  let ev: PublishedEvent;
  let dataDir: string;
  let locker: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 3 });
    ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-shutdown-'));
    locker = new pg.Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * Holds the event's row lock so the server's PATCH (which locks that row)
   * is in flight until `release`; resolves once the server's query waits on it.
   */
  async function requestInFlight(server: Server, title: string): Promise<{ reply: Promise<Response>; release: () => Promise<void> }> {
    await locker.query('begin');
    await locker.query('select id from events where id = $1 for update', [ev.eventId]);
    const { rows } = await locker.query<{ pid: number }>('select pg_backend_pid() as pid');
    const reply = fetch(`${server.url}/api/v1/admin/events/${ev.eventId}`, {
      method: 'PATCH',
      headers: { ...ev.organizer.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    for (;;) {
      const waiting = await locker.query('select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [rows[0]!.pid]);
      if (waiting.rowCount) break;
      await sleep(10);
    }
    return { reply, release: () => locker.query('commit').then(() => undefined) };
  }

  it('stops accepting, finishes the request in flight, closes the pools and exits 0', async () => {
    const server = await startServe(dataDir);
    const inFlight = await requestInFlight(server, 'Renamed while the server stops');

    server.child.kill('SIGTERM');
    await server.logged('shutting down');
    // New connections are refused (or, in the instant before the socket closes, answered): none waits for the lock.
    for (;;) {
      const probe = await freshConnectionGet(`${server.url}/healthz`);
      if (probe === 'refused' || probe === 503) break;
      expect(probe).toBe(200);
    }
    expect(server.child.exitCode).toBeNull();

    await inFlight.release();
    const reply = await inFlight.reply;
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { event: { title: string } }).event.title).toBe('Renamed while the server stops');
    expect(await server.exited).toBe(0);
  });

  it('exits 1 when the work in flight outlasts the deadline', async () => {
    const server = await startServe(dataDir, { SHUTDOWN_TIMEOUT_MS: '300' });
    const inFlight = await requestInFlight(server, 'Never renamed');
    const answer = inFlight.reply.then(
      (r) => r.status,
      () => 'connection closed',
    );
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(await answer).toBe('connection closed');
    await locker.query('rollback');
  });
});
