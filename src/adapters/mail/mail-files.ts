import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The file mailer's `.eml` files seen as personal data: found by their `To:`
 * header, exported, purged on erasure and aged out by the retention job.
 * (With SMTP nothing is kept here; the mail provider's own retention applies.)
 */

export interface MailFile {
  file: string;
  to: string;
  subject: string;
  writtenAt: Date;
  /** The whole message as sent (headers, text, HTML, attachments in MIME). */
  content: string;
}

async function emlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  return names.filter((n) => n.endsWith('.eml')).sort();
}

/** A header's value, unfolded; nodemailer writes ASCII addresses as they are. */
function header(content: string, name: string): string {
  const head = content.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return (match?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ').trim();
}

const addressed = (content: string, address: string): boolean =>
  header(content, 'To')
    .toLowerCase()
    .split(/[,\s<>]+/)
    .includes(address.toLowerCase());

export async function mailFilesTo(dir: string, address: string): Promise<MailFile[]> {
  const found: MailFile[] = [];
  for (const name of await emlFiles(dir)) {
    const file = path.join(dir, name);
    const content = await readFile(file, 'utf8').catch(() => null);
    if (content === null || !addressed(content, address)) continue;
    const { mtime } = await stat(file);
    found.push({ file: name, to: address, subject: header(content, 'Subject'), writtenAt: mtime, content });
  }
  return found;
}

/** Deletes every message to `address`; answers how many. */
export async function purgeMailFilesTo(dir: string, address: string): Promise<number> {
  const files = await mailFilesTo(dir, address);
  await Promise.all(files.map((f) => rm(path.join(dir, f.file), { force: true })));
  return files.length;
}

/** Deletes messages written before `before`; answers how many. */
export async function purgeMailFilesBefore(dir: string, before: Date): Promise<number> {
  let removed = 0;
  for (const name of await emlFiles(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && info.mtime < before) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Where the file mailer writes, or null when mail goes out over SMTP. */
export const mailDirOf = (config: { smtpUrl: string | undefined; dataDir: string }): string | null =>
  config.smtpUrl ? null : path.join(config.dataDir, 'mail');
