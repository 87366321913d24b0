import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { createUser } from '../factories/users.js';
import { describeInBrowser, openPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, uniqueWord, signInOnForm } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A hold that runs out during checkout: the server's clock is moved past the
 * expiry (no waiting), paying then gets 410, and the page says the seats were
 * released and nothing was charged.
 */
describeInBrowser('checkout after the hold expired', () => {
  const clock = new ManualClock();
  let e2e: E2E;
  let eventId: string;

  beforeAll(async () => {
    e2e = await startE2E({ clock });
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), { title: `Late Show ${uniqueWord()}`, daysAhead: 10 }));
  });
  afterAll(() => e2e?.close());

  it('tells the buyer the hold expired, charges nothing and offers to pick again', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Sam Slow');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(page, customer.email);
    await page.getByRole('button', { name: 'Find best seats' }).click();
    await page.waitForURL(/\/checkout\//);
    const holdId = page.url().split('/checkout/')[1]!;
    // The buyer has the payment form in front of them when the time runs out (a page opened after
    // the expiry says the hold is no longer open instead).
    await page.getByRole('button', { name: /^Pay / }).waitFor();

    clock.advance(11 * 60_000);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('alert').getByText('Your hold has expired and the seats were released. Nothing was charged.').waitFor();
    expect(await page.getByRole('button', { name: /^Pay / }).isDisabled()).toBe(true);

    const orders = await e2e.t.deps.db.selectFrom('orders').select('id').where('hold_id', '=', holdId).execute();
    expect(orders).toEqual([]);
    expect(failedRequests).toEqual([`410 POST /api/v1/holds/${holdId}/checkout`]);

    await page.getByRole('link', { name: 'Pick seats again' }).click();
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await page.getByText('Live: seats taken by others').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
