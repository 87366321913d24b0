import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEvent } from '../../src/domain/catalogue/create-event.js';
import type { Role } from '../../src/security/auth-tokens.js';
import { createVenueWith } from '../factories/catalogue.js';
import { describeInBrowser, expectAccessible, openPage } from './support/browser.js';
import { createAccountWithPassword, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * An organizer with more events than one page: the stadium show, created
 * first, is found by searching; status filter, "Load more", the success notice
 * after publishing, and where each role lands after signing in.
 */
describeInBrowser('organizer dashboard in the browser', () => {
  let e2e: E2E;
  let organizer: { email: string; id: string };
  const word = uniqueWord();
  const stadium = `Stadium Spectacular ${word}`;
  const eventCount = 226;

  async function drafts(owner: { id: string }, titles: string[]): Promise<void> {
    const roles: Role[] = ['organizer'];
    const principal = { userId: owner.id, roles };
    const asUser = { id: owner.id, email: '', token: '', roles, auth: { authorization: '' } };
    const venue = await createVenueWith(e2e.t.deps, asUser, {
      sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }],
    });
    for (const [i, title] of titles.entries()) {
      await createEvent(e2e.t.deps, principal, {
        title,
        description: '',
        category: 'concert',
        venueId: venue.id,
        startsAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(),
        performers: ['Band'],
        priceTiers: [{ name: 'Floor', price: { amount: 2000, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      });
    }
  }

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Dana Dashboard');
    const rival = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Rita Rival');
    // The stadium show first, so it is the oldest: newest-first it comes after every other event.
    await drafts(organizer, [stadium, ...Array.from({ length: eventCount - 1 }, (_, i) => `Club night ${i + 1} ${word}`)]);
    await drafts(rival, [`Stadium Rival ${word}`]);
  });
  afterAll(() => e2e?.close());

  it('finds the stadium show among 226 events by search, filters by status, loads more, and confirms publishing', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);

    // Organizers land on their dashboard after signing in.
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, organizer.email);
    await page.waitForURL(/\/organizer$/);
    await page.getByRole('heading', { name: 'Organizer dashboard' }).waitFor();

    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(51); // a header row and the first 50 events
    await expect(page.getByRole('row', { name: new RegExp(stadium) }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Load more events' }).click();
    await expect.poll(() => rows.count()).toBe(101);

    // Search by title.
    await page.getByLabel('Search by title').fill('stadium');
    await expect.poll(() => rows.count()).toBe(2);
    const row = page.getByRole('row', { name: new RegExp(stadium) });
    await row.waitFor();
    expect(await page.getByText(`Stadium Rival ${word}`).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Load more events' }).count()).toBe(0);

    // Publish it from the result: a status message confirms.
    await row.getByRole('button', { name: `Publish ${stadium}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${stadium}” is published.` })
      .waitFor();

    // Status filter, with the search still applied.
    await page.getByLabel('Status').selectOption('published');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Status').selectOption('removed');
    await page.getByRole('heading', { name: 'No events match' }).waitFor();
    await page.getByLabel('Search by title').fill('');
    await page.getByLabel('Status').selectOption('draft');
    await expect.poll(() => rows.count()).toBe(51);
    await expect(page.getByRole('row', { name: new RegExp(stadium) }).count()).resolves.toBe(0);
    await expectAccessible(page, 'organizer dashboard with filters');

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });

  it('shows a notice after creating a venue and an event', async () => {
    const owner = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Nina Notice');
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, owner.email);
    await page.waitForURL(/\/organizer$/);
    await page.getByRole('heading', { name: 'No events yet' }).waitFor();

    await page.getByRole('link', { name: 'New venue' }).click();
    await page.getByLabel('Venue name', { exact: true }).fill(`Notice Hall ${word}`);
    await page.getByLabel('City', { exact: true }).fill('Vienna');
    await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Vienna');
    await page.getByLabel('Address', { exact: true }).fill('Ringstraße 1');
    await page.getByLabel('Section 1 name', { exact: true }).fill('Parterre');
    await page.getByLabel('Rows', { exact: true }).fill('2');
    await page.getByLabel('Seats per row', { exact: true }).fill('5');
    await page.getByLabel('Capacity', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Create venue' }).click();
    await page.waitForURL(/\/organizer\/events\/new\?venueId=/);
    await page
      .getByRole('status')
      .filter({ hasText: `Venue “Notice Hall ${word}” is created.` })
      .waitFor();

    const title = `Notice Night ${word}`;
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Starts at', { exact: true }).fill('2030-05-01T19:30');
    await page.getByLabel('Performers (comma separated)').fill('Anna Berger');
    await page.getByLabel('Tier 1 name', { exact: true }).fill('Parterre');
    await page
      .getByLabel(/^Price/)
      .first()
      .fill('30');
    await page
      .getByRole('checkbox', { name: /^Parterre/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/organizer$/);
    await page
      .getByRole('status')
      .filter({ hasText: `“${title}” is created as a draft.` })
      .waitFor();
    await page.getByRole('row', { name: new RegExp(title) }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('customers keep landing on the home page after signing in', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer');
    const ctx = await e2e.browser.newContext();
    const { page } = await openPage(ctx);
    await page.goto(`${e2e.base}/login`);
    await signInOnForm(page, customer.email);
    await page.waitForURL(`${e2e.base}/`);
    expect(new URL(page.url()).pathname).toBe('/');
    await ctx.close();
  });
});
