import path from 'node:path';
import type { Config } from '../config.js';
import { BackupError, type BackupFormat } from '../db/backup/backup-manifest.js';
import { createBackup } from '../db/backup/create-backup.js';
import { restoreBackup } from '../db/backup/restore-backup.js';
import type { Logger } from '../logger.js';
import { migrate, openDatabase } from '../runtime.js';
import type { Flags } from './commands.js';

/** Where `backup` writes without --out: BACKUP_DIR, else the data folder's backups/. */
export const defaultBackupDir = (config: Config): string => config.backupDir ?? path.join(config.dataDir, 'backups');

/** `npm run cli -- backup [--out DIR] [--keep N] [--format auto|pg_dump|copy]` */
export async function backupCommand(config: Config, logger: Logger, flags: Flags): Promise<number> {
  const keep = flags.keep === undefined ? undefined : Number(flags.keep);
  if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1)) return usageError('--keep takes a whole number of backups, 1 or more');
  const format = flags.format ?? 'auto';
  if (format !== 'auto' && format !== 'pg_dump' && format !== 'copy') return usageError('--format is auto, pg_dump or copy');
  const dir = path.resolve(typeof flags.out === 'string' ? flags.out : defaultBackupDir(config));
  const database = await openDatabase(config, logger, { poolSize: 1 });
  try {
    const { manifest, archivePath, manifestPath, pruned } = await createBackup({
      url: database.url,
      dir,
      format: format as BackupFormat | 'auto',
      keep,
    });
    const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
    console.log(`backup ${archivePath}`);
    console.log(`  manifest ${manifestPath}`);
    console.log(
      `  ${manifest.format} format by ${manifest.tool.split('\n')[0]}; PostgreSQL ${manifest.server.version}, schema ${manifest.schemaVersion}, ` +
        `${Object.keys(manifest.tables).length} tables, ${rows} rows, ${formatBytes(manifest.archive.bytes)}, ${manifest.durationMs} ms`,
    );
    for (const file of pruned) console.log(`  removed old backup ${file} (keeping ${keep})`);
    return 0;
  } catch (e) {
    return failed(e);
  } finally {
    await database.close();
  }
}

/** `npm run cli -- restore --from FILE [--force]`: into an empty database; then migrates to this build's schema. */
export async function restoreCommand(config: Config, logger: Logger, flags: Flags): Promise<number> {
  if (typeof flags.from !== 'string') return usageError('restore needs --from FILE (the archive or its .manifest.json)');
  const database = await openDatabase(config, logger, { poolSize: 2 });
  try {
    const { manifest, replaced } = await restoreBackup({ url: database.url, from: flags.from, force: flags.force === true });
    const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
    console.log(
      `restored ${manifest.archive.file} taken ${manifest.createdAt}${replaced ? ' (previous contents replaced)' : ''}: ` +
        `${Object.keys(manifest.tables).length} tables, ${rows} rows; row counts and checksums match the manifest`,
    );
    await migrate(database.db, logger);
    return 0;
  } catch (e) {
    return failed(e);
  } finally {
    await database.close();
  }
}

function usageError(message: string): number {
  console.error(message);
  return 2;
}

function failed(e: unknown): number {
  if (!(e instanceof BackupError)) throw e;
  console.error(e.message);
  return 1;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}
