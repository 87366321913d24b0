import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface BoxofficeProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (pino JSON), for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/** `node --import tsx src/main.ts <command>` as a child of this process, as the Dockerfile runs it. */
export function startBoxoffice(name: string, command: string, env: NodeJS.ProcessEnv): BoxofficeProcess {
  // A test worker forked by vitest has an IPC channel; a child that inherits its fd number would try to use it too.
  const { NODE_CHANNEL_FD: _fd, NODE_CHANNEL_SERIALIZATION_MODE: _mode, ...clean } = env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', command], {
    cwd: root,
    env: clean,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-6000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    name,
    child,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Resolves once GET /readyz answers 200, rejects when the process exits or the time is up. */
export async function waitReady(proc: BoxofficeProcess, base: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}:\n${proc.output()}`);
    last = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
      async (r) => `${r.status} ${await r.text()}`,
      (e: unknown) => String(e),
    );
    if (last.startsWith('200 ')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms (last /readyz: ${last}):\n${proc.output()}`);
}
