import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../factories/users.js';
import { describeInBrowser, openPage } from '../e2e/support/browser.js';
import { apiAs, createAccountWithPassword, password, publishShow, signInOnForm, uniqueWord } from '../e2e/support/data.js';
import { startE2E, type E2E } from '../e2e/support/server.js';

/**
 * The web app keeps API replies in a query cache for the whole visit. Signing
 * out and in as someone else in the same tab must not show, even for one frame,
 * the previous account's bookings from that cache.
 */
describeInBrowser('switching accounts in one tab', () => {
  let e2e: E2E;
  let eventId: string;
  const title = `Quiet Night ${uniqueWord()}`;

  beforeAll(async () => {
    e2e = await startE2E();
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), { title, daysAhead: 12 }));
  });
  afterAll(() => e2e?.close());

  it("shows the next account only its own bookings, never the last one's from the cache", async () => {
    const first = await createAccountWithPassword(e2e.t.deps, 'customer', 'Ana First');
    const second = await createAccountWithPassword(e2e.t.deps, 'customer', 'Ben Second');
    // The first account has a confirmed booking, made through the API.
    const login = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: first.email, password }),
    });
    const { token } = (await login.json()) as { token: string };
    const call = apiAs(e2e.base, token);
    const seatmap = (await call('GET', `/events/${eventId}/seatmap`)).body as { sections: { seats: { id: string }[] }[] };
    const held = await call('POST', `/events/${eventId}/holds`, { seatIds: [seatmap.sections[0]!.seats[0]!.id] });
    expect(held.status).toBe(201);
    const paid = await fetch(`${e2e.base}/api/v1/holds/${held.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': uniqueWord() },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent('/bookings')}`);
    await signInOnForm(page, first.email);
    await page.waitForURL(/\/bookings$/);
    await page.getByRole('link', { name: title }).waitFor();

    // Signing out on a page that needs an account leads to the sign-in form, which comes back here.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // From here on, any booking card on screen belongs to the first account: the second has none.
    await page.evaluate(() => {
      const seen = window as unknown as { sawBooking: boolean };
      seen.sawBooking = document.querySelector('.order-card') !== null;
      new MutationObserver(() => {
        if (document.querySelector('.order-card')) seen.sawBooking = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await signInOnForm(page, second.email);
    await page.waitForURL(/\/bookings$/);
    await page.getByRole('heading', { name: 'No bookings yet' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sawBooking: boolean }).sawBooking)).toBe(false);

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
