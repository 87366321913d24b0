import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as tar from 'tar';
import { createDb } from '../client.js';
import { knownMigrations, migrateTo } from '../migrate.js';
import { BackupError, manifestPathFor, readManifest, sha256File, type BackupManifest } from './backup-manifest.js';
import type { CopyArchiveMeta } from './create-backup.js';
import { ensureKeyring } from './keyring.js';
import { findPgTool, runPgTool } from './pg-tools.js';
import {
  allTableFigures,
  dropPublicSchema,
  listTables,
  normaliseSession,
  quoteIdent,
  relationCount,
  restoreSequences,
  type TableFigures,
  type TableInfo,
} from './table-catalog.js';

export interface RestoreOptions {
  /** The database to restore into: it must be empty unless `force`. */
  url: string;
  /** The archive, or its manifest. */
  from: string;
  /** Replace whatever the database holds (everything in its `public` schema is dropped first). */
  force?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Whether an existing schema was dropped first (--force on a non-empty database). */
  replaced: boolean;
}

/**
 * Restores a backup and proves it: the archive's sha256 must match its
 * manifest before anything is touched, and afterwards every table's row count
 * and checksum must equal the manifest's. A `copy` archive is loaded in one
 * transaction that is rolled back when they differ; a pg_dump archive is
 * restored by pg_restore in one transaction, then checked.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const manifestPath = manifestPathFor(path.resolve(opts.from));
  const manifest = await readManifest(manifestPath);
  const archive = path.join(path.dirname(manifestPath), manifest.archive.file);
  if (!existsSync(archive)) throw new BackupError(`The archive ${archive} named by the manifest is missing`);
  if ((await sha256File(archive)) !== manifest.archive.sha256) {
    throw new BackupError(`${archive} does not match its manifest's sha256: the file is damaged or was changed; nothing was restored`);
  }
  if (manifest.format === 'copy' && !knownMigrations.includes(manifest.schemaVersion)) {
    throw new BackupError(
      `This backup's schema (${manifest.schemaVersion}) is newer than this build knows; restore it with that Boxoffice version`,
    );
  }
  const pgRestore = manifest.format === 'pg_dump' ? await findPgTool('pg_restore', manifest.toolMajor ?? 0) : null;
  if (manifest.format === 'pg_dump' && !pgRestore) {
    throw new BackupError(
      `This is a pg_dump ${manifest.toolMajor} archive: restoring it needs pg_restore ${manifest.toolMajor} or newer installed`,
    );
  }

  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  try {
    const existing = await relationCount(client);
    if (existing > 0 && !opts.force) {
      throw new BackupError(
        `Database "${client.database}" is not empty (${existing} tables, views or sequences). Restore into an empty database, or pass --force to replace its contents`,
      );
    }
    if (existing > 0) await dropPublicSchema(client);
    if (pgRestore) {
      await runPgTool(
        pgRestore,
        ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${client.database}`, archive],
        opts.url,
      );
      await ensureKeyring(client);
      await normaliseSession(client);
      assertSameFigures(manifest, await allTableFigures(client, await listTables(client)));
    } else {
      await restoreCopyArchive(client, opts.url, archive, manifest);
    }
    return { manifest, replaced: existing > 0 };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The schema comes from Boxoffice's own migrations, run up to the version the
 * backup was taken at; then one transaction empties what the migrations may
 * have seeded, loads every table parents first with user triggers off (the
 * rows are restored as they were, not re-derived), sets the sequences, and
 * compares every table with the manifest before it commits.
 */
async function restoreCopyArchive(client: pg.Client, url: string, archive: string, manifest: BackupManifest): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-restore-'));
  try {
    await tar.x({ file: archive, cwd: work, strict: true });
    const meta = JSON.parse(await readFile(path.join(work, 'meta.json'), 'utf8')) as CopyArchiveMeta;
    const db = createDb({ url, max: 1 });
    try {
      await migrateTo(db, manifest.schemaVersion);
    } finally {
      await db.destroy();
    }
    const present = new Set((await listTables(client)).map((t) => t.name));
    const missing = meta.tables.filter((t) => !present.has(t.name)).map((t) => t.name);
    if (missing.length > 0) throw new BackupError(`The migrated schema lacks tables the backup holds: ${missing.join(', ')}`);

    await client.query('begin');
    try {
      await normaliseSession(client);
      const names = meta.tables.map((t) => quoteIdent(t.name)).join(', ');
      if (names) await client.query(`truncate ${names}`);
      for (const t of meta.tables) await client.query(`alter table ${quoteIdent(t.name)} disable trigger user`);
      for (const t of meta.tables) await loadTable(client, t, path.join(work, t.file));
      for (const t of meta.tables) await client.query(`alter table ${quoteIdent(t.name)} enable trigger user`);
      await restoreSequences(client, meta.sequences);
      assertSameFigures(manifest, await allTableFigures(client, meta.tables));
      await client.query('commit');
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function loadTable(client: pg.Client, table: TableInfo, file: string): Promise<void> {
  const columns = table.columns.map(quoteIdent).join(', ');
  await pipeline(createReadStream(file), client.query(copyFrom(`copy ${quoteIdent(table.name)} (${columns}) from stdin`)));
}

function assertSameFigures(manifest: BackupManifest, restored: Record<string, TableFigures>): void {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(manifest.tables)) {
    const got = restored[name];
    if (!got) problems.push(`${name}: missing`);
    else if (got.rows !== want.rows || got.checksum !== want.checksum) {
      problems.push(`${name}: ${got.rows} rows (checksum ${got.checksum}), backup had ${want.rows} (checksum ${want.checksum})`);
    }
  }
  for (const name of Object.keys(restored)) if (!(name in manifest.tables)) problems.push(`${name}: not in the backup`);
  if (problems.length > 0) throw new BackupError(`Restored data differs from the backup's manifest:\n  ${problems.join('\n  ')}`);
}
