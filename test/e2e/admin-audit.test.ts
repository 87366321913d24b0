import type { BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, publishShow, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** The admin's audit log page: reached from the menu, filtered by subject, axe-clean on desktop and phone; closed to others. */
describeInBrowser('admin audit log page', () => {
  let e2e: E2E;
  let admin: TestUser;
  let fan: TestUser;
  let orderId: string;

  beforeAll(async () => {
    e2e = await startE2E();
    admin = await createUser(e2e.t.deps, ['admin']);
    fan = await createUser(e2e.t.deps);
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    const word = uniqueWord();
    const show = await publishShow(apiAs(e2e.base, organizer.token), { title: `Audit Night ${word}`, venueName: `Audit Hall ${word}` });
    const held = await apiAs(e2e.base, fan.token)('POST', `/events/${show.eventId}/holds`, { sectionId: show.sectionIds[0], quantity: 1 });
    expect(held.status).toBe(201);
    const paid = await fetch(`${e2e.base}/api/v1/holds/${held.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { ...fan.auth, 'content-type': 'application/json', 'idempotency-key': `audit-${word}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    orderId = (await paid.json()).order.id;
    // The admin reads the fan's order: that read is what the page must show.
    expect((await apiAs(e2e.base, admin.token)('GET', `/orders/${orderId}`)).status).toBe(200);
  });
  afterAll(() => e2e?.close());

  for (const [label, options] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`lists and filters the audit log for an admin on a ${label}`, async () => {
      const ctx = await e2e.browser.newContext(options);
      await signInContext(ctx, e2e.t.deps, e2e.base, admin.id);
      const { page, errors } = await openPage(ctx);
      await page.goto(`${e2e.base}/`);
      if (options === phone)
        await page
          .getByRole('button', { name: /menu/i })
          .click()
          .catch(() => undefined);
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await expect.poll(() => page.title()).toBe('Audit log · Boxoffice');
      await page.getByRole('table').waitFor();

      await page.getByLabel('Subject id').fill(orderId);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const actions = page.locator('tbody tr td:nth-of-type(1)');
      await expect.poll(() => actions.allTextContents()).toEqual(['order.viewed', 'order.confirmed']);
      expect(await page.locator('tbody tr').first().textContent()).toContain(admin.id);
      await expectAccessible(page, `audit ${label}`);
      if (options === phone) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `admin-audit-${label}`);

      await page.getByLabel('Action').fill('no.such.action');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No entries match').waitFor();
      expect(errors).toEqual([]);
      await ctx.close();
    }, 180_000);
  }

  it('is not offered to a customer, and says so if they go there', async () => {
    const ctx = await e2e.browser.newContext(desktop);
    await signInContext(ctx, e2e.t.deps, e2e.base, fan.id);
    const { page } = await openPage(ctx);
    await page.goto(`${e2e.base}/admin/audit`);
    await page.getByText('This page is for admin accounts.').waitFor();
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await ctx.close();
  }, 120_000);
});
