import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, uniqueWord, signInOnForm } from './support/data.js';
import { drawnSeats, seatOnScreen, waitForDrawnSeats } from './support/seat-map.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A customer's whole journey in Chromium against the real server: search, the
 * event page, seats on the map, sign-in only when needed, payment, tickets,
 * cancellation — while a second visitor watches the seats go grey live.
 */
describeInBrowser('customer journey in the browser', () => {
  let e2e: E2E;
  let organizer: TestUser;
  const word = uniqueWord();
  const title = `Fado Night ${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  let eventId: string;
  let seatmap: { sections: { id: string; seats: { id: string; row: string; number: number; x: number; y: number }[] }[] };

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createUser(e2e.t.deps, ['organizer']);
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), { title, category: 'concert', daysAhead: 9 }));
    seatmap = await (await fetch(`${e2e.base}/api/v1/events/${eventId}/seatmap`)).json();
    // Others got here first: six seats sold in row C, three held in row D.
    const seatIds = (row: string, from: number, to: number) =>
      seatmap.sections[0]!.seats.filter((s) => s.row === row && s.number >= from && s.number <= to).map((s) => s.id);
    const [early, holder] = await Promise.all([createUser(e2e.t.deps), createUser(e2e.t.deps)]);
    const sold = await apiAs(e2e.base, early.token)('POST', `/events/${eventId}/holds`, { seatIds: seatIds('C', 5, 10) });
    const paid = await fetch(`${e2e.base}/api/v1/holds/${sold.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { ...early.auth, 'content-type': 'application/json', 'idempotency-key': `early-${word}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);
    expect((await apiAs(e2e.base, holder.token)('POST', `/events/${eventId}/holds`, { seatIds: seatIds('D', 6, 8) })).status).toBe(201);
  });
  afterAll(() => e2e?.close());

  const dbOrder = (orderId: string) => e2e.t.deps.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const seatStatuses = (seatIds: string[]) =>
    e2e.t.deps.db
      .selectFrom('event_seats')
      .select(['seat_id', 'status'])
      .where('event_id', '=', eventId)
      .where('seat_id', 'in', seatIds)
      .orderBy('seat_id')
      .execute();

  it('searches, picks seats on the map, signs in, pays, sees QR tickets and cancels; another visitor sees it live', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Rita Customer');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);

    // Discover: instant results while typing, then the full results page.
    await page.goto(`${e2e.base}/`);
    await page.getByRole('searchbox', { name: /search events/i }).fill(word);
    await page
      .getByRole('list', { name: 'Quick results' })
      .getByRole('link', { name: new RegExp(title) })
      .waitFor();
    await page.getByRole('searchbox', { name: /search events/i }).press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const result = page.getByRole('region', { name: 'Results' }).getByRole('link', { name: title });
    await result.waitFor();
    await expectAccessible(page, 'search results');
    await result.click();

    // The event page with its live seat map.
    await page.waitForURL(new RegExp(`/events/${eventId}`));
    await page.getByText('Live: seats taken by others').waitFor();
    await expect.poll(() => drawnSeats(page, 'available')).toBe(172 - 9);

    // A second visitor is watching the same map.
    const watcherCtx = await e2e.browser.newContext({ viewport: { width: 1024, height: 800 } });
    const watcher = await openPage(watcherCtx);
    await watcher.page.goto(`${e2e.base}/events/${eventId}`);
    await watcher.page.getByText('Live: seats taken by others').waitFor();
    await waitForDrawnSeats(watcher.page, 'available', 163);

    // One seat by mouse (row A, seat 7 of the stalls), one by keyboard.
    const stalls = seatmap.sections[0]!;
    const clicked = stalls.seats.find((s) => s.row === 'A' && s.number === 7)!;
    const map = page.getByRole('application', { name: /seat map/i });
    await map.scrollIntoViewIfNeeded();
    const at = await seatOnScreen(page, clicked);
    await page.mouse.click(at.x, at.y);
    await map.focus();
    // The keyboard cursor starts on the clicked seat: two to the left is seat 5.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const selection = page.getByRole('complementary', { name: 'Your seats' });
    await selection.getByText('Stalls · Row A · Seat 7').waitFor();
    await selection.getByText('Stalls · Row A · Seat 5').waitFor();
    await expectAccessible(page, 'event page');

    // Holding needs an account: sign in, come back to the same selection.
    await page.getByRole('button', { name: 'Hold 2 seats' }).click();
    await page.waitForURL(/\/login\?next=/);
    await signInOnForm(page, customer.email);
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await selection.getByText('Stalls · Row A · Seat 7').waitFor();
    await page.getByRole('heading', { name: 'Choose your seats' }).evaluate((h) => h.scrollIntoView());
    await screenshot(page, 'event-seat-map');
    await page.getByRole('button', { name: 'Hold 2 seats' }).click();
    const heldAt = Date.now();

    // The watcher sees both seats go grey without reloading.
    await waitForDrawnSeats(watcher.page, 'held', 3 + 2);
    const liveMs = Date.now() - heldAt;
    console.log(`[e2e] seats greyed out on the second visitor's map ${liveMs} ms after the hold`);

    // Checkout with a countdown, test cards listed.
    await page.waitForURL(/\/checkout\//);
    await page
      .getByRole('timer')
      .getByText(/Seats held for/)
      .waitFor();
    await page.getByText('tok_chargeDeclined').waitFor();
    await screenshot(page, 'checkout');
    await expectAccessible(page, 'checkout');
    await page.getByRole('button', { name: /^Pay / }).click();

    // Confirmation with tickets.
    await page.getByRole('heading', { name: "You're going!" }).waitFor();
    const orderId = page.url().split('/orders/')[1]!;
    expect((await dbOrder(orderId)).status).toBe('confirmed');
    const held = [clicked.id, stalls.seats.find((s) => s.row === 'A' && s.number === 5)!.id];
    expect((await seatStatuses(held)).map((s) => s.status)).toEqual(['sold', 'sold']);
    await waitForDrawnSeats(watcher.page, 'sold', 6 + 2);

    // My bookings: QR per ticket, then cancel through the confirmation dialog.
    await page.getByRole('link', { name: 'My bookings' }).first().click();
    await page.getByRole('heading', { name: 'Upcoming' }).waitFor();
    await expect.poll(() => page.getByRole('img', { name: /QR code for Stalls, row A/ }).count()).toBe(2);
    await page.waitForFunction(() => [...document.querySelectorAll('img.qr')].every((i) => (i as HTMLImageElement).complete));
    await screenshot(page, 'my-bookings');
    await expectAccessible(page, 'my bookings');
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this booking?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByText('Booking cancelled').waitFor();
    await page.getByText('Cancelled and refunded').waitFor();
    expect((await dbOrder(orderId)).status).toBe('cancelled');
    expect((await seatStatuses(held)).map((s) => s.status)).toEqual(['available', 'available']);
    await waitForDrawnSeats(watcher.page, 'available', 163);

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(watcher.errors).toEqual([]);
    expect(watcher.failedRequests).toEqual([]);
    await ctx.close();
    await watcherCtx.close();
  });

  it('keeps the hold when the card is declined, then pays with another card', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Dana Declined');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(page, customer.email);
    await page.waitForURL(new RegExp(`/events/${eventId}$`));

    // Best available in the circle, by quantity.
    await page.getByLabel('Section or standing area').selectOption(seatmap.sections[1]!.id);
    await page.getByLabel('Tickets', { exact: true }).selectOption('3');
    await page.getByRole('button', { name: 'Find best seats' }).click();
    await page.waitForURL(/\/checkout\//);
    const holdId = page.url().split('/checkout/')[1]!;

    await page.getByLabel(/ending 0002/).check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page
      .getByRole('alert')
      .getByText(/Your card was declined/)
      .waitFor();
    await page.getByText(/Your seats are still held/).waitFor();
    const hold = await e2e.t.deps.db.selectFrom('holds').select(['status']).where('id', '=', holdId).executeTakeFirstOrThrow();
    expect(hold.status).toBe('active');
    const stillHeld = await e2e.t.deps.db.selectFrom('event_seats').select('status').where('hold_id', '=', holdId).execute();
    expect(stillHeld.map((s) => s.status)).toEqual(['held', 'held', 'held']);

    await page.getByLabel(/ending 4242/).check();
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: "You're going!" }).waitFor();
    await expect.poll(() => page.getByRole('img', { name: /QR code for Circle/ }).count()).toBe(3);
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([`402 POST /api/v1/holds/${holdId}/checkout`]);
    await ctx.close();
  });
});
