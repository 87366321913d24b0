import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, publishShow, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * Every page of the app, on a desktop and on a phone: axe-core finds no
 * serious or critical violation, the document has a title of its own, nothing
 * scrolls sideways on the phone, and no console error is logged.
 */
describeInBrowser('accessibility of every page', () => {
  let e2e: E2E;
  let organizer: TestUser;
  let admin: TestUser;
  let fan: TestUser;
  let scanner: TestUser;
  let show: { eventId: string; venueId: string; title: string };
  let queued: { eventId: string; title: string };
  let holdId: string;
  let orderId: string;

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createUser(e2e.t.deps, ['organizer']);
    admin = await createUser(e2e.t.deps, ['admin']);
    fan = await createUser(e2e.t.deps);
    const org = apiAs(e2e.base, organizer.token);
    const word = uniqueWord();
    const title = `Aurora Strings ${word}`;
    show = { ...(await publishShow(org, { title, performers: ['Aurora Strings'] })), title };
    const queuedTitle = `Queue Night ${word}`;
    const q = await publishShow(org, { title: queuedTitle, venueName: `Queue Hall ${word}` });
    queued = { eventId: q.eventId, title: queuedTitle };
    expect((await org('PUT', `/admin/events/${q.eventId}/queue`, { enabled: true, maxAdmitPerTick: 1 })).status).toBe(200);

    // The fan's booking (a confirmation page) on one show and a live hold (the checkout) on another.
    const call = apiAs(e2e.base, fan.token);
    const map = await (await fetch(`${e2e.base}/api/v1/events/${show.eventId}/seatmap`)).json();
    const paidHold = await call('POST', `/events/${show.eventId}/holds`, { sectionId: map.sections[0].id, quantity: 2 });
    expect(paidHold.status).toBe(201);
    const paid = await fetch(`${e2e.base}/api/v1/holds/${paidHold.body.hold.id}/checkout`, {
      method: 'POST',
      headers: { ...fan.auth, 'content-type': 'application/json', 'idempotency-key': `a11y-${word}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    orderId = (await paid.json()).order.id;
    const other = await publishShow(org, { title: `Second Show ${word}`, venueName: `Second Hall ${word}` });
    const live = await call('POST', `/events/${other.eventId}/holds`, { sectionId: other.sectionIds[0], quantity: 2 });
    expect(live.status).toBe(201);
    holdId = live.body.hold.id;
    scanner = await createUser(e2e.t.deps, ['scanner']);
    expect((await org('POST', `/admin/events/${show.eventId}/scanners`, { email: scanner.email })).status).toBe(200);
  });
  afterAll(() => e2e?.close());

  interface Visit {
    path: string;
    /** The page's main heading once it is ready. */
    heading: string | RegExp;
    title: string | RegExp;
    then?: (page: Page) => Promise<void>;
  }

  async function tour(as: TestUser | null, options: BrowserContextOptions, label: string, visits: Visit[]): Promise<void> {
    const ctx = await e2e.browser.newContext(options);
    if (as) await signInContext(ctx, e2e.t.deps, e2e.base, as.id);
    const { page, errors } = await openPage(ctx);
    for (const v of visits) {
      const started = Date.now();
      await page.goto(`${e2e.base}${v.path}`);
      await page.getByRole('heading', { level: 1, name: v.heading }).waitFor();
      if (v.then) await v.then(page);
      const name = `${label} ${v.path}`;
      await expect.poll(() => page.title(), { message: name }).toMatch(v.title);
      expect(await page.title()).toMatch(/ · Boxoffice$/);
      await expectAccessible(page, name);
      if (options === phone) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
        await screenshot(page, `a11y-phone-${label.replaceAll(' ', '-')}-${visits.indexOf(v) + 1}`);
      }
      if (process.env.A11Y_TIMINGS) console.log(`${name}: ${Date.now() - started} ms`);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  }

  const accountReady = async (page: Page) => {
    await page.getByText('This device').waitFor();
  };

  const seatMapReady = async (page: Page) => {
    await page.getByText('Live: seats taken by others').waitFor();
  };

  for (const [label, options] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`public pages on a ${label}: home, search, event with seat map, sign in, register, not found`, async () => {
      await tour(null, options, label, [
        { path: '/', heading: 'Live events, the best seats, no surprises', title: 'Live events and tickets · Boxoffice' },
        { path: `/search?q=${encodeURIComponent(show.title)}`, heading: 'Find events', title: 'Find events · Boxoffice' },
        { path: `/events/${show.eventId}`, heading: show.title, title: `${show.title} · Boxoffice`, then: seatMapReady },
        { path: '/login', heading: 'Sign in', title: 'Sign in · Boxoffice' },
        {
          path: '/login?next=%2Fbookings',
          heading: 'Sign in',
          title: 'Create an account · Boxoffice',
          then: async (page) => {
            await page.getByRole('button', { name: 'Create an account' }).click();
            await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
          },
        },
        { path: '/no-such-page', heading: 'Page not found', title: 'Page not found · Boxoffice' },
      ]);
    }, 300_000);

    it(`a fan's pages on a ${label}: waiting room, checkout, confirmation, my bookings, account`, async () => {
      await tour(fan, options, label, [
        { path: `/events/${queued.eventId}/queue`, heading: 'Waiting room', title: 'Waiting room · Boxoffice' },
        { path: `/checkout/${holdId}`, heading: 'Checkout', title: 'Checkout · Boxoffice' },
        { path: `/orders/${orderId}`, heading: "You're going!", title: 'Booking confirmed · Boxoffice' },
        {
          path: '/bookings',
          heading: 'My bookings',
          title: 'My bookings · Boxoffice',
          then: async (page) => {
            await page.getByText(show.title).first().waitFor();
          },
        },
        { path: '/account', heading: 'Your account', title: 'Your account · Boxoffice', then: accountReady },
      ]);
    }, 300_000);

    it(`account pages on a ${label}: forgot password, reset password, confirm e-mail`, async () => {
      await tour(null, options, `${label} accounts`, [
        { path: '/forgot-password', heading: 'Reset your password', title: 'Reset your password · Boxoffice' },
        { path: '/reset-password', heading: 'Choose a new password', title: 'Choose a new password · Boxoffice' },
        {
          path: '/reset-password#token=not-a-real-token',
          heading: 'Choose a new password',
          title: 'Choose a new password · Boxoffice',
          then: async (page) => {
            // The refused link's state, with its field message and notice, is checked too.
            await page.getByLabel('New password').fill('violet lantern orbit mosaic');
            await page.getByRole('button', { name: 'Set new password' }).click();
            await page.getByText(/This link is invalid, already used or expired/).waitFor();
          },
        },
        {
          path: '/verify-email#token=not-a-real-token',
          heading: 'Confirm your e-mail address',
          title: 'Confirm your e-mail address · Boxoffice',
          then: async (page) => {
            await page.getByText(/This confirmation link is invalid/).waitFor();
          },
        },
      ]);
    }, 300_000);

    it(`door and venue pages on a ${label}: attendees, orders, venues, venue edit, door tools, scanner`, async () => {
      const escaped = show.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      await tour(organizer, options, `${label} door`, [
        {
          path: `/organizer/events/${show.eventId}/attendees`,
          heading: `Attendees: ${show.title}`,
          title: new RegExp(`^Attendees: ${escaped}`),
          then: async (page) => {
            await page.getByRole('table', { name: 'Attendees' }).getByRole('row').nth(1).waitFor();
          },
        },
        {
          path: `/organizer/events/${show.eventId}/attendees`,
          heading: `Attendees: ${show.title}`,
          title: new RegExp(`^Orders: ${escaped}`),
          then: async (page) => {
            await page.getByRole('table', { name: 'Attendees' }).waitFor();
            await page.getByRole('button', { name: 'Orders' }).click();
            await page.getByRole('table', { name: 'Orders' }).getByRole('row').nth(1).waitFor();
          },
        },
        {
          path: '/organizer/venues',
          heading: 'Venues',
          title: 'Venues · Boxoffice',
          then: async (page) => {
            await page.getByRole('link', { name: /Edit/ }).first().waitFor();
          },
        },
        {
          path: `/organizer/venues/${show.venueId}`,
          heading: 'Edit venue',
          title: 'Edit venue · Boxoffice',
          then: async (page) => {
            await page.getByLabel('Name', { exact: true }).waitFor();
          },
        },
        {
          path: `/organizer/events/${show.eventId}/door`,
          heading: `Door: ${show.title}`,
          title: new RegExp(`^Door: ${escaped}`),
          then: async (page) => {
            await page.locator('.checkin-figures').waitFor();
          },
        },
        {
          path: `/scan/${show.eventId}`,
          heading: show.title,
          title: new RegExp(`^${escaped}`),
          then: async (page) => {
            await page.getByText(/offline bundle from/).waitFor();
          },
        },
      ]);
      await tour(scanner, options, `${label} scanner`, [
        {
          path: '/scan',
          heading: 'Door scanner',
          title: 'Door scanner · Boxoffice',
          then: async (page) => {
            await page.getByRole('link', { name: new RegExp(escaped) }).waitFor();
          },
        },
      ]);
    }, 300_000);

    it(`organizer and admin pages on a ${label}: dashboard, event editor, venue builder, webhooks, account`, async () => {
      const editor = async (page: Page) => {
        await page.getByLabel('Title', { exact: true }).waitFor();
      };
      await tour(organizer, options, label, [
        {
          path: '/organizer',
          heading: 'Organizer dashboard',
          title: 'Organizer dashboard · Boxoffice',
          then: async (page) => {
            await page.getByRole('row', { name: new RegExp(show.title) }).waitFor();
          },
        },
        { path: '/organizer/events/new', heading: 'New event', title: 'New event · Boxoffice', then: editor },
        { path: `/organizer/events/${show.eventId}`, heading: 'Edit event', title: 'Edit event · Boxoffice', then: editor },
        { path: '/organizer/venues/new', heading: 'New venue', title: 'New venue · Boxoffice' },
        {
          path: '/account',
          heading: 'Your account',
          title: 'Your account · Boxoffice',
          then: async (page) => {
            await accountReady(page);
            // The two-factor set-up with its QR code, as an organizer sees it.
            await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
            await page.getByRole('img', { name: /QR code/ }).waitFor();
          },
        },
        { path: '/organizer/webhooks', heading: 'Webhooks', title: 'Webhooks · Boxoffice' },
      ]);
      await tour(admin, options, `${label} admin`, [
        {
          path: '/organizer',
          heading: 'Organizer dashboard',
          title: 'Organizer dashboard · Boxoffice',
          then: async (page) => {
            // Admins see every organizer's events.
            await page.getByRole('row', { name: new RegExp(show.title) }).waitFor();
          },
        },
      ]);
    }, 300_000);
  }
});
