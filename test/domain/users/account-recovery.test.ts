import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/clock.js';
import { mailedLink as mailed, tokenOf } from '../../support/mail.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const password = 'violet kettle drums at noon 42';
const newPassword = 'seven amber lanterns over harbour 19';

const mailedLink = (t: TestApp, key: string) => mailed(t.deps, key);

describe('password reset and e-mail verification', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await createTestApp({ clock, config: { publicUrl: 'https://tickets.example.org' } });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  async function register() {
    const email = `recover-${Math.random().toString(36).slice(2)}@test.boxoffice`;
    const res = await post('/auth/register', { email, password, name: 'Rae Cover' });
    expect(res.statusCode).toBe(201);
    const { user, token } = res.json();
    await rm(path.join(t.deps.config.dataDir, 'mail', `password-reset-${user.id}.eml`), { force: true });
    return { email, id: user.id as string, auth: { authorization: `Bearer ${token}` } };
  }

  it('mails a single-use reset link to a known address and says the same for an unknown one', async () => {
    const u = await register();
    const known = await post('/auth/password-reset', { email: u.email.toUpperCase() }, { host: 'evil.example' });
    const unknown = await post('/auth/password-reset', { email: 'nobody-here@test.boxoffice' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());

    await expect.poll(() => mailedLink(t, `password-reset-${u.id}`)).not.toBeNull();
    const link = (await mailedLink(t, `password-reset-${u.id}`))!;
    // From PUBLIC_URL, never from the Host header a caller sent.
    expect(link.startsWith('https://tickets.example.org/reset-password#token=')).toBe(true);

    // A weak password is refused and leaves the token usable.
    const weak = await post('/auth/password-reset/confirm', { token: tokenOf(link), newPassword: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields[0].field).toBe('body/newPassword');

    const ok = await post('/auth/password-reset/confirm', { token: tokenOf(link), newPassword });
    expect(ok.statusCode).toBe(204);
    // Every session ended; the old password is gone, the new one works, the address counts as confirmed.
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.auth })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: u.email, password })).statusCode).toBe(401);
    const signedIn = await post('/auth/login', { email: u.email, password: newPassword });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.emailVerified).toBe(true);

    const again = await post('/auth/password-reset/confirm', { token: tokenOf(link), newPassword: `${newPassword}!` });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.fields).toEqual([{ field: 'body/token', code: 'invalid', message: 'is invalid, used or expired' }]);
  });

  it('lets exactly one of many racing uses of a token through', async () => {
    const u = await register();
    await post('/auth/password-reset', { email: u.email });
    await expect.poll(() => mailedLink(t, `password-reset-${u.id}`)).not.toBeNull();
    const token = tokenOf((await mailedLink(t, `password-reset-${u.id}`))!);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post('/auth/password-reset/confirm', { token, newPassword: `${newPassword} ${i}` })),
    );
    expect(results.filter((r) => r.statusCode === 204)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 400)).toHaveLength(9);
  });

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const u = await register();
    await post('/auth/password-reset', { email: u.email });
    await expect.poll(() => mailedLink(t, `password-reset-${u.id}`)).not.toBeNull();
    const first = tokenOf((await mailedLink(t, `password-reset-${u.id}`))!);
    await rm(path.join(t.deps.config.dataDir, 'mail', `password-reset-${u.id}.eml`));
    await post('/auth/password-reset', { email: u.email });
    await expect.poll(() => mailedLink(t, `password-reset-${u.id}`)).not.toBeNull();
    const second = tokenOf((await mailedLink(t, `password-reset-${u.id}`))!);
    expect((await post('/auth/password-reset/confirm', { token: first, newPassword })).statusCode).toBe(400);

    clock.advance(61 * 60_000);
    try {
      expect((await post('/auth/password-reset/confirm', { token: second, newPassword })).statusCode).toBe(400);
    } finally {
      clock.advance(-61 * 60_000);
    }
  });

  it('confirms the address from the link mailed at sign-up, and resends only while unconfirmed', async () => {
    const u = await register();
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.auth })).json().user.emailVerified).toBe(false);
    await expect.poll(() => mailedLink(t, `email-verification-${u.id}`)).not.toBeNull();
    const link = (await mailedLink(t, `email-verification-${u.id}`))!;
    expect(link.startsWith('https://tickets.example.org/verify-email#token=')).toBe(true);

    // A resend replaces the first link.
    const resent = await post('/me/email-verification', {}, u.auth);
    expect(resent.json()).toEqual({ sent: true });
    expect((await post('/auth/verify-email', { token: tokenOf(link) })).statusCode).toBe(400);
    const fresh = (await mailedLink(t, `email-verification-${u.id}`))!;
    expect((await post('/auth/verify-email', { token: tokenOf(fresh) })).statusCode).toBe(204);

    expect((await t.app.inject({ url: '/api/v1/me', headers: u.auth })).json().user.emailVerified).toBe(true);
    expect((await post('/me/email-verification', {}, u.auth)).json()).toEqual({ sent: false });
    // A password-reset token is not an e-mail token, and the reverse.
    expect((await post('/auth/password-reset/confirm', { token: tokenOf(fresh), newPassword })).statusCode).toBe(400);
  });

  it('refuses malformed tokens with a field message and mails nothing for an erased account', async () => {
    const bad = await post('/auth/verify-email', { token: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('body/token');

    const u = await register();
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: u.auth, payload: { email: u.email } })).statusCode).toBe(
      202,
    );
    expect((await post('/auth/password-reset', { email: u.email })).statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(await mailedLink(t, `password-reset-${u.id}`)).toBeNull();
  });
});
