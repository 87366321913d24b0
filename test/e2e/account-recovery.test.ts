import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mailedLink, tokenOf } from '../support/mail.js';
import { describeInBrowser, openPage } from './support/browser.js';
import { createAccountWithPassword } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

const newPassword = 'seven amber lanterns over harbour 19';

/** Issue 12: a forgotten password is reset from a mailed link, and a new account confirms its address, in the browser. */
describeInBrowser('password reset and e-mail confirmation pages', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('resets a forgotten password from the sign-in page through the mailed link', async () => {
    const user = await createAccountWithPassword(e2e.t.deps, 'customer', 'Rhea Reset');
    await rm(path.join(e2e.t.deps.config.dataDir, 'mail', `password-reset-${user.id}.eml`), { force: true });
    const ctx = await e2e.browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page, errors } = await openPage(ctx);

    await page.goto(`${e2e.base}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account uses this address, a reset link is on its way.').waitFor();

    await expect.poll(() => mailedLink(e2e.t.deps, `password-reset-${user.id}`)).not.toBeNull();
    const token = tokenOf((await mailedLink(e2e.t.deps, `password-reset-${user.id}`))!);
    await page.goto(`${e2e.base}/reset-password#token=${token}`);
    // A guessable password is refused next to the field.
    await page.getByLabel('New password').fill('password123');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('#newPassword-error').waitFor();
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The used link says so instead of failing silently.
    await page.goto(`${e2e.base}/reset-password#token=${token}`);
    await page.getByLabel('New password').fill(`${newPassword} again`);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This link is invalid, already used or expired.').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('asks a new account to confirm its address until the mailed link is opened', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(ctx);
    const email = `verify-${Date.now()}@e2e.boxoffice.test`;
    await page.goto(`${e2e.base}/login`);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Vera Verify');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    const banner = page.getByText(`Please confirm your e-mail address (${email})`);
    await banner.waitFor();

    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    await expect.poll(() => mailedLink(e2e.t.deps, `email-verification-${me.user.id}`)).not.toBeNull();
    const token = tokenOf((await mailedLink(e2e.t.deps, `email-verification-${me.user.id}`))!);
    await page.goto(`${e2e.base}/verify-email#token=${token}`);
    await page.getByText('Thank you — your address is confirmed.').waitFor();
    await expect.poll(() => banner.count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
