import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { TableFigures } from './table-catalog.js';

/**
 * `pg_dump`: a pg_dump custom-format archive (restored by pg_restore).
 * `copy`: a tar.gz of one COPY text file per table taken in one snapshot, for
 * servers no installed pg_dump can dump (the embedded PostgreSQL 18 ships no
 * client programs); restore rebuilds the schema with Boxoffice's migrations.
 */
export type BackupFormat = 'pg_dump' | 'copy';

export interface BackupManifest {
  kind: 'boxoffice-backup';
  manifestVersion: 1;
  /** When the snapshot was taken (ISO 8601 UTC). */
  createdAt: string;
  /** Latest migration applied in the backed-up database. */
  schemaVersion: string;
  format: BackupFormat;
  /** What wrote the archive: pg_dump's version line, or pg-copy-streams. */
  tool: string;
  /** Major version of pg_dump for `pg_dump` archives: pg_restore must be at least this. */
  toolMajor: number | null;
  server: { version: string; major: number };
  database: string;
  archive: { file: string; bytes: number; sha256: string };
  /** Row count and checksum of every table, from the snapshot the archive holds. */
  tables: Record<string, TableFigures>;
  durationMs: number;
}

const MANIFEST_SUFFIX = '.manifest.json';
const ARCHIVE_SUFFIXES: Record<BackupFormat, string> = { pg_dump: '.pgdump', copy: '.tar.gz' };

/** `boxoffice-2026-01-31T03-00-00-000Z`: sorts by time, safe on every file system. */
export function backupBaseName(at: Date): string {
  return `boxoffice-${at.toISOString().replace(/[:.]/g, '-')}`;
}

export const archiveName = (base: string, format: BackupFormat): string => base + ARCHIVE_SUFFIXES[format];
export const manifestName = (base: string): string => base + MANIFEST_SUFFIX;

/** The manifest for `--from`: given the manifest itself, or the archive beside it. */
export function manifestPathFor(from: string): string {
  if (from.endsWith(MANIFEST_SUFFIX)) return from;
  for (const suffix of Object.values(ARCHIVE_SUFFIXES)) if (from.endsWith(suffix)) return from.slice(0, -suffix.length) + MANIFEST_SUFFIX;
  return from + MANIFEST_SUFFIX;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Written last and atomically: a backup without its manifest is incomplete and never listed. */
export async function writeManifest(dir: string, base: string, manifest: BackupManifest): Promise<string> {
  const file = path.join(dir, manifestName(base));
  await writeFile(`${file}.partial`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.partial`, file);
  return file;
}

export class BackupError extends Error {}

export async function readManifest(file: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new BackupError(`No backup manifest at ${file} (expected beside the archive)`);
  const manifest = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
  if (manifest.kind !== 'boxoffice-backup' || manifest.manifestVersion !== 1)
    throw new BackupError(`${file} is not a Boxoffice backup manifest`);
  return manifest;
}

export interface ListedBackup {
  manifestPath: string;
  manifest: BackupManifest;
}

/** Complete backups in `dir`, newest first. */
export async function listBackups(dir: string): Promise<ListedBackup[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.startsWith('boxoffice-') && n.endsWith(MANIFEST_SUFFIX));
  const listed: ListedBackup[] = [];
  for (const name of names) {
    const manifestPath = path.join(dir, name);
    try {
      listed.push({ manifestPath, manifest: await readManifest(manifestPath) });
    } catch {
      // A manifest we cannot read is not ours to judge (or delete).
    }
  }
  return listed.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/** Keeps the newest `keep` backups in `dir` and deletes the rest (archive and manifest); returns what was deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const removed: string[] = [];
  for (const old of (await listBackups(dir)).slice(keep)) {
    // Manifest first: a crash in between leaves an unlisted archive, never a listed backup without its data.
    await rm(old.manifestPath, { force: true });
    await rm(path.join(dir, old.manifest.archive.file), { force: true });
    removed.push(old.manifest.archive.file);
  }
  return removed;
}
