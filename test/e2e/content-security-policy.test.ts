import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../factories/users.js';
import { describeInBrowser, openPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, password, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * Issue 12: the strict Content-Security-Policy is served with the app and the
 * app runs under it — pages with the seat map, the sign-in form, QR tickets
 * (data: images) and the organizer area raise no violation.
 */
describeInBrowser('the web app under its Content-Security-Policy', () => {
  let e2e: E2E;
  let eventId: string;
  const title = `Strict Night ${uniqueWord()}`;
  beforeAll(async () => {
    e2e = await startE2E();
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), { title, daysAhead: 10 }));
  });
  afterAll(() => e2e?.close());

  it('raises no CSP violation on the main pages', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Cleo Strict');
    const login = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: customer.email, password }),
    });
    const { token } = (await login.json()) as { token: string };
    const call = apiAs(e2e.base, token);
    const seatmap = (await call('GET', `/events/${eventId}/seatmap`)).body as { sections: { seats: { id: string }[] }[] };
    const held = await call('POST', `/events/${eventId}/holds`, { seatIds: [seatmap.sections[0]!.seats[0]!.id] });
    const paid = await fetch(`${e2e.base}/api/v1/holds/${held.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': uniqueWord() },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const { page, errors } = await openPage(ctx);
    const violations = async () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

    const first = await page.goto(`${e2e.base}/`);
    const csp = first!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(first!.headers()['x-content-type-options']).toBe('nosniff');
    await page.getByRole('searchbox', { name: /search events/i }).waitFor();
    expect(await violations()).toEqual([]);

    await page.goto(`${e2e.base}/events/${eventId}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.locator('svg').first().waitFor();
    expect(await violations()).toEqual([]);

    await page.goto(`${e2e.base}/login?next=${encodeURIComponent('/bookings')}`);
    await signInOnForm(page, customer.email);
    await page.waitForURL(/\/bookings$/);
    // QR tickets are data: images.
    await expect.poll(() => page.getByRole('img', { name: /QR code for/ }).count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
