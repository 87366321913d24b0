import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/test-database.js';
import { createDeps } from '../../src/context.js';
import { createDb } from '../../src/db/client.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { knownMigrations } from '../../src/db/migrate.js';
import { systemClock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/test-app.js';

/** An app on an arbitrary database URL (Redis off), closed by the caller. */
async function appOn(url: string) {
  const config = testConfig({ databaseUrl: url, redisUrl: undefined });
  const db = createDb({ url, max: 2 });
  const app = await buildApp(createDeps({ config, db, clock: systemClock, logger: createLogger('silent') }), { webRoot: false });
  return {
    app,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('GET /readyz', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('answers 503 quickly when the database is unreachable, while /healthz stays 200', async () => {
    const port = await freePort();
    const t = await appOn(`postgres://nobody:nothing@127.0.0.1:${port}/none`);
    cleanups.push(t.close);
    const started = Date.now();
    const res = await t.app.inject('/readyz');
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown' } });
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('answers 503 with the pending migrations on a database that was never migrated', async () => {
    const name = `boxoffice_readyz_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`create database ${name}`));
    cleanups.push(() => admin((c) => c.query(`drop database if exists ${name} with (force)`)));
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    const t = await appOn(url.toString());
    cleanups.push(t.close);
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toEqual({ database: 'ok', migrations: `pending: ${knownMigrations.join(', ')}` });
  });

  it('is ready on the migrated test database', async () => {
    const t = await appOn(testDatabaseUrl());
    cleanups.push(t.close);
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok' } });
  });
});
