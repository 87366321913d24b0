import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { databaseUrlFor, dropDatabases, withClient } from './database-admin.js';
import { useFileDatabase } from './test-database.js';

/**
 * Setup file of the integration and e2e projects: each test file gets a database
 * of its own, copied from the run's migrated template (a copy of an empty schema
 * takes tens of milliseconds) and dropped when the file is done. Everything the
 * file starts (apps, CLI processes, benchmarks) uses it.
 */
const admin = inject('adminDatabaseUrl');
const template = inject('templateDatabase');
const name = `${template}_${randomBytes(4).toString('hex')}`;
useFileDatabase(databaseUrlFor(admin, name));

// The copy is made while the test file's modules load; this first hook waits for it before any other runs.
// PostgreSQL 15+ copies through the WAL by default; its older file_copy would force two checkpoints per file.
const created = withClient(admin, (c) => c.query(`create database ${name} template ${template}`));
created.catch(() => undefined);
beforeAll(async () => {
  await created;
});

afterAll(async () => {
  await withClient(admin, (c) => dropDatabases(c, [name]));
});
