import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import {
  archiveName,
  BackupError,
  backupBaseName,
  pruneBackups,
  sha256File,
  writeManifest,
  type BackupFormat,
  type BackupManifest,
} from './backup-manifest.js';
import { findPgTool, runPgTool, type PgTool } from './pg-tools.js';
import {
  allTableFigures,
  listTables,
  normaliseSession,
  quoteIdent,
  schemaVersion,
  sequenceStates,
  serverVersion,
  type SequenceState,
  type TableInfo,
} from './table-catalog.js';

export interface BackupOptions {
  /** The database to back up. */
  url: string;
  /** Folder for the archive and its manifest (created if missing). */
  dir: string;
  /** `auto` (default): pg_dump when one of the server's major version or newer is installed, else `copy`. */
  format?: BackupFormat | 'auto';
  /** After a successful backup keep only the newest `keep` in `dir`. */
  keep?: number;
}

export interface BackupResult {
  manifest: BackupManifest;
  manifestPath: string;
  archivePath: string;
  /** Archives deleted by retention. */
  pruned: string[];
}

/** What a `copy` archive carries besides the table files: enough to load them back in order. */
export interface CopyArchiveMeta {
  tables: (TableInfo & { file: string })[];
  sequences: SequenceState[];
}

/**
 * Backs a database up from ONE snapshot: a REPEATABLE READ READ ONLY
 * transaction exports its snapshot; pg_dump imports it (`--snapshot`), or the
 * COPY statements run inside it, and the manifest's row counts and checksums
 * are read in it too, so the figures describe exactly what the archive holds
 * while the sale goes on. The archive is written under a `.partial` name and
 * the manifest last, so a crash never leaves something that looks complete.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  await mkdir(opts.dir, { recursive: true });
  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  let partial: string | null = null;
  try {
    await client.query('begin isolation level repeatable read read only');
    await normaliseSession(client);
    const { rows } = await client.query<{ snapshot: string; at: Date; db: string }>(
      'select pg_export_snapshot() as snapshot, now() as at, current_database() as db',
    );
    const { snapshot, at, db } = rows[0]!;
    const server = await serverVersion(client);
    const version = await schemaVersion(client);
    if (!version) throw new BackupError(`Database "${db}" has no Boxoffice schema (never migrated); nothing to back up`);
    const tables = await listTables(client);

    const requested = opts.format ?? 'auto';
    const pgDump = requested === 'copy' ? null : await findPgTool('pg_dump', server.major);
    if (requested === 'pg_dump' && !pgDump) {
      throw new BackupError(
        `No pg_dump of PostgreSQL ${server.major} or newer is installed; use --format copy, or install the client programs`,
      );
    }
    const format: BackupFormat = pgDump ? 'pg_dump' : 'copy';
    const base = backupBaseName(at);
    const archivePath = path.join(opts.dir, archiveName(base, format));
    partial = `${archivePath}.partial`;

    // pg_dump reads on its own connection in parallel; COPY shares this one, so it goes after.
    const [tableFigures] = await Promise.all([
      allTableFigures(client, tables),
      pgDump ? dumpWithPgDump(pgDump, opts.url, snapshot, partial) : null,
    ]);
    if (!pgDump) await dumpWithCopy(client, tables, partial);
    await client.query('commit');
    // The archive holds password hashes and encrypted personal data: owner-only, like the manifest.
    await chmod(partial, 0o600);
    await rename(partial, archivePath);
    partial = null;

    const manifest: BackupManifest = {
      kind: 'boxoffice-backup',
      manifestVersion: 1,
      createdAt: at.toISOString(),
      schemaVersion: version,
      format,
      tool: pgDump ? pgDump.version : 'pg-copy-streams (COPY … TO STDOUT, text format)',
      toolMajor: pgDump ? pgDump.major : null,
      server,
      database: db,
      archive: { file: path.basename(archivePath), bytes: (await stat(archivePath)).size, sha256: await sha256File(archivePath) },
      tables: tableFigures,
      durationMs: Date.now() - started,
    };
    const manifestPath = await writeManifest(opts.dir, base, manifest);
    const pruned = opts.keep ? await pruneBackups(opts.dir, opts.keep) : [];
    return { manifest, manifestPath, archivePath, pruned };
  } finally {
    if (partial) await rm(partial, { force: true, recursive: true });
    await client.end().catch(() => undefined);
  }
}

/**
 * pg_dump's custom format (compressed, selective restore), reading the exported snapshot while our transaction holds it.
 * The `keyring` schema (users' data keys) stays out, as in the copy format: erasure must reach every backup (docs/privacy.md).
 */
function dumpWithPgDump(tool: PgTool, url: string, snapshot: string, file: string): Promise<void> {
  return runPgTool(tool, ['--format=custom', '--exclude-schema=keyring', `--snapshot=${snapshot}`, `--file=${file}`], url);
}

/**
 * One COPY text file per table, parents first, in a staging folder beside the
 * archive (same file system, sized for backups), then packed into a tar.gz.
 * Sequences are read last: they are not transactional, so their values are
 * at least those any copied row used.
 */
async function dumpWithCopy(client: pg.Client, tables: TableInfo[], file: string): Promise<void> {
  const staging = `${file}.staging`;
  await mkdir(path.join(staging, 'tables'), { recursive: true });
  try {
    const meta: CopyArchiveMeta = { tables: [], sequences: [] };
    for (const [i, table] of tables.entries()) {
      const name = `tables/${String(i).padStart(3, '0')}-${table.name}.copy`;
      const columns = table.columns.map(quoteIdent).join(', ');
      await pipeline(
        client.query(copyTo(`copy ${quoteIdent(table.name)} (${columns}) to stdout`)),
        createWriteStream(path.join(staging, name)),
      );
      meta.tables.push({ ...table, file: name });
    }
    meta.sequences = await sequenceStates(client);
    await writeFile(path.join(staging, 'meta.json'), JSON.stringify(meta, null, 2));
    await tar.c({ gzip: true, file, cwd: staging, portable: true }, ['meta.json', 'tables']);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
