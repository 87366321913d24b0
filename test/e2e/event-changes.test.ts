import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/jobs/deliver-outbox.js';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage } from './support/browser.js';
import { apiAs, publishShow, uniqueWord } from './support/data.js';
import { signInContext } from './support/session.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * An organizer in Tokyo moves a New York show (entered on New York's clock),
 * copies it, deletes the copy, cancels the show with a reason, and edits the
 * venue; the buyer sees the new date, then the cancellation, in My bookings.
 */
const year = new Date().getUTCFullYear() + 1;

describeInBrowser('event changes and venue edit in the browser', () => {
  let e2e: E2E;
  let organizer: TestUser;
  let buyer: TestUser;
  let word: string;
  let show: { eventId: string; venueId: string; sectionIds: string[] };
  const title = () => `Harbor Lights ${word}`;

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createUser(e2e.t.deps, ['organizer']);
    buyer = await createUser(e2e.t.deps);
    word = uniqueWord();
    show = await publishShow(apiAs(e2e.base, organizer.token), {
      title: title(),
      city: 'New York',
      venueName: `Pier Hall ${word}`,
      timezone: 'America/New_York',
      currency: 'USD',
      startsAt: `${year}-01-16T01:00:00.000Z`,
      sections: [{ name: 'Floor', kind: 'seated', rows: [{ label: 'A', seats: 10 }] }],
      prices: [4500],
    });
    const held = await apiAs(e2e.base, buyer.token)('POST', `/events/${show.eventId}/holds`, {
      sectionId: show.sectionIds[0],
      quantity: 2,
    });
    const paid = await fetch(`${e2e.base}/api/v1/holds/${held.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { ...buyer.auth, 'content-type': 'application/json', 'idempotency-key': `changes-${buyer.id}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);
  });
  afterAll(() => e2e?.close());

  async function signedIn(user: TestUser): Promise<BrowserContext> {
    const ctx = await e2e.browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, user.id);
    // A step that never comes fails with its locator well before the test's own limit.
    ctx.setDefaultTimeout(30_000);
    return ctx;
  }

  it('reschedules on the venue clock, duplicates as a draft and removes the draft; the buyer sees the new date', async () => {
    const ctx = await signedIn(organizer);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer/events/${show.eventId}`);
    await page.getByRole('heading', { name: 'Event changes' }).waitFor();
    await expectAccessible(page, 'event editor with changes');
    await page.getByLabel('New start').fill(`${year}-02-20T19:30`);
    await page.getByLabel('Refund window (days)').fill('7');
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${title()}” moved to` })
      .filter({ hasText: '7:30 PM EST' })
      .waitFor();
    const row = await e2e.t.deps.db.selectFrom('events').select('starts_at').where('id', '=', show.eventId).executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe(`${year}-02-21T00:30:00.000Z`);

    await page.goto(`${e2e.base}/organizer/events/${show.eventId}`);
    await page.getByLabel('Date of the copy').fill(`${year}-03-01T20:00`);
    await page.getByLabel('Title of the copy (empty: the same)').fill(`${title()} Encore`);
    await page.getByRole('button', { name: 'Duplicate as draft' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${title()} Encore” is copied as a draft` })
      .waitFor();
    await page.getByRole('button', { name: 'Remove draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this draft?' });
    await dialog.getByRole('button', { name: 'Remove draft' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The draft “${title()} Encore” is removed.` })
      .waitFor();
    const copies = await e2e.t.deps.db.selectFrom('events').select('status').where('title', '=', `${title()} Encore`).execute();
    expect(copies).toEqual([{ status: 'removed' }]);
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();

    await deliverOutbox(e2e.t.deps);
    const fan = await signedIn(buyer);
    const fanPage = (await openPage(fan)).page;
    await fanPage.goto(`${e2e.base}/bookings`);
    const card = fanPage.getByRole('article', { name: title() });
    await card.getByText(/New date\. Moved from .* 8:00\sPM EST to .* 7:30\sPM EST\./).waitFor();
    await card.getByText(/You may cancel for a full refund until/).waitFor();
    await card.getByRole('button', { name: 'Cancel booking' }).waitFor();
    await fan.close();
  }, 180_000);

  it('cancels with a reason after a confirmation: the page stays with the notice, the booking shows why', async () => {
    const ctx = await signedIn(organizer);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer/events/${show.eventId}`);
    await page.getByLabel(/^Reason/).fill('The pier is closed for repairs');
    await page.getByRole('button', { name: 'Cancel event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this event?' });
    await expectAccessible(page, 'cancel event dialog');
    await dialog.getByRole('button', { name: 'Cancel event and refund everyone' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${title()}” is cancelled.` })
      .waitFor();
    await page
      .getByRole('row', { name: new RegExp(title()) })
      .getByText('Cancelled')
      .first()
      .waitFor();
    await deliverOutbox(e2e.t.deps);

    await page.goto(`${e2e.base}/events/${show.eventId}`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'This event is cancelled.' })
      .filter({ hasText: 'The pier is closed for repairs' })
      .waitFor();
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();

    const fan = await signedIn(buyer);
    const fanPage = (await openPage(fan)).page;
    await fanPage.goto(`${e2e.base}/bookings`);
    const past = fanPage.getByRole('region', { name: 'Past and cancelled' });
    const card = past.getByRole('article', { name: title() });
    await card.getByText('The pier is closed for repairs', { exact: false }).waitFor();
    await card.getByText('Cancelled and refunded').waitFor();
    await card.getByText(/7:30\sPM EST/).waitFor();
    await expectAccessible(fanPage, 'my bookings with a cancelled event');
    await fan.close();
  }, 180_000);

  it('lists and edits my venues; the layout of a venue with a published event is refused with the reason', async () => {
    const ctx = await signedIn(organizer);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer`);
    await page.getByRole('link', { name: 'Venues', exact: true }).click();
    await page.getByRole('heading', { name: 'Venues' }).waitFor();
    await expectAccessible(page, 'venue list');
    await page.getByRole('link', { name: `Edit Pier Hall ${word}` }).click();
    await page.getByLabel('Name').fill(`Pier Hall ${word} Renamed`);
    await page.getByLabel('Address').fill('Pier 17');
    await page.getByRole('button', { name: 'Save venue' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“Pier Hall ${word} Renamed” is saved.` })
      .waitFor();
    await page
      .getByRole('row', { name: new RegExp(`Pier Hall ${word} Renamed`) })
      .getByText('America/New_York')
      .waitFor();

    await page.getByRole('link', { name: `Edit Pier Hall ${word} Renamed` }).click();
    await page.getByLabel(/^Replace the layout/).check();
    await page.getByLabel('Section 1 rows').fill('2');
    await expectAccessible(page, 'venue editor');
    await page.getByRole('button', { name: 'Save venue' }).click();
    await page.getByRole('alert').filter({ hasText: 'The layout cannot change: 1 published event uses' }).waitFor();
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await ctx.close();
  }, 180_000);
});
