import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { databaseUrlFor, dropDatabases, withClient } from './database-admin.js';
import { useFileDatabase } from './test-database.js';

/**
 * Setup file of the integration and e2e projects: before a test file runs, a
 * database of its own is copied from the run's migrated template (a copy of an
 * empty schema takes tens of milliseconds); it is dropped when the file is done.
 * Everything the file starts (apps, CLI processes, benchmarks) uses it.
 */
const admin = inject('adminDatabaseUrl');
const name = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
// PostgreSQL 15+ copies through the WAL by default; its older file_copy would force two checkpoints per file.
await withClient(admin, (c) => c.query(`create database ${name} template ${inject('templateDatabase')}`));
useFileDatabase(databaseUrlFor(admin, name));

afterAll(async () => {
  await withClient(admin, (c) => dropDatabases(c, [name]));
});
