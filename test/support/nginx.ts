import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const deployNginxConf = path.resolve(import.meta.dirname, '../../deploy/nginx.conf');

/** Debian's nginx, if installed (.ci/run installs it). */
export function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  return null;
}

/**
 * deploy/nginx.conf with only what differs on this machine swapped: the
 * upstream servers, the listen address, the access log file, and temp paths
 * a non-root run can write. Everything else (timeouts, SSE location, /metrics block, headers)
 * is the deployed file's own.
 */
export async function localNginxConf(opts: { upstreams: string[]; port: number; dir: string }): Promise<string> {
  const source = await readFile(deployNginxConf, 'utf8');
  const upstream = /(upstream boxoffice_api \{[\s\S]*?)((?:\s*server [^;]+;)+)/;
  if (!upstream.test(source)) throw new Error('deploy/nginx.conf: no server lines in upstream boxoffice_api');
  const servers = opts.upstreams.map((u) => `\n    server ${u} max_fails=2 fail_timeout=5s;`).join('');
  if (!/^\s*listen 80;$/m.test(source)) throw new Error('deploy/nginx.conf: expected "listen 80;"');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${path.join(opts.dir, k)};`).join('\n');
  await Promise.all(['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => mkdir(path.join(opts.dir, k), { recursive: true })));
  return (
    source
      .replace(upstream, (_m, head: string) => head + servers)
      .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`)
      .replace(/^http \{$/m, `http {\n${temp}`)
      // A child's stdout here is a socket, which /dev/stdout cannot reopen; a file in the run's folder instead.
      .replace(/access_log \/dev\/stdout /, `access_log ${path.join(opts.dir, 'access.log')} `)
  );
}

const globals = (dir: string): string => `pid ${path.join(dir, 'nginx.pid')};`;

/** `nginx -t` on a config file; resolves with nginx's report, rejects with it when the test fails. */
export async function nginxConfigTest(nginx: string, conf: string, dir: string): Promise<string> {
  const { stderr } = await run(nginx, ['-t', '-e', 'stderr', '-p', dir, '-c', conf, '-g', globals(dir)]);
  return stderr;
}

export interface RunningNginx {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** nginx in the foreground as this process's child, listening once this resolves. */
export async function startNginx(nginx: string, conf: string, dir: string, port: number): Promise<RunningNginx> {
  const child = spawn(nginx, ['-e', 'stderr', '-p', dir, '-c', conf, '-g', `${globals(dir)} daemon off;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // TERM is nginx's fast shutdown; QUIT would wait for every open event stream to end.
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
