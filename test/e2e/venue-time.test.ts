import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, openPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, password, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { signInContext } from './support/session.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A show in New York reads "8:00 PM EST" on every surface, whatever zone the
 * browser is in, and an organizer in London enters New York's clock.
 */
const zones = ['Europe/London', 'America/Los_Angeles', 'Asia/Tokyo'];
const year = new Date().getUTCFullYear() + 1;
// 15 January, 20:00 in New York (EST, UTC-5).
const startsAt = `${year}-01-16T01:00:00.000Z`;
const expected = new RegExp(`^[A-Z][a-z]{2}, Jan 15, ${year}, 8:00\\sPM EST$`);

describeInBrowser('venue-local time in every browser zone', () => {
  let e2e: E2E;
  let organizer: TestUser;
  let buyer: TestUser;
  let holder: TestUser;
  let word: string;
  let eventId: string;
  let hold: { id: string };

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createUser(e2e.t.deps, ['organizer']);
    word = uniqueWord();
    const show = await publishShow(apiAs(e2e.base, organizer.token), {
      title: `Foundry Night ${word}`,
      city: 'New York',
      venueName: `Brooklyn Foundry ${word}`,
      timezone: 'America/New_York',
      currency: 'USD',
      startsAt,
      sections: [{ name: 'Floor', kind: 'seated', rows: [{ label: 'A', seats: 10 }] }],
      prices: [4500],
    });
    eventId = show.eventId;
    [buyer, holder] = await Promise.all([createUser(e2e.t.deps), createUser(e2e.t.deps)]);
    const bought = await apiAs(e2e.base, buyer.token)('POST', `/events/${eventId}/holds`, { sectionId: show.sectionIds[0], quantity: 2 });
    const paid = await fetch(`${e2e.base}/api/v1/holds/${bought.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { ...buyer.auth, 'content-type': 'application/json', 'idempotency-key': `time-${buyer.id}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);
    const held = await apiAs(e2e.base, holder.token)('POST', `/events/${eventId}/holds`, { sectionId: show.sectionIds[0], quantity: 1 });
    expect(held.status).toBe(201);
    hold = held.body.hold;
  });
  afterAll(() => e2e?.close());

  async function signedIn(timezoneId: string, user: TestUser): Promise<BrowserContext> {
    const ctx = await e2e.browser.newContext({ timezoneId, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, user.id);
    return ctx;
  }

  const seen: Record<string, Record<string, string>> = {};
  for (const zone of zones) {
    it(`card, event page, checkout, bookings and dashboard show 8:00 PM EST with the browser in ${zone}`, async () => {
      const texts: Record<string, string> = {};
      const time = `time[datetime="${startsAt}"]`;
      const contexts = [await signedIn(zone, holder), await signedIn(zone, buyer), await signedIn(zone, organizer)];
      const [holderPage, buyerPage, organizerPage] = await Promise.all(contexts.map((c) => openPage(c)));
      const { page } = holderPage!;

      await page.goto(`${e2e.base}/search?q=${word}`);
      texts.card = (await page.getByRole('region', { name: 'Results' }).locator(time).first().textContent())!;
      await page.goto(`${e2e.base}/events/${eventId}`);
      texts.event = (await page.locator(time).first().textContent())!;
      // Prices in the venue's currency, in the viewer's locale.
      await page.getByText('$45.00').first().waitFor();
      await page.goto(`${e2e.base}/checkout/${hold.id}`);
      texts.checkout = (await page.locator(time).first().textContent())!;
      // The all-in price broken down, and the cancellation policy before paying.
      const breakdown = page.getByRole('definition');
      expect(await breakdown.allTextContents()).toEqual(['$45.00', '$0.00', 'None']);
      expect(await page.locator('.policy').textContent()).toMatch(/until .*Jan 13, \d{4}, 8:00\sPM EST \(48 hours before the start\)/);
      await buyerPage!.page.goto(`${e2e.base}/bookings`);
      texts.bookings = (await buyerPage!.page.locator(time).first().textContent())!;
      await organizerPage!.page.goto(`${e2e.base}/organizer`);
      texts.dashboard = (await organizerPage!.page
        .getByRole('row', { name: new RegExp(word) })
        .locator(time)
        .textContent())!;

      for (const [surface, text] of Object.entries(texts)) expect(text, `${zone} ${surface}`).toMatch(expected);
      for (const w of [holderPage!, buyerPage!, organizerPage!]) expect(w.errors).toEqual([]);
      seen[zone] = texts;
      await Promise.all(contexts.map((c) => c.close()));
    }, 180_000);
  }

  it('every zone read exactly the same text', () => {
    expect(Object.keys(seen)).toEqual(zones);
    expect(seen['America/Los_Angeles']).toEqual(seen['Europe/London']);
    expect(seen['Asia/Tokyo']).toEqual(seen['Europe/London']);
  });

  /** Organizers pick among their own venues: the one signing in makes the venue. */
  async function tokenFor(email: string): Promise<string> {
    const res = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return ((await res.json()) as { token: string }).token;
  }

  it('an organizer in London enters a New York showtime and sale window on the venue clock', async () => {
    const account = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Lena London');
    const call = apiAs(e2e.base, await tokenFor(account.email));
    const venue = await call('POST', '/admin/venues', {
      name: `Harlem Stage ${word}`,
      city: 'New York',
      address: '150 Convent Ave',
      timezone: 'America/New_York',
      sections: [{ name: 'Orchestra', kind: 'seated', rows: [{ label: 'A', seats: 8 }] }],
    });
    expect(venue.status).toBe(201);
    const ctx = await e2e.browser.newContext({ timezoneId: 'Europe/London', locale: 'en-US' });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/organizer/events/new?venueId=${venue.body.venue.id}`)}`);
    await signInOnForm(page, account.email);
    await page.getByLabel('Title', { exact: true }).waitFor();
    const title = `Harlem Nights ${word}`;
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Starts at', { exact: true }).fill(`${year}-01-15T20:00`);
    await page.getByText("Times are in the venue's time zone, America/New_York.").waitFor();
    await page.getByLabel('Sale opens (empty: when published)').fill(`${year}-01-01T10:00`);
    await page.getByLabel('Performers (comma separated)').fill('The Harlem Quartet');
    await page.getByRole('checkbox', { name: /^Orchestra/ }).check();
    await page.getByRole('button', { name: 'Create and publish' }).click();
    await page.getByRole('heading', { name: 'Organizer dashboard' }).waitFor();

    const row = await e2e.t.deps.db
      .selectFrom('events')
      .select(['id', 'starts_at', 'sale_starts_at'])
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe(startsAt);
    expect(row.sale_starts_at?.toISOString()).toBe(`${year}-01-01T15:00:00.000Z`);

    await page.goto(`${e2e.base}/events/${row.id}`);
    await expect.poll(() => page.locator(`time[datetime="${startsAt}"]`).first().textContent()).toMatch(/8:00\sPM EST$/);
    // Editing shows the venue's clock back, not London's.
    await page.goto(`${e2e.base}/organizer/events/${row.id}`);
    await expect.poll(() => page.getByLabel('Starts at', { exact: true }).inputValue()).toBe(`${year}-01-15T20:00`);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('the editor shows a validation error next to its field, in words', async () => {
    const account = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Ezra Errors');
    const venue = await apiAs(e2e.base, await tokenFor(account.email))('POST', '/admin/venues', {
      name: `Fields Hall ${word}`,
      city: 'Prague',
      address: 'Vodičkova 1',
      timezone: 'Europe/Prague',
      currency: 'CZK',
      sections: [{ name: 'Parter', kind: 'seated', rows: [{ label: 'A', seats: 4 }] }],
    });
    const ctx = await e2e.browser.newContext({ timezoneId: 'Europe/Prague', locale: 'en-US' });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/organizer/events/new?venueId=${venue.body.venue.id}`)}`);
    await signInOnForm(page, account.email);
    await page.getByLabel('Title', { exact: true }).fill(`No Sections ${word}`);
    await page.getByLabel('Starts at', { exact: true }).fill(`${year}-03-01T19:00`);
    await page.getByLabel('Performers (comma separated)').fill('Someone');
    // The venue's currency is preselected.
    await page.getByLabel('Price (CZK)').fill('450');
    await page.getByRole('button', { name: 'Create and publish' }).click();
    const sections = page.getByRole('group', { name: 'Sections' });
    await sections.getByText('needs at least 1 entry').waitFor();
    await page.getByText('Price tier 1: sections needs at least 1 entry.').waitFor();
    expect(await page.locator('body').textContent()).not.toMatch(/must NOT|body\/priceTiers|Invalid body/);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);
});
