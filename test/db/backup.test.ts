import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/test-database.js';
import { BackupError, listBackups, manifestPathFor, type BackupManifest } from '../../src/db/backup/backup-manifest.js';
import { createBackup } from '../../src/db/backup/create-backup.js';
import { findPgTool } from '../../src/db/backup/pg-tools.js';
import { restoreBackup } from '../../src/db/backup/restore-backup.js';
import { allTableFigures, listTables, normaliseSession, relationCount, serverVersion } from '../../src/db/backup/table-catalog.js';
import { createDb } from '../../src/db/client.js';
import { knownMigrations, migrateToLatest } from '../../src/db/migrate.js';
import { formatReport, verifyInvariants } from '../../src/domain/invariants/verify-invariants.js';
import { backupIfDue } from '../../src/jobs/backup-schedule.js';
import { runWorkerOnce } from '../../src/jobs/worker.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUsers } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, testConfig, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** Databases on the run's server, named per test file run. */
const adminUrl = (): string => testDatabaseUrl();
const urlOf = (name: string): string => {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const createDatabase = (name: string) => onServer(adminUrl(), (c) => c.query(`create database ${name}`));
const dropDatabase = (name: string) => onServer(adminUrl(), (c) => c.query(`drop database if exists ${name} with (force)`));

/** Row counts and checksums of every table, computed here independently of the manifest. */
async function figuresOf(url: string) {
  return onServer(url, async (c) => {
    await normaliseSession(c);
    return allTableFigures(c, await listTables(c));
  });
}

async function expectCleanInvariants(url: string): Promise<void> {
  const db = createDb({ url, max: 2 });
  try {
    const report = await verifyInvariants(db, new Date());
    expect(report.ok, formatReport(report)).toBe(true);
  } finally {
    await db.destroy();
  }
}

describe('backup and restore', () => {
  const suffix = randomBytes(4).toString('hex');
  const source = `boxoffice_bk_src_${suffix}`;
  const target = `boxoffice_bk_dst_${suffix}`;
  let dir: string;
  let t: TestApp;
  let serverMajor: number;
  const databases = [source, target];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-backups-'));
    await createDatabase(source);
    const db = createDb({ url: urlOf(source), max: 2 });
    await migrateToLatest(db);
    await db.destroy();
    serverMajor = (await onServer(urlOf(source), serverVersion)).major;

    // A realistic booking history: confirmed orders with tickets, a declined card, a released hold, delivered outbox rows.
    t = await createTestApp({ config: { databaseUrl: urlOf(source) } });
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 10 });
    const fans = await createUsers(t.deps, 5);
    for (const [i, fan] of fans.entries()) {
      const held = await hold(t.app, fan, ev.eventId, { seatIds: ev.seatIds.slice(i * 2, i * 2 + 2) });
      expect(held.statusCode).toBe(201);
      const holdId = held.json().hold.id as string;
      if (i < 3) expect((await checkout(t.app, fan, holdId, randomUUID())).statusCode).toBe(201);
      if (i === 3) expect((await checkout(t.app, fan, holdId, randomUUID(), 'tok_chargeDeclined')).statusCode).toBe(402);
      if (i === 4)
        expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${holdId}`, headers: fan.auth })).statusCode).toBe(204);
    }
    await runWorkerOnce(t.deps);
  });

  afterAll(async () => {
    await t?.close();
    for (const name of databases) await dropDatabase(name);
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up while fans keep booking, drops the database, restores it: identical rows, invariants clean, sequences carry on', async () => {
    const expectedFormat = (await findPgTool('pg_dump', serverMajor)) ? 'pg_dump' : 'copy';
    // Writes race the backup: the manifest must still describe exactly what the archive holds (one snapshot).
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 40 });
    const racers = await createUsers(t.deps, 20);
    let writing = true;
    const writers = racers.map(async (fan, i) => {
      while (writing) {
        const held = await hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[i]!] });
        if (held.statusCode === 201)
          await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${held.json().hold.id}`, headers: fan.auth });
      }
    });
    const { manifest, archivePath } = await createBackup({ url: urlOf(source), dir }).finally(() => {
      writing = false;
    });
    await Promise.all(writers);

    expect(manifest.format).toBe(expectedFormat);
    expect(path.basename(archivePath)).toBe(manifest.archive.file);
    expect(manifest.schemaVersion).toBe(knownMigrations.at(-1));
    expect(manifest.server.major).toBe(serverMajor);
    expect(manifest.archive.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.tables.orders!.rows).toBe(4);
    expect(manifest.tables.tickets!.rows).toBe(6);
    expect(manifest.tables.holds!.rows).toBeGreaterThanOrEqual(5);
    expect(manifest.tables.schema_migrations).toBeUndefined();

    // Drop and create: the restore starts from nothing.
    await t.close();
    await dropDatabase(source);
    await createDatabase(source);
    await restoreBackup({ url: urlOf(source), from: archivePath });

    const restored = await figuresOf(urlOf(source));
    expect(restored).toEqual(manifest.tables);
    await expectCleanInvariants(urlOf(source));

    // The restored database takes new bookings: identity sequences continue past the restored rows.
    t = await createTestApp({ config: { databaseUrl: urlOf(source) } });
    const [late] = await createUsers(t.deps, 1);
    const held = await hold(t.app, late!, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 1 });
    expect(held.statusCode).toBe(201);
    expect((await checkout(t.app, late!, held.json().hold.id, randomUUID())).statusCode).toBe(201);
    await runWorkerOnce(t.deps);
    await expectCleanInvariants(urlOf(source));
  });

  it('writes the COPY format on any server and restores it into a new empty database', async () => {
    const before = await figuresOf(urlOf(source));
    const { manifest, archivePath } = await createBackup({ url: urlOf(source), dir, format: 'copy' });
    expect(manifest.format).toBe('copy');
    expect(manifest.toolMajor).toBeNull();
    expect(manifest.tables).toEqual(before);

    await createDatabase(target);
    await restoreBackup({ url: urlOf(target), from: manifestPathFor(archivePath) });
    expect(await figuresOf(urlOf(target))).toEqual(before);
    await expectCleanInvariants(urlOf(target));
  });

  it('refuses a non-empty database without --force and leaves it untouched; --force replaces it', async () => {
    const [latest] = await listBackups(dir);
    const intoTarget = await figuresOf(urlOf(target));
    const tablesBefore = await onServer(urlOf(target), relationCount);
    await expect(restoreBackup({ url: urlOf(target), from: latest!.manifestPath })).rejects.toThrow(/is not empty .* pass --force/);
    expect(await onServer(urlOf(target), relationCount)).toBe(tablesBefore);
    expect(await figuresOf(urlOf(target))).toEqual(intoTarget);

    // Something the backup does not hold disappears with --force.
    await onServer(urlOf(target), (c) => c.query('create table stray (id int)'));
    const { replaced } = await restoreBackup({ url: urlOf(target), from: latest!.manifestPath, force: true });
    expect(replaced).toBe(true);
    expect(await figuresOf(urlOf(target))).toEqual(latest!.manifest.tables);
    expect(await onServer(urlOf(target), (c) => c.query(`select to_regclass('stray') as t`))).toMatchObject({ rows: [{ t: null }] });
  });

  it('refuses an archive that does not match its manifest before touching the database', async () => {
    const [latest] = await listBackups(dir);
    const corruptDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-corrupt-'));
    try {
      const archive = path.join(corruptDir, latest!.manifest.archive.file);
      await copyFile(path.join(dir, latest!.manifest.archive.file), archive);
      await copyFile(latest!.manifestPath, manifestPathFor(archive));
      const bytes = await readFile(archive);
      const middle = bytes.length >> 1;
      bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
      await writeFile(archive, bytes);
      const figures = await figuresOf(urlOf(target));
      await expect(restoreBackup({ url: urlOf(target), from: archive, force: true })).rejects.toThrow(BackupError);
      await expect(restoreBackup({ url: urlOf(target), from: archive, force: true })).rejects.toThrow(/sha256/);
      expect(await figuresOf(urlOf(target))).toEqual(figures);
    } finally {
      await rm(corruptDir, { recursive: true, force: true });
    }
  });

  it('keeps the newest N backups; the worker schedule takes one only when a day has passed', async () => {
    const keepDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-keep-'));
    try {
      const made: BackupManifest[] = [];
      for (let i = 0; i < 3; i++) made.push((await createBackup({ url: urlOf(source), dir: keepDir, format: 'copy', keep: 2 })).manifest);
      const kept = await listBackups(keepDir);
      expect(kept.map((b) => b.manifest.archive.file)).toEqual([made[2]!.archive.file, made[1]!.archive.file]);
      expect((await readdir(keepDir)).sort()).toEqual(
        [made[1]!, made[2]!].flatMap((m) => [m.archive.file, path.basename(manifestPathFor(m.archive.file))]).sort(),
      );

      const newest = Date.parse(made[2]!.createdAt);
      const schedule = { url: urlOf(source), dir: keepDir, keep: 2 };
      expect(await backupIfDue({ ...schedule, now: new Date(newest + 3_600_000) })).toBeNull();
      await writeFile(path.join(keepDir, 'boxoffice-dead.tar.gz.partial'), 'left by a killed worker');
      const due = await backupIfDue({ ...schedule, now: new Date(newest + 86_400_000) });
      expect(due?.manifest.format).toBeDefined();
      const files = await readdir(keepDir);
      expect(files).not.toContain('boxoffice-dead.tar.gz.partial');
      expect((await listBackups(keepDir)).length).toBe(2);
    } finally {
      await rm(keepDir, { recursive: true, force: true });
    }
  });

  it('works from the command line: backup with retention, restore refusing a non-empty database', async () => {
    const cliDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-cli-'));
    const env = {
      ...process.env,
      DATABASE_URL: urlOf(source),
      SECRET_KEY: testConfig().secretKey,
      LOG_LEVEL: 'warn',
      BOXOFFICE_DATA_DIR: cliDir,
    };
    try {
      const cli = (args: string[]) =>
        run('npx', ['tsx', 'src/main.ts', ...args], { env, timeout: 120_000 }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      const backup = await cli(['backup', '--out', path.join(cliDir, 'b'), '--keep', '1']);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^backup .*boxoffice-.*\.(pgdump|tar\.gz)$/m);
      expect(backup.stdout).toMatch(new RegExp(`schema ${knownMigrations.at(-1)!}, \\d+ tables, \\d+ rows`));
      const [made] = await listBackups(path.join(cliDir, 'b'));
      const refused = await cli(['restore', '--from', path.join(cliDir, 'b', made!.manifest.archive.file)]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not empty/);
    } finally {
      await rm(cliDir, { recursive: true, force: true });
    }
    // Two CLI processes, each starting tsx: slow on a busy machine.
  }, 180_000);
});
