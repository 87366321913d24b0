import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../context.js';
import { listBackups } from '../db/backup/backup-manifest.js';
import { withBackupLock } from '../db/backup/backup-lock.js';
import { createBackup, type BackupResult } from '../db/backup/create-backup.js';
import { runningEmbeddedUrl } from '../db/embedded-postgres.js';

const DAY_MS = 86_400_000;

export interface ScheduledBackupOptions {
  url: string;
  dir: string;
  keep: number;
  now: Date;
  /** A backup is due when the newest in `dir` is at least this old (default a day). */
  everyMs?: number;
}

/**
 * Takes a backup when the newest one in `dir` is a day old (or there is none),
 * under an advisory lock so that of several workers sharing the folder one
 * does it; the newest `keep` are kept. Returns null when nothing was due.
 */
export async function backupIfDue(opts: ScheduledBackupOptions): Promise<BackupResult | null> {
  const due = async (): Promise<boolean> => {
    const newest = (await listBackups(opts.dir))[0];
    return !newest || opts.now.getTime() - Date.parse(newest.manifest.createdAt) >= (opts.everyMs ?? DAY_MS);
  };
  if (!(await due())) return null;
  const result = await withBackupLock(opts.url, async () => {
    // Another worker may have finished one while we waited for the folder listing.
    if (!(await due())) return null;
    await removeLeftovers(opts.dir);
    return createBackup({ url: opts.url, dir: opts.dir, keep: opts.keep });
  });
  return result ?? null;
}

/** Files of a backup that died mid-way (process killed): never listed, only taking space. Safe under the lock. */
async function removeLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith('boxoffice-') && /\.(partial|staging)$/.test(name))
      await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

export interface BackupSchedule {
  stop(): Promise<void>;
}

/**
 * The worker's daily backup when BACKUP_DIR is set: checks every
 * `checkEveryMs` (default 15 minutes, first a minute after start) whether one
 * is due. Stopping waits for a backup under way; a process killed during one
 * leaves only unlisted leftovers that the next run removes.
 */
export function startBackupSchedule(deps: Deps, opts: { checkEveryMs?: number; firstCheckMs?: number } = {}): BackupSchedule {
  const dir = deps.config.backupDir;
  if (!dir) return { stop: async () => {} };
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const check = async (): Promise<void> => {
    const url = deps.config.databaseUrl ?? (await runningEmbeddedUrl(deps.config.dataDir));
    if (!url) return;
    const result = await backupIfDue({ url, dir, keep: deps.config.backupKeep ?? 7, now: deps.clock.now() });
    if (result) {
      deps.logger.info({ archive: result.archivePath, ms: result.manifest.durationMs, pruned: result.pruned }, 'scheduled backup written');
    }
  };
  const timer = setInterval(() => run(), opts.checkEveryMs ?? 15 * 60_000);
  const first = setTimeout(() => run(), opts.firstCheckMs ?? 60_000);
  timer.unref();
  first.unref();
  function run(): void {
    if (stopped) return;
    current = current.then(check).catch((e: unknown) => deps.logger.error({ err: e }, 'scheduled backup failed; next check retries'));
  }
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await current;
    },
  };
}
