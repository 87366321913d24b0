import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/domain/users/create-account.js';
import { LOGIN_CHALLENGE_ATTEMPTS } from '../../../src/domain/users/totp-login.js';
import { totpCodeAt } from '../../../src/security/totp.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const password = 'correct horse battery staple';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Issue 12: optional TOTP sign-in for organizers and admins, end to end through the HTTP API. */
describe('two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t?.close());

  const account = async (role: 'customer' | 'organizer' | 'admin' = 'organizer') => {
    const email = `totp-${randomUUID()}@example.org`;
    const user = await createAccount(t.deps, { email, password, name: 'Tia Totp', role, via: 'cli' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect(login.statusCode).toBe(200);
    return { email, id: user.id, auth: bearer(login.json().token) };
  };
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload, headers });
  const nextStep = () => clock.advance(30_000);

  /** Enrols and confirms, answering the secret and the recovery codes. */
  async function enrol(auth: Record<string, string>) {
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: auth });
    expect(started.statusCode).toBe(200);
    const { secret, uri, qrDataUrl } = started.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirmed = await post('/api/v1/me/totp/confirm', { code: totpCodeAt(secret, clock.now()) }, auth);
    expect(confirmed.statusCode).toBe(200);
    return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[] };
  }

  async function challengeFor(email: string): Promise<string> {
    const res = await post('/api/v1/auth/login', { email, password });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('TOTP_REQUIRED');
    expect(res.headers['set-cookie']).toBeUndefined();
    return res.json().error.details.challenge;
  }

  it('is off until a code confirms it; the secret is stored sealed, never as given', async () => {
    const a = await account();
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: a.auth });
    const { secret } = started.json();
    // Not yet confirmed: sign-in needs only the password.
    expect((await post('/api/v1/auth/login', { email: a.email, password })).statusCode).toBe(200);
    const row = await t.deps.db.selectFrom('user_totp').selectAll().where('user_id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.secret_cipher).not.toContain(secret);
    expect(await t.deps.pii.open(row.secret_cipher)).toBe(secret);

    const wrong = await post(
      '/api/v1/me/totp/confirm',
      { code: '000000' === totpCodeAt(secret, clock.now()) ? '111111' : '000000' },
      a.auth,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('body/code');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/totp', headers: a.auth })).json()).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
    });
  });

  it('signs in with password then code: no session before the code, a replayed code and a wrong code are 401', async () => {
    const a = await account();
    const { secret } = await enrol(a.auth);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/totp', headers: a.auth })).json()).toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    const sessionsBefore = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth })).json().sessions.length;

    nextStep();
    const challenge = await challengeFor(a.email);
    const sessionsAfterStepOne = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a.auth })).json().sessions
      .length;
    expect(sessionsAfterStepOne).toBe(sessionsBefore);

    const code = totpCodeAt(secret, clock.now());
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await post('/api/v1/auth/login/totp', { challenge, code: wrongCode });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');

    const ok = await post('/api/v1/auth/login/totp', { challenge, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.email).toBe(a.email);
    expect(ok.headers['set-cookie']).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(ok.json().token) })).statusCode).toBe(200);

    // The same code again, on a fresh challenge and within its 30 seconds: a replay.
    const again = await post('/api/v1/auth/login/totp', { challenge: await challengeFor(a.email), code });
    expect(again.statusCode).toBe(401);
    // The used challenge cannot be spent again either.
    const reused = await post('/api/v1/auth/login/totp', { challenge, code: totpCodeAt(secret, new Date(clock.now().getTime() + 30_000)) });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.details).toEqual({ restart: true });
  });

  it('lets exactly one of many parallel requests with the same code in', async () => {
    const a = await account();
    const { secret } = await enrol(a.auth);
    nextStep();
    const challenges = await Promise.all(Array.from({ length: 10 }, () => challengeFor(a.email)));
    const code = totpCodeAt(secret, clock.now());
    const answers = await Promise.all(challenges.map((challenge) => post('/api/v1/auth/login/totp', { challenge, code })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(9).fill(401)]);
  });

  it('takes a few wrong codes per challenge, then asks for the password again', async () => {
    const a = await account();
    const { secret } = await enrol(a.auth);
    nextStep();
    const challenge = await challengeFor(a.email);
    const right = totpCodeAt(secret, clock.now());
    const wrong = String((Number(right) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < LOGIN_CHALLENGE_ATTEMPTS; i++) {
      expect((await post('/api/v1/auth/login/totp', { challenge, code: wrong })).json().error.details).toBeUndefined();
    }
    const late = await post('/api/v1/auth/login/totp', { challenge, code: right });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.details).toEqual({ restart: true });
    // An expired challenge is as dead.
    const old = await challengeFor(a.email);
    clock.advance(6 * 60_000);
    expect((await post('/api/v1/auth/login/totp', { challenge: old, code: totpCodeAt(secret, clock.now()) })).statusCode).toBe(401);
  });

  it('accepts each recovery code once in place of the app', async () => {
    const a = await account('admin');
    const { recoveryCodes } = await enrol(a.auth);
    const code = recoveryCodes[0]!;
    const ok = await post('/api/v1/auth/login/totp', { challenge: await challengeFor(a.email), code: code.toUpperCase() });
    expect(ok.statusCode).toBe(200);
    expect((await post('/api/v1/auth/login/totp', { challenge: await challengeFor(a.email), code })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/totp', headers: a.auth })).json().recoveryCodesLeft).toBe(9);
    const hashes = await t.deps.db.selectFrom('totp_recovery_codes').select('code_hash').where('user_id', '=', a.id).execute();
    expect(hashes.map((h) => h.code_hash.toString('utf8')).join()).not.toContain(code.replaceAll('-', ''));
  });

  it('turns off with a current code or the password, not with neither or a wrong one', async () => {
    const a = await account();
    const { secret } = await enrol(a.auth);
    const del = (payload: object) => t.app.inject({ method: 'DELETE', url: '/api/v1/me/totp', headers: a.auth, payload });
    expect((await del({})).statusCode).toBe(400);
    expect((await del({ password: 'not the password' })).statusCode).toBe(400);
    // The confirming code was used: it cannot turn it off.
    expect((await del({ code: totpCodeAt(secret, clock.now()) })).statusCode).toBe(400);
    nextStep();
    expect((await del({ code: totpCodeAt(secret, clock.now()) })).statusCode).toBe(204);
    expect((await post('/api/v1/auth/login', { email: a.email, password })).statusCode).toBe(200);

    await enrol(a.auth);
    expect((await del({ password })).statusCode).toBe(204);
    expect((await post('/api/v1/auth/login', { email: a.email, password })).statusCode).toBe(200);
  });

  it('the export says it is on (never the secret); erasure removes the secret, codes and challenges', async () => {
    const a = await account();
    const { secret } = await enrol(a.auth);
    await challengeFor(a.email);
    const exported = await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: a.auth });
    expect(exported.json().sections.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(exported.body).not.toContain(secret);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: a.auth, payload: { email: a.email } })).statusCode).toBe(
      202,
    );
    for (const table of ['user_totp', 'totp_recovery_codes', 'login_challenges'] as const) {
      const rows = await t.deps.db.selectFrom(table).select('user_id').where('user_id', '=', a.id).execute();
      expect(rows, table).toEqual([]);
    }
  });

  it('refuses customers (403) and a second set-up while one is on (409)', async () => {
    const c = await account('customer');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: c.auth })).statusCode).toBe(403);
    expect((await post('/api/v1/me/totp/confirm', { code: '123456' }, c.auth)).statusCode).toBe(403);
    const o = await account();
    await enrol(o.auth);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: o.auth })).statusCode).toBe(409);
  });
});
