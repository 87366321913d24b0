import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgTool {
  path: string;
  /** e.g. "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" */
  version: string;
  major: number;
}

/**
 * Where PostgreSQL's client programs live: PATH, Debian's side-by-side
 * versions (/usr/lib/postgresql/N/bin) and the RPM layout (/usr/pgsql-N/bin).
 */
function candidates(program: string): string[] {
  const found = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) found.add(path.join(dir, program));
  for (const [root, prefix] of [
    ['/usr/lib/postgresql', ''],
    ['/usr', 'pgsql-'],
  ] as const) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      if (prefix && !entry.startsWith(prefix)) continue;
      if (!prefix && !/^\d+$/.test(entry)) continue;
      found.add(path.join(root, entry, 'bin', program));
    }
  }
  return [...found].filter((p) => existsSync(p));
}

async function probe(file: string): Promise<PgTool | null> {
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 10_000 });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? { path: file, version: stdout.trim(), major: Number(match[1]) } : null;
  } catch {
    return null;
  }
}

/**
 * The newest installed `program` whose major version is at least `minMajor`
 * (pg_dump refuses servers newer than itself; pg_restore archives from a newer
 * pg_dump), or null when there is none.
 */
export async function findPgTool(program: 'pg_dump' | 'pg_restore', minMajor: number): Promise<PgTool | null> {
  const tools = (await Promise.all(candidates(program).map(probe))).filter((t): t is PgTool => t !== null && t.major >= minMajor);
  tools.sort((a, b) => b.major - a.major);
  return tools[0] ?? null;
}

/**
 * libpq settings for a connection URL, passed through the environment so
 * the password never appears in a process listing.
 */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs a client program to completion; rejects with its stderr on a non-zero exit. */
export function runPgTool(tool: PgTool, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { env: { ...process.env, ...libpqEnv(url) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(tool.path)} exited with ${code}: ${stderr.trim()}`));
    });
  });
}
