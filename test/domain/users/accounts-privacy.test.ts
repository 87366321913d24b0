import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('accounts: export, erasure and audited admin look-up (invariant 6)', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    admin = await createUser(t.deps, ['admin']);
  });
  afterAll(() => t.close());

  async function signUp(name = 'Export Me'): Promise<{ id: string; email: string; token: string; auth: { authorization: string } }> {
    const email = `privacy-${randomUUID()}@example.org`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'private parts', name } });
    expect(res.statusCode).toBe(201);
    const { user, token } = res.json();
    return { id: user.id, email, token, auth: { authorization: `Bearer ${token}` } };
  }
  const auditRows = (subjectId: string) =>
    t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute();

  it('exports the caller’s personal data, including the email and what happened to the account', async () => {
    const u = await signUp('Ada Export');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: u.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = res.json();
    expect(data.user).toEqual({
      id: u.id,
      email: u.email,
      name: 'Ada Export',
      roles: ['customer'],
      emailVerified: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(data)).toContain(u.email);
    expect(data.activity.map((a: { action: string }) => a.action)).toEqual(['user.created', 'consent.granted']);
    // A new account holds nothing yet beyond its consent to the terms, its session and a two-factor switch that is off (test/domain/privacy has a fan with orders).
    expect(Object.keys(data.sections).sort()).toEqual([
      'accessCodes',
      'audit',
      'consents',
      'holds',
      'mail',
      'orders',
      'payments',
      'scans',
      'sessions',
      'tickets',
      'transfers',
      'twoFactor',
      'waitingList',
    ]);
    expect(data.sections.consents).toEqual([
      { purpose: 'terms', wordingVersion: expect.any(String), grantedAt: expect.any(String), withdrawnAt: null },
    ]);
    expect(data.sections.orders).toEqual([]);
    expect(data.sections.twoFactor).toEqual({ enabled: false });
    expect(new Date(data.exportedAt).getTime()).not.toBeNaN();
  });

  it('refuses the export without a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/export' });
    expect(res.statusCode).toBe(401);
  });

  it('erases personal data on DELETE /me, keeps the id, audits it, and the old token stops working', async () => {
    const u = await signUp('Erase Me');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: u.auth, payload: { email: u.email } });
    expect(del.statusCode).toBe(202);
    expect(del.json()).toEqual({ status: 'erased', erasedAt: expect.any(String) });

    const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email_hash: null, email_cipher: null, name_cipher: null, password_hash: null });
    expect(row.erased_at).toBeInstanceOf(Date);
    expect((await auditRows(u.id)).map((a) => [a.action, a.actor_id])).toEqual([
      ['user.created', u.id],
      ['consent.granted', u.id],
      ['user.erased', u.id],
    ]);

    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/me/export'],
      ['DELETE', '/api/v1/me'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: u.auth });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'private parts' } });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('INVALID_CREDENTIALS');

    // The address is free again; the new account is a different person to us.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: u.email, password: 'a new start', name: 'New' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().user.id).not.toBe(u.id);
  });

  it('lets an admin look a user up by email or id, and audits every look-up without storing the email', async () => {
    const u = await signUp('Looked At');
    const byEmail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/users?email=${encodeURIComponent(u.email.toUpperCase())}`,
      headers: admin.auth,
    });
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.json().user).toEqual({
      id: u.id,
      email: u.email,
      name: 'Looked At',
      roles: ['customer'],
      createdAt: expect.any(String),
      erasedAt: null,
    });

    const byId = await t.app.inject({ method: 'GET', url: `/api/v1/admin/users/${u.id}`, headers: admin.auth });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().user.email).toBe(u.email);

    const viewed = (await auditRows(u.id)).filter((a) => a.action === 'user.viewed');
    expect(viewed.map((a) => [a.actor_id, a.details])).toEqual([
      [admin.id, { via: 'email' }],
      [admin.id, { via: 'id' }],
    ]);
    expect(JSON.stringify(viewed)).not.toContain(u.email);

    // The user can see that an admin looked.
    const exported = (await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: u.auth })).json();
    expect(exported.activity.map((a: { action: string }) => a.action)).toEqual([
      'user.created',
      'consent.granted',
      'user.viewed',
      'user.viewed',
    ]);
  });

  it('shows an erased account to an admin by id only, as a pseudonym', async () => {
    const u = await signUp();
    await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: u.auth, payload: { email: u.email } });
    const byId = await t.app.inject({ method: 'GET', url: `/api/v1/admin/users/${u.id}`, headers: admin.auth });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().user).toMatchObject({ id: u.id, email: null, name: null, erasedAt: expect.any(String) });
    const byEmail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/users?email=${encodeURIComponent(u.email)}`,
      headers: admin.auth,
    });
    expect(byEmail.statusCode).toBe(404);
  });

  it('forbids the look-up to non-admins and writes no audit row for them', async () => {
    const u = await signUp();
    for (const roles of [['customer'], ['organizer'], ['scanner']] as const) {
      const caller = await createUser(t.deps, [...roles]);
      for (const url of [`/api/v1/admin/users/${u.id}`, `/api/v1/admin/users?email=${encodeURIComponent(u.email)}`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: caller.auth });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/admin/users/${u.id}` });
    expect(anonymous.statusCode).toBe(401);
    expect((await auditRows(u.id)).filter((a) => a.action === 'user.viewed')).toEqual([]);
  });

  it('answers unknown users with 404 and malformed look-ups with 400', async () => {
    const unknownId = await t.app.inject({ method: 'GET', url: `/api/v1/admin/users/${randomUUID()}`, headers: admin.auth });
    expect(unknownId.statusCode).toBe(404);
    const unknownEmail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/users?email=nobody-${randomUUID()}@example.org`,
      headers: admin.auth,
    });
    expect(unknownEmail.statusCode).toBe(404);
    for (const url of [
      '/api/v1/admin/users/not-a-uuid',
      '/api/v1/admin/users',
      '/api/v1/admin/users?email=nope',
      `/api/v1/admin/users?email=a@b.co&role=admin`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin.auth });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
