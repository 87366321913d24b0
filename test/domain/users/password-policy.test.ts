import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/domain/users/create-account.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Issue 12, defect 5: `password` and `12345678` were accepted. */
describe('password policy: common, breached and personal passwords are refused with a field error', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const register = (password: string, email = `pw-${randomUUID()}@example.org`, name = 'Petra Policy') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password, name } });
  const usersWith = (email: string) =>
    t.deps.db.selectFrom('users').select('id').where('email_hash', '=', t.deps.pii.blindIndex(email)).execute();

  it.each(['password', '12345678', 'qwertyuiop', 'iloveyou1', 'P@ssw0rd!', 'letmein123', 'aaaaaaaaaaaa', 'abcd1234'])(
    'refuses %j with 400 VALIDATION_FAILED on the password field and writes nothing',
    async (password) => {
      const email = `pw-${randomUUID()}@example.org`;
      const res = await register(password, email);
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual({
        fields: [{ field: 'password', code: 'invalid', message: expect.stringMatching(/^is too easy to guess/) }],
      });
      expect(await usersWith(email)).toEqual([]);
    },
  );

  it("refuses the user's own email or name as the password", async () => {
    const email = `margarethe.vonsteinfeld-${randomUUID().slice(0, 4)}@example.org`;
    const byEmail = await register(email.split('@')[0]!, email);
    expect(byEmail.statusCode).toBe(400);
    const byName = await register('Wilhelmina Oberhausen', `pw-${randomUUID()}@example.org`, 'Wilhelmina Oberhausen');
    expect(byName.statusCode).toBe(400);
  });

  it('accepts a long passphrase', async () => {
    expect((await register('violet kettle under the stairs')).statusCode).toBe(201);
  });

  it('holds for the operator CLI path and for a password change', async () => {
    await expect(
      createAccount(t.deps, { email: `cli-${randomUUID()}@example.org`, password: 'password1', role: 'admin', via: 'cli' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const reg = await register('violet kettle under the stairs');
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { authorization: `Bearer ${reg.json().token}` },
      payload: { currentPassword: 'violet kettle under the stairs', newPassword: '123456789' },
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().error.details).toEqual({
      fields: [{ field: 'body/newPassword', code: 'invalid', message: expect.stringMatching(/too easy to guess/) }],
    });
  });
});
