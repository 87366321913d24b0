import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/client.js';
import type { EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { databaseUrlFor, dropDatabases, withClient } from './database-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server to connect to for CREATE/DROP DATABASE. */
    adminDatabaseUrl: string;
    /** The migrated, never-connected-to database each test file copies. */
    templateDatabase: string;
    redisUrl: string | undefined;
  }
}

interface TemplateServer {
  adminUrl: string;
  template: string;
  users: number;
  stop(): Promise<void>;
}

// The integration and e2e projects both list this file; their setups run in one process
// and share one server and one template, started by whichever comes first.
const shared = globalThis as typeof globalThis & { boxofficeTestServer?: Promise<TemplateServer> };

/**
 * One migrated template database per run, on TEST_DATABASE_URL's server or on an
 * embedded server in a temporary folder that this run starts and stops itself.
 * Each test file copies the template into a database of its own
 * (test/support/file-database.ts), so no file ever sees another's rows.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.boxofficeTestServer ??= startTemplateServer();
  const server = await shared.boxofficeTestServer;
  server.users++;
  project.provide('adminDatabaseUrl', server.adminUrl);
  project.provide('templateDatabase', server.template);
  project.provide('redisUrl', process.env.TEST_REDIS_URL || undefined);
  return async () => {
    if (--server.users > 0) return;
    shared.boxofficeTestServer = undefined;
    await server.stop();
  };
}

async function startTemplateServer(): Promise<TemplateServer> {
  let embedded: EmbeddedServer | undefined;
  let tmpDir: string | undefined;
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    // The embedded server runs as the `postgres` user: the folder must be reachable by it.
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-test-'));
    await chmod(tmpDir, 0o755);
    // Imported here, once per run: each project loads this file, and the module's top level may run only once per process.
    const { startEmbeddedPostgres } = await import('../../src/db/embedded-postgres.js');
    embedded = await startEmbeddedPostgres(tmpDir);
    adminUrl = embedded.url;
  }
  // Per-file copies are named `<template>_<suffix>`, so the teardown finds any a crashed worker left behind.
  const template = `boxoffice_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const started = Date.now();
  await withClient(adminUrl, (c) => c.query(`create database ${template}`));
  const db = createDb({ url: databaseUrlFor(adminUrl, template), max: 2 });
  try {
    await migrateToLatest(db);
  } finally {
    // CREATE DATABASE ... TEMPLATE refuses a template anyone is connected to.
    await db.destroy();
  }
  console.log(
    `[test] template ${template} migrated in ${Date.now() - started} ms on ${embedded ? 'embedded PostgreSQL' : 'TEST_DATABASE_URL'}`,
  );
  return {
    adminUrl,
    template,
    users: 0,
    async stop() {
      await withClient(adminUrl, async (c) => {
        const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${template}\\_%`]);
        await dropDatabases(c, [...rows.map((r) => r.datname), template]);
      });
      if (embedded) await embedded.stop();
      if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    },
  };
}
