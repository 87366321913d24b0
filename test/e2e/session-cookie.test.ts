import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openPage } from './support/browser.js';
import { createAccountWithPassword, signInOnForm } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * Issue 12: the web app keeps its session in an httpOnly cookie (no token in
 * localStorage), and signing out ends the session on the server, so a copy of
 * the cookie taken before is refused afterwards.
 */
describeInBrowser('sign-in and sign-out with the session cookie', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('signs in without exposing the token to scripts, and signing out revokes the cookie on the server', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Cora Cookie');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);

    await page.goto(`${e2e.base}/login?next=${encodeURIComponent('/bookings')}`);
    await signInOnForm(page, customer.email);
    await page.waitForURL(/\/bookings$/);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const cookies = await ctx.cookies();
    const session = cookies.find((c) => c.name === 'bo_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    const storage = await page.evaluate(() => ({ local: JSON.stringify(localStorage), script: document.cookie }));
    expect(storage.local).not.toContain(session!.value);
    expect(storage.script).not.toContain(session!.value);
    expect(storage.script).toContain('bo_csrf=');

    // A reload keeps the session (the cookie, not page memory, carries it).
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect((await ctx.cookies()).filter((c) => c.name.startsWith('bo_'))).toEqual([]);
    // The cookie copied before sign-out no longer works anywhere.
    const replay = await fetch(`${e2e.base}/api/v1/me`, { headers: { cookie: `bo_session=${session!.value}` } });
    expect(replay.status).toBe(401);

    await page.reload();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
