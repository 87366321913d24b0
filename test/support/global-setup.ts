import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { migrateToLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string | undefined;
  }
}

/**
 * One fresh database per test run: a new database on TEST_DATABASE_URL's server
 * (dropped afterwards), or an embedded server in a temporary folder that this
 * run starts and stops itself. Runs never share data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: EmbeddedServer | undefined;
  let tmpDir: string | undefined;
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    // The embedded server runs as the `postgres` user: the folder must be reachable by it.
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-test-'));
    await import('node:fs/promises').then((fs) => fs.chmod(tmpDir!, 0o755));
    server = await startEmbeddedPostgres(tmpDir);
    adminUrl = server.url;
  }
  const dbName = `boxoffice_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`create database ${dbName}`));
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const db = createDb({ url: databaseUrl, max: 2 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', process.env.TEST_REDIS_URL || undefined);
  console.log(`[test] database ${dbName} on ${server ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL'}`);

  return async () => {
    await withClient(adminUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
    if (server) await server.stop();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  };
}

async function withClient(url: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
