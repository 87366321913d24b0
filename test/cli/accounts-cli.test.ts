import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('CLI: user create', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-cli-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]): Promise<CliResult> => runCli(['user', 'create', ...args], { BOXOFFICE_DATA_DIR: dataDir });

  it('creates an admin who can then log in over HTTP; a second create with that email exits 2', async () => {
    const email = `Operator-${randomUUID()}@Example.org`;
    const created = await cli('--email', email, '--password', 'operator password', '--role', 'admin', '--name', 'Olga Operator');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const normalised = email.toLowerCase();
    expect(created.stdout).toContain(normalised);
    const id = /([0-9a-f-]{36})/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: normalised, password: 'operator password' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toEqual({ id, email: normalised, name: 'Olga Operator', roles: ['admin'], emailVerified: false });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', id!).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'user.created', actor_id: null, details: { role: 'admin', via: 'cli' } });

    const again = await cli('--email', normalised, '--password', 'another password', '--role', 'customer');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('exits 2 with a clear message for a bad role, a missing flag or a short password, and writes nothing', async () => {
    const email = `nobody-${randomUUID()}@example.org`;
    const badRole = await cli('--email', email, '--password', 'long enough password', '--role', 'superuser');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Unknown role "superuser".*customer, organizer, admin, scanner/);

    const missing = await cli('--email', email, '--role', 'customer');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing --password/);

    const noValue = await cli('--email', email, '--password', '--role', 'customer');
    expect(noValue.code).toBe(2);

    const short = await cli('--email', email, '--password', 'short', '--role', 'customer');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password must be 8 to 256 characters/);

    const rows = await t.deps.db.selectFrom('users').select('id').where('email_hash', '=', t.deps.pii.blindIndex(email)).execute();
    expect(rows).toEqual([]);
  });
});
