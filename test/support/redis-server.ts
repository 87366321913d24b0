import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { vi } from 'vitest';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export function redisServerAvailable(): boolean {
  return existsSync(REDIS_SERVER_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A private, throwaway redis-server (no persistence) that a test may stop and start on the same port. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(REDIS_SERVER_BIN, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    // The server says when it listens; its output keeps flowing (and is dropped) so it never blocks on a full pipe.
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error('redis-server did not start within 10 s')), 10_000);
      const onExit = (code: number | null): void => fail(new Error(`redis-server exited with ${code}`));
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (!/Ready to accept connections/.test(output)) return;
        done();
        resolve();
      };
      const done = (): void => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
      };
      const fail = (err: Error): void => {
        done();
        reject(err);
      };
      child.once('exit', onExit);
      child.stdout!.on('data', onData);
    });
  }

  /** SIGSTOP: the socket stays open but nothing answers, like a network black hole. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    child.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `check` until it holds: for states only visible by asking (readiness, recovery); a deadline, not a timing assertion. */
export function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await check().catch(() => false))) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
