import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { createAuthTokens } from '../../../src/security/auth-tokens.js';
import { ManualClock, createTestApp, type TestApp } from '../../support/test-app.js';

const uniqueEmail = (): string => `acc-${randomUUID()}@example.org`;

describe('accounts: register, log in, me', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2031-03-01T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  const register = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body as object });
  const login = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body as object });
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  const rowsFor = (email: string) =>
    t.deps.db.selectFrom('users').selectAll().where('email_hash', '=', t.deps.pii.blindIndex(email)).execute();

  it('registers a customer, logs in and reads /me with either token', async () => {
    const email = uniqueEmail();
    const reg = await register({ email: `  ${email.toUpperCase()} `, password: 'correct horse battery', name: 'Ada Lovelace' });
    expect(reg.statusCode).toBe(201);
    const body = reg.json();
    expect(body.user).toEqual({ id: expect.any(String), email, name: 'Ada Lovelace', roles: ['customer'], emailVerified: false });
    expect(body.token).toEqual(expect.any(String));

    const rows = await rowsFor(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.roles).toEqual(['customer']);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);

    const logged = await login({ email: email.toUpperCase(), password: 'correct horse battery' });
    expect(logged.statusCode).toBe(200);
    expect(logged.json().user).toEqual(body.user);

    for (const token of [body.token, logged.json().token]) {
      const res = await me(token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ user: body.user });
    }
  });

  it('rejects a registration that tries to choose its own role', async () => {
    const email = uniqueEmail();
    const res = await register({ email, password: 'long enough pw', name: 'Mallory', roles: ['admin'] });
    expect(res.statusCode).toBe(400);
    expect(await rowsFor(email)).toHaveLength(0);
  });

  it('answers a second registration of the same email, in any case, with 409 EMAIL_TAKEN', async () => {
    const email = uniqueEmail();
    expect((await register({ email, password: 'first of two passphrases', name: 'First' })).statusCode).toBe(201);
    for (const again of [email, email.toUpperCase(), ` ${email.replace(/^a/, 'A')}`]) {
      const res = await register({ email: again, password: 'second of two passphrases', name: 'Second' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('EMAIL_TAKEN');
    }
    const rows = await rowsFor(email);
    expect(rows).toHaveLength(1);
    expect(await t.deps.pii.open(rows[0]!.name_cipher!)).toBe('First');
  });

  it('lets exactly one of 20 simultaneous registrations of one email through', async () => {
    const email = uniqueEmail();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        register({ email: i % 2 ? email : email.toUpperCase(), password: `racing passphrase ${i}`, name: `Racer ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('EMAIL_TAKEN');
    expect(await rowsFor(email)).toHaveLength(1);
  });

  it('gives the same 401 INVALID_CREDENTIALS for a wrong password and an unknown email', async () => {
    const email = uniqueEmail();
    await register({ email, password: 'the right one', name: 'Bob' });
    const wrong = await login({ email, password: 'the wrong one' });
    const unknown = await login({ email: uniqueEmail(), password: 'the right one' });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('does not store the email or the name in plaintext anywhere in the users row or audit log', async () => {
    const email = uniqueEmail();
    const name = `Grace Hopper ${randomUUID()}`;
    const reg = await register({ email, password: 'compiler-1952', name });
    const id = reg.json().user.id;
    const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const stored = JSON.stringify({ ...row, email_hash: row.email_hash?.toString('latin1') }).toLowerCase();
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(name.toLowerCase());
    expect(stored).not.toContain(email.split('@')[0]);
    expect(await t.deps.pii.open(row.email_cipher!)).toBe(email);
    expect(await t.deps.pii.open(row.name_cipher!)).toBe(name);
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'consent.granted']);
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('refuses /me without a token, with a tampered or foreign token, and after the token expires', async () => {
    const reg = await register({ email: uniqueEmail(), password: 'tick tock clock', name: 'Tempus' });
    const { token } = reg.json();
    expect((await me(token)).statusCode).toBe(200);

    const [head, payload, signature] = token.split('.');
    const flipped = signature[0] === 'A' ? 'B' : 'A';
    const tampered = [`${head}.${payload}.${flipped}${signature.slice(1)}`];
    // Same claims (the live session included), signed with another secret; and an admin claim grafted onto the real signature.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const foreign = await createAuthTokens('another-secret-another-secret-0123456789', clock).issue({
      userId: reg.json().user.id,
      sessionId: claims.sid,
      expiresAt: new Date(claims.exp * 1000),
    });
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`;
    const unsigned = createSigner({ key: Buffer.alloc(32), algorithm: 'HS256' })({ roles: ['admin'], sub: reg.json().user.id });
    for (const bad of [...tampered, foreign, forged, unsigned, 'not-a-jwt']) {
      const res = await me(bad);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(none.statusCode).toBe(401);
    const wrongScheme = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Basic ${token}` } });
    expect(wrongScheme.statusCode).toBe(401);

    clock.advance(t.deps.config.tokenTtlSeconds * 1000 + 1000);
    const expired = await me(token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('documents the account routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.paths['/api/v1/auth/register'].post.tags).toEqual(['accounts']);
    expect(doc.paths['/api/v1/auth/login'].post.tags).toEqual(['accounts']);
    for (const [path, method] of [
      ['/api/v1/me', 'get'],
      ['/api/v1/me/export', 'get'],
      ['/api/v1/me', 'delete'],
      ['/api/v1/admin/users', 'get'],
      ['/api/v1/admin/users/{id}', 'get'],
    ] as const) {
      expect(doc.paths[path][method].tags).toEqual(['accounts']);
      expect(doc.paths[path][method].security).toEqual([{ bearer: [] }]);
    }
  });
});
