import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/context.js';
import { createDb } from '../../src/db/client.js';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { systemClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { localNginxConf, nginxBinary, startNginx, type RunningNginx } from '../support/nginx.js';
import { PrivateRedis, redisServerAvailable } from '../support/redis-server.js';
import { startBoxoffice, waitReady, type BoxofficeProcess } from '../scale/processes.js';

/** Latency of each simulated provider call: a kill or a fault lands while money is moving. */
export const PROVIDER_LATENCY_MS = 300;
/** Reconciliation as the fault tests run it: a pass every 2 s, attempts idle 3 s are looked up. */
export const RECONCILE_EVERY_MS = 2_000;
export const RECONCILE_GRACE_MS = 3_000;

export interface Api {
  proc: BoxofficeProcess;
  base: string;
  port: number;
}

/** What the fault tests need that this machine may lack; empty when they can run. */
export function missingTools(): string[] {
  const missing: string[] = [];
  if (!nginxBinary()) missing.push('nginx (apt-get install nginx)');
  if (!redisServerAvailable()) missing.push('redis-server (apt-get install redis-server)');
  return missing;
}

/**
 * The deployment in miniature, all of it private to the test so it may be
 * killed: a PostgreSQL server (embedded-postgres on a temp folder and a fixed
 * free port, so a restart comes back where the clients look), a redis-server,
 * 2 API processes and a worker, nginx in front running deploy/nginx.conf.
 */
export class FaultCluster {
  readonly apis: Api[] = [];
  worker!: BoxofficeProcess;
  postgres!: EmbeddedServer;
  redis!: PrivateRedis;
  nginx!: RunningNginx;
  /** The test's own handle on the database: factories, checks, fault triggers. */
  deps!: Deps;
  lb!: string;
  env!: NodeJS.ProcessEnv;
  private dir!: string;
  private pgPort!: number;

  async start(): Promise<void> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-faults-'));
    // embedded-postgres runs the server as the `postgres` user when started as root: it must reach the folder.
    await chmod(this.dir, 0o755);
    this.pgPort = await freePort();
    this.postgres = await startEmbeddedPostgres(this.dir, undefined, { port: this.pgPort });
    this.redis = await PrivateRedis.start();
    const db = createDb({ url: this.postgres.url, max: 5 });
    await migrateToLatest(db);

    const lbPort = await freePort();
    this.env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: this.postgres.url,
      REDIS_URL: this.redis.url,
      SECRET_KEY: randomBytes(32).toString('base64url'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RUN_WORKER: 'false',
      DEMO_SEED: 'false',
      TRUST_PROXY: '127.0.0.1',
      BOXOFFICE_DATA_DIR: this.dir,
      RATE_LIMIT_REGISTER_PER_MINUTE: '1000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      // Every fan comes from 127.0.0.1; the account budgets are not what is under test.
      RATE_LIMIT_HOLDS_PER_MINUTE: '1000',
      RATE_LIMIT_CHECKOUT_PER_MINUTE: '1000',
      QUEUE_AUTO_HOLDS_PER_SECOND: '0',
      SIMULATED_PAYMENT_LATENCY_MS: String(PROVIDER_LATENCY_MS),
      RECONCILE_EVERY_MS: String(RECONCILE_EVERY_MS),
      RECONCILE_GRACE_MS: String(RECONCILE_GRACE_MS),
      SHUTDOWN_TIMEOUT_MS: '3000',
      // The simulated provider's webhooks from the worker go through the load balancer.
      PORT: String(lbPort),
    };
    this.deps = createDeps({
      config: loadConfig({ ...this.env, REDIS_URL: '' }),
      db,
      clock: systemClock,
      logger: createLogger('silent'),
    });

    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      this.apis.push({ proc: this.spawnApi(i, port), base: `http://127.0.0.1:${port}`, port });
    }
    this.worker = startBoxoffice('worker', 'worker', this.env);
    // Generous: on a shared 2-core machine a tsx start-up can take a minute.
    await Promise.all(this.apis.map((a) => waitReady(a.proc, a.base, 150_000)));

    const conf = path.join(this.dir, 'nginx.conf');
    await writeFile(conf, await localNginxConf({ upstreams: this.apis.map((a) => `127.0.0.1:${a.port}`), port: lbPort, dir: this.dir }));
    this.nginx = await startNginx(nginxBinary()!, conf, this.dir, lbPort);
    this.lb = `http://127.0.0.1:${lbPort}`;
  }

  private spawnApi(i: number, port: number): BoxofficeProcess {
    return startBoxoffice(`api-${i + 1}`, 'serve', { ...this.env, PORT: String(port) });
  }

  /** An API process started again on its port after a kill, as an orchestrator would. */
  async restartApi(i: number): Promise<void> {
    const api = this.apis[i]!;
    api.proc = this.spawnApi(i, api.port);
    await waitReady(api.proc, api.base, 150_000);
  }

  restartWorker(): void {
    this.worker = startBoxoffice('worker', 'worker', this.env);
  }

  async stopPostgres(): Promise<void> {
    await this.postgres.stop();
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startEmbeddedPostgres(this.dir, undefined, { port: this.pgPort });
  }

  /** `npm run cli -- verify [args]` against the cluster's database: exit code and report. */
  verify(args: string[]): Promise<{ code: number; output: string }> {
    const { NODE_CHANNEL_FD: _fd, NODE_CHANNEL_SERIALIZATION_MODE: _mode, ...env } = this.env;
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', 'verify', ...args],
        { env: { ...env, LOG_LEVEL: 'silent', REDIS_URL: '' }, cwd: path.resolve(import.meta.dirname, '../..'), timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
  }

  async stop(): Promise<void> {
    await this.nginx?.stop();
    await Promise.all([...this.apis.map((a) => a.proc.stop()), this.worker?.stop()]);
    await this.deps?.db.destroy();
    await this.redis?.stop();
    await this.postgres?.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
