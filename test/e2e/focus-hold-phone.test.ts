import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, publishShow, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** What has the keyboard focus: its tag, its text, and whether it is inside <main>. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase(), text: el?.textContent?.trim(), inMain: Boolean(el?.closest('main')), id: el?.id };
  });

/**
 * Keyboard and screen-reader users after a navigation, the hold timer's
 * warnings and extension (WCAG 2.2.1), and the phone layout of search and checkout.
 */
describeInBrowser('focus, hold warnings and the phone layout', () => {
  let e2e: E2E;
  let organizer: TestUser;
  let word: string;
  let day: string;
  let late: { eventId: string; title: string };

  beforeAll(async () => {
    // One extension per hold, five minutes in all.
    e2e = await startE2E({ config: { holdExtensions: { max: 1, maxTotalSeconds: 300 } } });
    organizer = await createUser(e2e.t.deps, ['organizer']);
    word = uniqueWord();
    const org = apiAs(e2e.base, organizer.token);
    // A late show in New York: 23:30 there is already the next day in UTC and in Tokyo.
    day = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
    const title = `Midnight Jazz ${word}`;
    late = {
      title,
      eventId: (
        await publishShow(org, {
          title,
          city: 'New York',
          venueName: `Village Vault ${word}`,
          timezone: 'America/New_York',
          currency: 'USD',
          startsAt: new Date(`${day}T23:30:00-05:00`).toISOString(),
        })
      ).eventId,
    };
    for (const n of ['Early', 'Matinee']) await publishShow(org, { title: `${n} Jazz ${word}`, venueName: `${n} Hall ${word}` });
  });
  afterAll(() => e2e?.close());

  it('moves the focus to the new page’s heading after each client-side navigation, and names each page', async () => {
    const fan = await createUser(e2e.t.deps);
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, fan.id);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.title()).toBe('Live events and tickets · Boxoffice');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find events' }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: 'Find events' });
    expect(await page.title()).toBe('Find events · Boxoffice');

    // Typing a search changes the URL's query, not the page: the focus stays in the box.
    await page.getByLabel('Search', { exact: true }).fill(late.title);
    await page.waitForURL(/q=/);
    const result = page.getByRole('region', { name: 'Results' }).getByRole('link', { name: late.title });
    await result.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'input', id: 'search-q' });

    await result.click();
    await page.getByRole('heading', { level: 1, name: late.title }).waitFor();
    // The seat map arrives as a chunk of its own after the heading: the focus stays on the heading.
    await page.getByText('Live: seats taken by others').waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: late.title });
    await expect.poll(() => page.title()).toBe(`${late.title} · Boxoffice`);
    // The next Tab goes on from the heading, inside the page, not back to the site's header.
    await page.keyboard.press('Tab');
    const next = await focused(page);
    expect(next.inMain, JSON.stringify(next)).toBe(true);

    await page.getByRole('link', { name: 'My bookings' }).click();
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: 'My bookings' });
    expect(await page.title()).toBe('My bookings · Boxoffice');

    await page.goBack();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: late.title });
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('warns before the hold runs out (banner and announcement at 2 minutes and 30 seconds) and extends it once', async () => {
    const org = apiAs(e2e.base, organizer.token);
    const short = await publishShow(org, { title: `Short Hold ${word}`, venueName: `Short Hall ${word}`, holdSeconds: 150 });
    const fan = await createUser(e2e.t.deps);
    const made = await apiAs(e2e.base, fan.token)('POST', `/events/${short.eventId}/holds`, {
      sectionId: short.sectionIds[0],
      quantity: 2,
    });
    expect(made.status).toBe(201);
    const hold = made.body.hold as { id: string; expiresAt: string };

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, fan.id);
    const { page, errors } = await openPage(ctx);
    // The page's clock is ours to set (timers keep running); the server keeps real time.
    const expiry = Date.parse(hold.expiresAt);
    const at = (msBeforeExpiry: number) => page.clock.setFixedTime(expiry - msBeforeExpiry);
    await at(140_000);
    await page.goto(`${e2e.base}/checkout/${hold.id}`);
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    const timer = page.getByRole('timer');
    const banner = page.getByRole('group', { name: 'Your hold is running out' });
    const announcer = page.locator('[aria-live="assertive"]');
    await expect.poll(() => timer.textContent()).toBe('Seats held for 2:20');
    expect(await banner.count()).toBe(0);
    expect(await announcer.textContent()).toBe('');

    // Two minutes left: a visible banner and one announcement, with the way out.
    await at(110_000);
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Less than 2 minutes left before your seats are released/);
    await expect
      .poll(() => announcer.textContent())
      .toBe('Your seats are held for 1 minute 50 seconds more. Use “Add 2 minutes 30 seconds” to keep them longer.');
    await screenshot(page, 'checkout-hold-warning');
    await expectAccessible(page, 'checkout with the hold warning');

    // Thirty seconds left: announced again.
    await at(25_000);
    await expect.poll(() => announcer.textContent()).toMatch(/^Your seats are held for 25 seconds more/);
    expect(await banner.textContent()).toMatch(/Less than 25 seconds left/);

    await banner.getByRole('button', { name: 'Add 2 minutes 30 seconds' }).click();
    await expect.poll(() => announcer.textContent()).toMatch(/^Hold extended: your seats are held until /);
    const row = await e2e.t.deps.db
      .selectFrom('holds')
      .select(['expires_at', 'extensions'])
      .where('id', '=', hold.id)
      .executeTakeFirstOrThrow();
    expect(row.extensions).toBe(1);
    expect(row.expires_at.getTime()).toBe(expiry + 150_000);
    await expect.poll(() => timer.textContent()).toBe('Seats held for 2:55');
    expect(await banner.count()).toBe(0);

    // The one extension is used: the next warning says so and offers nothing.
    await at(-150_000 + 100_000);
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/This hold cannot be extended any further/);
    expect(await banner.getByRole('button').count()).toBe(0);
    await expect.poll(() => announcer.textContent()).toMatch(/This hold cannot be extended\.$/);

    await at(-150_001);
    await page.getByText('Your hold has expired and the seats were released. Nothing was charged.').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('on a phone: results on the first screen, filters fold away and fit, venue-local dates, a checkout timer that stays in view', async () => {
    const fan = await createUser(e2e.t.deps);
    // Tokyo: where the New York show's local day has already ended.
    const ctx = await e2e.browser.newContext({ ...phone, timezoneId: 'Asia/Tokyo' });
    await signInContext(ctx, e2e.t.deps, e2e.base, fan.id);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/search?q=${word}`);
    await page.getByRole('heading', { level: 1, name: 'Find events' }).waitFor();
    const results = page.getByRole('region', { name: 'Results' }).getByRole('article');
    await expect.poll(() => results.count()).toBeGreaterThanOrEqual(3);
    const first = (await results.first().boundingBox())!;
    expect(first.y, 'the first result starts on the first screen').toBeLessThan(844 - 150);
    const filters = page.getByRole('form', { name: 'Filters' });
    expect(await filters.isVisible()).toBe(false);

    const toggle = page.getByRole('button', { name: 'Filters' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await filters.waitFor();
    expect(await page.getByRole('button', { name: 'Hide filters' }).getAttribute('aria-expanded')).toBe('true');
    for (const control of await filters.locator('input, select, button').all()) {
      const box = (await control.boundingBox())!;
      expect(box.x, await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByLabel('Currency').selectOption('USD');
    expect(await page.getByText('Min price (USD)').count()).toBe(1);
    await page.getByLabel('From').fill(day);
    await page.getByLabel('To', { exact: true }).fill(day);
    await screenshot(page, 'search-filters-phone');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/to=/);
    // 23:30 in New York on that day, whatever Tokyo's calendar says.
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().textContent()).toContain(late.title);
    expect(await filters.isVisible()).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Filters (3)' }).count()).toBe(1);

    // Checkout: the countdown stays on screen while the payment form is scrolled into view.
    const made = await apiAs(e2e.base, fan.token)('POST', `/events/${late.eventId}/holds`, {
      sectionId: await seatedSection(late.eventId),
      quantity: 2,
    });
    expect(made.status).toBe(201);
    await page.goto(`${e2e.base}/checkout/${made.body.hold.id}`);
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await page.getByRole('button', { name: /^Pay / }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    const timer = (await page.getByRole('timer').boundingBox())!;
    expect(timer.y).toBeGreaterThanOrEqual(0);
    expect(timer.y + timer.height).toBeLessThanOrEqual(844);
    await screenshot(page, 'checkout-phone-scrolled');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);

  async function seatedSection(eventId: string): Promise<string> {
    const map = await (await fetch(`${e2e.base}/api/v1/events/${eventId}/seatmap`)).json();
    return map.sections[0].id;
  }
});
