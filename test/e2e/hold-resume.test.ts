import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A hold belongs to the account, not the tab: the same fan signed in on two
 * browsers (two contexts share nothing) finds the hold made on the first from
 * the second — the checkout URL, the event page and My bookings — and can let
 * it go from there.
 */
describeInBrowser('a hold resumed from another browser', () => {
  let e2e: E2E;
  let eventId: string;
  let title: string;

  beforeAll(async () => {
    e2e = await startE2E();
    title = `Two Tabs ${uniqueWord()}`;
    ({ eventId } = await publishShow(apiAs(e2e.base, (await createUser(e2e.t.deps, ['organizer'])).token), { title }));
  });
  afterAll(() => e2e?.close());

  it('continues to checkout, lists the hold in My bookings and releases it from the second browser', async () => {
    const fan = await createAccountWithPassword(e2e.t.deps, 'customer', 'Tess Twotabs');
    const [ctxA, ctxB] = [
      await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }),
      await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
    ];
    const a = await openPage(ctxA);
    const b = await openPage(ctxB);

    await a.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(a.page, fan.email);
    await a.page.getByRole('button', { name: 'Find best seats' }).click();
    await a.page.waitForURL(/\/checkout\//);
    const checkoutUrl = a.page.url();
    const holdId = checkoutUrl.split('/checkout/')[1]!;

    // The checkout page opens from its URL on the other browser.
    await b.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/checkout/${holdId}`)}`);
    await signInOnForm(b.page, fan.email);
    await b.page.waitForURL(/\/checkout\//);
    await b.page.getByRole('heading', { name: title }).waitFor();
    await b.page.getByRole('button', { name: /^Pay / }).waitFor();
    expect(await b.page.getByRole('timer').textContent()).toMatch(/Seats held for \d+:\d\d/);

    // The event page leads back to it.
    await b.page.goto(`${e2e.base}/events/${eventId}`);
    await b.page.getByText('You are holding 2 seats for this event.').waitFor();
    await b.page.getByRole('link', { name: 'Continue to checkout' }).click();
    await b.page.waitForURL(new RegExp(`/checkout/${holdId}$`));

    // My bookings lists it (no more "No bookings yet"), with a way to let it go.
    await b.page.goto(`${e2e.base}/bookings`);
    const holds = b.page.getByRole('region', { name: 'Seats on hold' });
    await holds.getByRole('heading', { name: title }).waitFor();
    expect(await b.page.getByText('No bookings yet').count()).toBe(0);
    await holds.getByRole('link', { name: 'Continue to checkout' }).waitFor();
    await screenshot(b.page, 'my-bookings-hold', true);
    await expectAccessible(b.page, 'my bookings with a hold');
    await holds.getByRole('button', { name: 'Release seats' }).click();
    await b.page.getByText('No bookings yet').waitFor();
    const row = await e2e.t.deps.db.selectFrom('holds').select('status').where('id', '=', holdId).executeTakeFirstOrThrow();
    expect(row.status).toBe('released');

    // The first browser's checkout, opened again, says the hold is over.
    await a.page.goto(checkoutUrl);
    await a.page.getByText('This hold is no longer open').waitFor();
    // And the seats can be held again at once.
    await a.page.goto(`${e2e.base}/events/${eventId}`);
    await a.page.getByRole('button', { name: 'Find best seats' }).click();
    await a.page.waitForURL(/\/checkout\//);

    for (const p of [a, b]) {
      expect(p.errors).toEqual([]);
      expect(p.failedRequests).toEqual([]);
    }
    await ctxA.close();
    await ctxB.close();
  }, 180_000);
});
