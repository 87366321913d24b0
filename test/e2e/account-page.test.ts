import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/security/totp.js';
import { describeInBrowser, expectAccessible, openPage } from './support/browser.js';
import { createAccountWithPassword, password, signInOnForm } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true };

/** Issue 12: the account page and two-factor sign-in, in Chromium. */
describeInBrowser('account page and two-factor sign-in', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('an organizer turns on two-factor sign-in, then signs in with a code and with a recovery code', async () => {
    const user = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Otto Organizer');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, user.email);
    await page.getByRole('heading', { level: 1, name: 'Organizer dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();

    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code to add Boxoffice to your authenticator app' }).waitFor();
    const secret = (await page.locator('.account-section code').first().textContent())!.trim();
    await expectAccessible(page, 'account two-factor set-up');
    // A wrong code is refused next to the field.
    const right = totpCodeAt(secret, new Date());
    await page.getByLabel('Code shown by the app').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.locator('#totp-confirm-code-error').waitFor();
    await page.getByLabel('Code shown by the app').fill(totpCodeAt(secret, new Date()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codeList = page.getByRole('list', { name: 'Recovery codes' });
    await codeList.waitFor();
    const codes = await codeList.locator('code').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByText('10 recovery codes left').waitFor();

    // Sign-in now asks for a code, and the password alone opens nothing.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, user.email);
    await page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
    await expectAccessible(page, 'sign-in code step');
    await page.getByLabel('Authentication code').fill('12345x');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The code is incorrect or was already used').waitFor();
    // The next step's code: the confirming code's step is spent, and one step of drift is allowed.
    await page.getByLabel('Authentication code').fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organizer dashboard' }).waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, user.email);
    await page.getByLabel('Authentication code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organizer dashboard' }).waitFor();
    await page.goto(`${e2e.base}/account`);
    await page.getByText('9 recovery codes left').waitFor();

    await page.getByLabel('or password').fill(password);
    await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await page.getByText('Two-factor sign-in is off.').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('a fan on a phone renames, changes password and address, signs other devices out, downloads the data and erases the account', async () => {
    const user = await createAccountWithPassword(e2e.t.deps, 'customer', 'Fay Fan');
    // Another device signed in: the list shows it beside this one.
    const elsewhere = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password }),
    });
    expect(elsewhere.status).toBe(200);
    const ctx = await e2e.browser.newContext(phone);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=%2Faccount`);
    await signInOnForm(page, user.email);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    // Customers are not offered two-factor sign-in.
    expect(await page.getByRole('heading', { name: 'Two-factor sign-in' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByLabel('Name', { exact: true }).fill(' ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.locator('#account-name-error').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Fay Renamed');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your name is saved.').waitFor();
    await page.locator('.account-facts').getByText('Fay Renamed').waitFor();

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('seven amber lanterns over harbour 19');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#current-password-error').waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    const newPassword = 'seven amber lanterns over harbour 19';

    // The password change ended the other device's session; sign one in again to sign it out from here.
    const again = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: newPassword }),
    });
    const otherToken = (await again.json()).token as string;
    await page.reload();
    await page.getByText('Another device').waitFor();
    await page.getByText('This device').waitFor();
    await expectAccessible(page, 'account page on a phone');
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByText('One other device was signed out.').waitFor();
    expect((await fetch(`${e2e.base}/api/v1/me`, { headers: { authorization: `Bearer ${otherToken}` } })).status).toBe(401);

    const moved = `moved-${user.email}`;
    await page.getByLabel('New e-mail address').fill(moved);
    await page.getByLabel('Your password').fill('wrong password');
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await page.locator('#account-email-password-error').waitFor();
    await page.getByLabel('New e-mail address').fill(moved);
    await page.getByLabel('Your password').fill(newPassword);
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await page.getByText(`Open the link we sent to ${moved}`).waitFor();
    await page.locator('.account-facts').getByText('Not confirmed yet').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toBe('boxoffice-personal-data.json');
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.user.email).toBe(moved);

    // The erasure preview (GET /me/erasure-preview): nothing to refund for this fan, and the policy in full.
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByText('You have no tickets for upcoming events.').waitFor();
    await page.getByText('Tickets for events that have not started yet are voided', { exact: false }).waitFor();
    await page.getByLabel('Type your e-mail address to confirm').fill(user.email);
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.locator('#erase-email-error').waitFor();
    await page.getByLabel('Type your e-mail address to confirm').fill(moved);
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    const row = await e2e.t.deps.db.selectFrom('users').select('erased_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.erased_at).not.toBeNull();
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);
});
