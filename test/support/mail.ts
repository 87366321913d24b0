import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../../src/context.js';

/** The link with a `#token=` in a mail the file mailer wrote (quoted-printable undone), or null while it has not arrived. */
export async function mailedLink(deps: Pick<Deps, 'config'>, key: string): Promise<string | null> {
  const eml = await readFile(path.join(deps.config.dataDir, 'mail', `${key}.eml`), 'utf8').catch(() => null);
  if (eml === null) return null;
  const body = eml.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(body)?.[0] ?? null;
}

export const tokenOf = (link: string): string => link.split('#token=')[1]!;
