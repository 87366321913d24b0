import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { createUser } from '../factories/users.js';
import { apiAs, createAccountWithPassword, createShowcase, uniqueWord, signInOnForm } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * The organizer's journey (venue builder → event → publish → searchable) and a
 * tour of the main pages on desktop and phone: screenshots for the README,
 * axe-core checks, no console errors.
 */
describeInBrowser('organizer journey and page tour in the browser', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
    // A few real-looking events, so the home page and search look like the product.
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    await createShowcase(apiAs(e2e.base, organizer.token), e2e.t.deps);
  });
  afterAll(() => e2e?.close());

  it('an organizer builds a venue, creates and publishes an event, and it appears in search', async () => {
    const organizer = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Olga Organizer');
    const word = uniqueWord();
    const title = `Winter Gala ${word.charAt(0).toUpperCase()}${word.slice(1)}`;
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);

    // Asked to sign in on the way, and brought back to the dashboard.
    await page.goto(`${e2e.base}/organizer`);
    await page.waitForURL(/\/login\?next=%2Forganizer/);
    await signInOnForm(page, organizer.email);
    await page.getByRole('heading', { name: 'Organizer dashboard' }).waitFor();

    // Venue builder with a live preview.
    await page.getByRole('link', { name: 'New venue' }).click();
    await page.getByLabel('Venue name', { exact: true }).fill(`Gala Hall ${word}`);
    await page.getByLabel('City', { exact: true }).fill('Vienna');
    await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Vienna');
    await page.getByLabel('Address', { exact: true }).fill('Ringstraße 1');
    await page.getByLabel('Section 1 name', { exact: true }).fill('Parterre');
    await page.getByLabel('Rows', { exact: true }).fill('10');
    await page.getByLabel('Seats per row', { exact: true }).fill('18');
    await page.getByLabel('Capacity', { exact: true }).fill('150');
    await expect
      .poll(() => page.evaluate(() => document.querySelector('path[data-state="available"]')?.getAttribute('d')?.match(/M/g)?.length))
      .toBe(180);
    await screenshot(page, 'organizer-venue-builder');
    await expectAccessible(page, 'venue builder');
    await page.getByRole('button', { name: 'Create venue' }).click();

    // The event form, preselected on the new venue.
    await page.waitForURL(/\/organizer\/events\/new\?venueId=/);
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Description', { exact: true }).fill('A night of waltzes and operetta favourites.');
    await page.getByLabel('Category', { exact: true }).selectOption('classical');
    const startsAt = new Date(Date.now() + 20 * 86_400_000);
    startsAt.setHours(19, 30, 0, 0);
    const local = new Date(startsAt.getTime() - startsAt.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Starts at', { exact: true }).fill(local);
    await page.getByLabel('Performers (comma separated)').fill('Wiener Salonorchester, Anna Berger');
    await page.getByLabel('Tier 1 name', { exact: true }).fill('Parterre');
    await page.getByLabel('Price (EUR)').first().fill('58');
    await page
      .getByRole('checkbox', { name: /^Parterre/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Add tier' }).click();
    await page.getByLabel('Tier 2 name', { exact: true }).fill('Standing');
    await page.getByLabel('Price (EUR)').nth(1).fill('25');
    await page
      .getByRole('group', { name: 'Sections' })
      .nth(1)
      .getByRole('checkbox', { name: /^Standing/ })
      .check();
    await expectAccessible(page, 'event editor');
    await page.getByRole('button', { name: 'Create and publish' }).click();

    // Back on the dashboard, on sale.
    await page.getByRole('heading', { name: 'Organizer dashboard' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.getByText('On sale').waitFor();
    const event = await e2e.t.deps.db
      .selectFrom('events')
      .select(['id', 'status', 'capacity', 'city'])
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ status: 'published', capacity: 330, city: 'Vienna' });

    // Fans buy: 6 seats and 20 standing places sold, 4 seats held.
    const map = await (await fetch(`${e2e.base}/api/v1/events/${event.id}/seatmap`)).json();
    const [parterre, standing] = [
      map.sections.find((x: { kind: string }) => x.kind === 'seated').id,
      map.sections.find((x: { kind: string }) => x.kind === 'ga').id,
    ];
    const buy = async (sectionId: string, quantity: number, pay: boolean) => {
      const fan = await createUser(e2e.t.deps);
      const hold = await apiAs(e2e.base, fan.token)('POST', `/events/${event.id}/holds`, { sectionId, quantity });
      expect(hold.status).toBe(201);
      if (!pay) return;
      const res = await fetch(`${e2e.base}/api/v1/holds/${hold.body.hold.id}/checkout`, {
        method: 'POST',
        headers: { ...fan.auth, 'content-type': 'application/json', 'idempotency-key': `fan-${fan.id}` },
        body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
      });
      expect(res.status).toBe(201);
    };
    // (Six tickets per person at most: twenty standing places take four fans.)
    await Promise.all([
      buy(parterre, 6, true),
      buy(standing, 6, true),
      buy(standing, 6, true),
      buy(standing, 6, true),
      buy(standing, 2, true),
      buy(parterre, 4, false),
    ]);

    // The sales overview: counts, chart and revenue at tier prices.
    await page.reload();
    await row.getByRole('button', { name: `Sales of ${title}` }).click();
    await page.getByRole('heading', { name: `Sales: ${title}` }).waitFor();
    await page.getByRole('img', { name: /26 sold, 4 held, 300 available of 330/ }).waitFor();
    await page.getByText('€848.00').waitFor();
    await screenshot(page, 'organizer-dashboard');
    await expectAccessible(page, 'organizer dashboard');

    // Anyone can now find it.
    await page.goto(`${e2e.base}/search?q=${word}`);
    await page.getByRole('region', { name: 'Results' }).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('Live: seats taken by others').waitFor();

    // Edit it, then cancel it with a reason: the page stays with the notice, its buyers refunded by the worker.
    await page.goto(`${e2e.base}/organizer`);
    await page.getByRole('link', { name: `Edit ${title}` }).click();
    await page.getByText('This event is published: prices and sections are fixed.').waitFor();
    await page.getByLabel('Title', { exact: true }).fill(`${title} Matinee`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const renamed = page.getByRole('row', { name: new RegExp(`${title} Matinee`) });
    await renamed.waitFor();
    await renamed.getByRole('link', { name: `Edit ${title} Matinee` }).click();
    await page.getByLabel(/^Reason/).fill('The orchestra is on strike');
    await page.getByRole('button', { name: 'Cancel event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this event?' });
    await dialog.getByRole('button', { name: 'Cancel event and refund everyone' }).click();
    await page.getByText(`“${title} Matinee” is cancelled.`).waitFor();
    await renamed.getByText('Cancelled').first().waitFor();
    const listed = await fetch(`${e2e.base}/api/v1/events/${event.id}`);
    expect(await listed.json()).toMatchObject({ status: 'cancelled', cancelReason: 'The orchestra is on strike' });
    const outbox = await e2e.t.deps.db
      .selectFrom('outbox')
      .select('topic')
      .where('aggregate_id', '=', event.id)
      .where('topic', '=', 'event.cancelled')
      .execute();
    expect(outbox).toHaveLength(1);

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });

  it('home and search pages are accessible, free of console errors, and fit a phone', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/`);
    await page.getByRole('heading', { name: 'Coming up' }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'home');
    await expectAccessible(page, 'home');

    await page.getByRole('link', { name: 'Concert', exact: true }).click();
    await page.waitForURL(/category=concert/);
    await page.getByLabel('Only with tickets left').check();
    await page.getByLabel('Sort by').selectOption('popularity');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/sort=popularity/);
    await expect.poll(() => page.getByRole('region', { name: 'Results' }).getByRole('article').count()).toBeGreaterThan(0);
    await screenshot(page, 'search-results');
    await expectAccessible(page, 'search results');
    const more = page.getByRole('button', { name: 'Show more events' });
    if (await more.isVisible()) {
      const before = await page.getByRole('article').count();
      await more.click();
      await expect.poll(() => page.getByRole('article').count()).toBeGreaterThan(before);
    }

    // Not on sale yet: a countdown instead of the seat map.
    const scheduled = await e2e.t.deps.db
      .selectFrom('events')
      .select(['id', 'title'])
      .where('status', '=', 'published')
      .where('sale_starts_at', '>', new Date())
      .orderBy('sale_starts_at')
      .executeTakeFirstOrThrow();
    await page.goto(`${e2e.base}/events/${scheduled.id}`);
    await page.getByRole('heading', { name: scheduled.title }).waitFor();
    await page.getByText(/Opens in \d/).waitFor();
    expect(await page.getByRole('application', { name: /seat map/i }).count()).toBe(0);
    await expectAccessible(page, 'event not yet on sale');

    // Nothing matches: a clear empty state.
    await page.goto(`${e2e.base}/search?q=${uniqueWord()}${uniqueWord()}`);
    await page.getByRole('heading', { name: 'No events match' }).waitFor();

    // A phone: no horizontal scrolling, the menu and search still there.
    const phone = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const mobile = await openPage(phone);
    await mobile.page.goto(`${e2e.base}/`);
    await mobile.page.getByRole('heading', { name: 'Coming up' }).waitFor();
    await expect.poll(() => mobile.page.getByRole('article').count()).toBeGreaterThanOrEqual(8);
    expect(await mobile.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(mobile.page, 'home-phone');
    await expectAccessible(mobile.page, 'home on a phone');
    await mobile.page.getByRole('link', { name: 'Marta Quintela: Saudade Tour' }).first().click();
    await mobile.page.getByText('Live: seats taken by others').waitFor();
    await mobile.page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await mobile.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mobile.page.getByRole('heading', { name: 'Choose your seats' }).evaluate((h) => h.scrollIntoView());
    await screenshot(mobile.page, 'event-phone');
    await expectAccessible(mobile.page, 'event page on a phone');

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(mobile.errors).toEqual([]);
    await ctx.close();
    await phone.close();
  });
});
