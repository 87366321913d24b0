import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('CLI basics a newcomer trips on', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-cli-basics-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('--help and -h print the usage and exit 0; no command is a usage error (exit 1, usage on stderr)', async () => {
    const flags = ['--help', '-h', 'help'];
    const [none, ...helped] = await Promise.all(
      [[], ...flags.map((f) => [f])].map((args) => runCli(args, { BOXOFFICE_DATA_DIR: dataDir })),
    );
    helped.forEach((r, i) => {
      expect(r.code, flags[i]).toBe(0);
      expect(r.stdout).toContain('Usage: npm run cli');
    });
    expect(none?.code).toBe(1);
    expect(none?.stdout).toBe('');
    expect(none?.stderr).toContain('Usage: npm run cli');
  }, 180_000);

  it('verify --json prints only JSON on stdout, even with info logging on', async () => {
    const r = await runCli(['verify', '--json'], { BOXOFFICE_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
  });

  it('serve on a taken port fails with a hint before starting the embedded database (it used to fail after the seed, leaving it running)', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const embeddedDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-port-'));
    try {
      // No DATABASE_URL: the embedded server would be initialised in embeddedDir if serve got that far.
      const r = await runCli(['serve'], { BOXOFFICE_DATA_DIR: embeddedDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('PORT=');
      expect(await readdir(embeddedDir)).toEqual([]);
    } finally {
      taken.close();
      await rm(embeddedDir, { recursive: true, force: true });
    }
  });
});
