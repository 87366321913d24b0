import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/domain/users/create-account.js';
import { mailedLink, tokenOf } from '../../support/mail.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const password = 'correct horse battery staple';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Issue 12: the account page's writes — name, e-mail address, and ending sessions. */
describe('account settings: name, e-mail, sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = async (email: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect(res.statusCode).toBe(200);
    return bearer(res.json().token);
  };
  const account = async () => {
    const email = `set-${randomUUID()}@example.org`;
    const user = await createAccount(t.deps, { email, password, name: 'Nia Name', role: 'customer', via: 'cli' });
    return { email, id: user.id, auth: await login(email) };
  };
  const me = async (auth: Record<string, string>) => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).json().user;

  it('renames the account; a blank name is a field error and changes nothing', async () => {
    const a = await account();
    const blank = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: a.auth, payload: { name: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.fields[0].field).toBe('body/name');
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: a.auth, payload: { name: '  Nia Newname ' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.name).toBe('Nia Newname');
    expect((await me(a.auth)).name).toBe('Nia Newname');
    const row = await t.deps.db.selectFrom('users').select('name_cipher').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.name_cipher).not.toContain('Newname');
  });

  it('changes the address with the password: unconfirmed at once, a link to the new address, a notice to the old one', async () => {
    const a = await account();
    const moved = `Moved-${randomUUID()}@Example.org`;
    await rm(path.join(t.deps.config.dataDir, 'mail', `email-verification-${a.id}.eml`), { force: true });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      headers: a.auth,
      payload: { email: moved, password: 'nope nope' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('body/password');
    expect((await me(a.auth)).email).toBe(a.email);

    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/email', headers: a.auth, payload: { email: moved, password } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: moved.toLowerCase(), emailVerified: false });
    // The new address signs in, the old one no longer does.
    await login(moved);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.email, password } })).statusCode).toBe(401);

    await expect.poll(() => mailedLink(t.deps, `email-verification-${a.id}`)).not.toBeNull();
    const verification = await readFile(path.join(t.deps.config.dataDir, 'mail', `email-verification-${a.id}.eml`), 'utf8');
    expect(verification).toContain(moved.toLowerCase());
    await expect
      .poll(() => readFile(path.join(t.deps.config.dataDir, 'mail', `email-changed-${a.id}.eml`), 'utf8').catch(() => ''))
      .toContain(a.email);
    const token = tokenOf((await mailedLink(t.deps, `email-verification-${a.id}`))!);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } })).statusCode).toBe(204);
    expect((await me(a.auth)).emailVerified).toBe(true);
  });

  it('refuses an address another account has (409, field error), and no write', async () => {
    const a = await account();
    const b = await account();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/email', headers: a.auth, payload: { email: b.email, password } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EMAIL_TAKEN');
    expect(res.json().error.details.fields[0].field).toBe('body/email');
    expect((await me(a.auth)).email).toBe(a.email);
  });

  it('signs out everywhere else, keeps this device; ends one own session; another account’s session is not found', async () => {
    const a = await account();
    const second = await login(a.email);
    const third = await login(a.email);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth })).json().sessions;
    expect(list).toHaveLength(3);
    const thirdId = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: third }))
      .json()
      .sessions.find((s: { current: boolean }) => s.current).id;

    const b = await account();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${thirdId}`, headers: b.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: third })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${thirdId}`, headers: a.auth })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: third })).statusCode).toBe(401);

    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions', headers: a.auth });
    expect(out.json()).toEqual({ revoked: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: second })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.auth })).statusCode).toBe(200);
  });
});
