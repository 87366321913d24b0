import { startSession } from '../../src/domain/users/start-session.js';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAdmission } from '../../src/jobs/admission.js';
import { createUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, signInOnForm, uniqueWord, type ApiCaller } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * The on-sale in the browser: the event page sends signed-in fans to the
 * waiting room, the page shows each fan's place and hands them to seat
 * selection when admitted, carrying the token itself. Admission passes are
 * run by the test (no worker runs here), one fan per pass, so the order is the
 * test's to check.
 */
describeInBrowser('waiting room', () => {
  let e2e: E2E;
  let organizer: ApiCaller;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    e2e = await startE2E({ config: { queueAutoHoldsPerSecond: 50 } });
    organizer = apiAs(e2e.base, (await createUser(e2e.t.deps, ['organizer'])).token);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await e2e?.close();
  });

  async function queuedShow(title: string, opts: { seats?: number } = {}): Promise<string> {
    const { eventId } = await publishShow(organizer, {
      title,
      ...(opts.seats ? { sections: [{ name: 'Stalls', kind: 'seated' as const, rows: [{ label: 'A', seats: opts.seats }] }] } : {}),
    });
    const on = await organizer('PUT', `/admin/events/${eventId}/queue`, { enabled: true, maxAdmitPerTick: 1 });
    expect(on.status).toBe(200);
    return eventId;
  }

  async function fan(name: string, mobile = false): Promise<WatchedPage & { email: string }> {
    const { email } = await createAccountWithPassword(e2e.t.deps, 'customer', name);
    const ctx = await e2e.browser.newContext(
      mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } },
    );
    contexts.push(ctx);
    return { ...(await openPage(ctx)), email };
  }

  /** Signs in on the way to the event page, which sends the fan on to the waiting room. */
  async function arrive(f: WatchedPage & { email: string }, eventId: string): Promise<void> {
    await f.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(f.page, f.email);
    await f.page.waitForURL(new RegExp(`/events/${eventId}/queue$`));
  }

  const positionOf = async (f: WatchedPage) => Number(await f.page.getByTestId('queue-position').textContent());
  const admit = (eventId: string) => runAdmission(e2e.t.deps, { eventIds: [eventId] });

  it('three fans in three browsers reach checkout in admission order, the token never shown', async () => {
    const eventId = await queuedShow(`Big Onsale ${uniqueWord()}`);
    const fans = [await fan('Ana First'), await fan('Bo Second'), await fan('Cy Third', true)];
    for (const [i, f] of fans.entries()) {
      await arrive(f, eventId);
      await f.page.getByTestId('queue-position').waitFor();
      expect(await positionOf(f)).toBe(i + 1);
    }
    const third = fans[2]!.page;
    await third.getByText('2 people ahead of you.').waitFor();
    await third.getByText('You can leave this page or close the browser: your place is kept for your account.', { exact: false }).waitFor();
    // The position is announced politely to screen readers.
    expect(await third.getByRole('status').filter({ hasText: 'Your number' }).getAttribute('aria-live')).toBe('polite');
    await screenshot(third, 'waiting-room-phone', true);
    await expectAccessible(third, 'waiting room on a phone');

    const reached: number[] = [];
    for (const [i, f] of fans.entries()) {
      await admit(eventId);
      // Handed to seat selection by itself; everyone behind stays in line.
      await f.page.waitForURL(new RegExp(`/events/${eventId}$`));
      for (const later of fans.slice(i + 1)) expect(later.page.url()).toMatch(/\/queue$/);
      const holdRequest = f.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/events/${eventId}/holds`));
      await f.page.getByRole('button', { name: 'Find best seats' }).click();
      const token = await f.page.evaluate(
        (id) => JSON.parse(sessionStorage.getItem(`boxoffice.queue.${id}`) ?? '{}').token as string,
        eventId,
      );
      expect((await holdRequest).headers()['x-queue-token']).toBe(token);
      await f.page.waitForURL(/\/checkout\//);
      reached.push(i);
      console.log(`[e2e] fan ${i + 1} reached checkout`);
      expect(await f.page.content()).not.toContain(token);
      await f.page.getByRole('button', { name: /^Pay / }).click();
      await f.page.getByRole('heading', { name: "You're going!" }).waitFor();
      if (i === 0) await fans[2]!.page.getByText('1 person ahead of you.').waitFor();
    }
    expect(reached).toEqual([0, 1, 2]);
    for (const f of fans) {
      expect(f.errors).toEqual([]);
      expect(f.failedRequests).toEqual([]);
    }
    const orders = await e2e.t.deps.db.selectFrom('orders').select('status').where('event_id', '=', eventId).execute();
    expect(orders.map((o) => o.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    // Three browsers, three sign-ins, seat maps and payments on a shared 2-core machine.
  }, 240_000);

  // Each test drives one or more browsers through sign-in and the line: more than the default minute on a loaded 2-core machine.
  it('keeps the place through a reload and hands over after it', async () => {
    const eventId = await queuedShow(`Reload Night ${uniqueWord()}`);
    const first = await fan('Dee Early');
    const second = await fan('Eli Reload');
    await arrive(first, eventId);
    await first.page.getByTestId('queue-position').waitFor();
    await arrive(second, eventId);
    await second.page.getByTestId('queue-position').waitFor();
    expect(await positionOf(second)).toBe(2);

    await second.page.reload();
    await second.page.getByTestId('queue-position').waitFor();
    expect(await positionOf(second)).toBe(2);
    // Straight to the event page again: still sent back to the same place.
    await second.page.goto(`${e2e.base}/events/${eventId}`);
    await second.page.waitForURL(/\/queue$/);
    await second.page.getByTestId('queue-position').waitFor();
    expect(await positionOf(second)).toBe(2);

    await admit(eventId);
    await first.page.waitForURL(new RegExp(`/events/${eventId}$`));
    await admit(eventId);
    await second.page.waitForURL(new RegExp(`/events/${eventId}$`));
    // A reload of seat selection keeps the admission (the token stays in the tab).
    await second.page.reload();
    await second.page.getByRole('button', { name: 'Find best seats' }).click();
    await second.page.waitForURL(/\/checkout\//);
    expect(second.errors).toEqual([]);
    expect(second.failedRequests).toEqual([]);
  }, 180_000);

  it('explains the random draw with a countdown before the sale opens', async () => {
    const eventId = await queuedShow(`Early Doors ${uniqueWord()}`);
    const opens = new Date(Date.now() + 3 * 3_600_000).toISOString();
    expect((await organizer('PATCH', `/admin/events/${eventId}`, { saleStartsAt: opens })).status).toBe(200);
    const f = await fan('Flo Early');
    await arrive(f, eventId);
    await f.page.getByRole('heading', { name: 'You are in: the sale has not opened yet' }).waitFor();
    await f.page.getByText(/Opens in 2:59:/).waitFor();
    await f.page.getByText('random draw').waitFor();
    await expectAccessible(f.page, 'waiting room before the opening');
    expect(f.errors).toEqual([]);
  }, 180_000);

  it('closes with a clear message and other events to try when the event sells out', async () => {
    const eventId = await queuedShow(`Tiny Gig ${uniqueWord()}`, { seats: 2 });
    const alternative = `Other Gig ${uniqueWord()}`;
    await publishShow(organizer, { title: alternative });

    // A fan ahead (through the API) buys both seats while this one waits in the browser.
    const buyer = await createUser(e2e.t.deps);
    const buyerApi = apiAs(e2e.base, buyer.token);
    expect((await buyerApi('POST', `/events/${eventId}/queue`, {})).body.position).toBe(1);
    const f = await fan('Gil Late');
    await arrive(f, eventId);
    await f.page.getByTestId('queue-position').waitFor();
    expect(await positionOf(f)).toBe(2);

    await admit(eventId);
    const pass = await buyerApi('POST', `/events/${eventId}/queue`, {});
    expect(pass.body.admitted).toBe(true);
    const sections = (await buyerApi('GET', `/events/${eventId}/seatmap`)).body.sections as { id: string }[];
    const held = await fetch(`${e2e.base}/api/v1/events/${eventId}/holds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json', 'x-queue-token': pass.body.token },
      body: JSON.stringify({ sectionId: sections[0]!.id, quantity: 2 }),
    });
    expect(held.status).toBe(201);
    const holdId = ((await held.json()) as { hold: { id: string } }).hold.id;
    const paid = await fetch(`${e2e.base}/api/v1/holds/${holdId}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json', 'idempotency-key': `sold-${holdId}` },
      body: JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } }),
    });
    expect(paid.status).toBe(201);
    await admit(eventId);

    await f.page.getByRole('alert').getByText('Every ticket for this event has been sold, so the waiting room is closed.').waitFor();
    await f.page.getByRole('link', { name: alternative }).waitFor();
    await f.page.getByRole('link', { name: 'Find other events' }).waitFor();
    await screenshot(f.page, 'waiting-room-sold-out');
    await expectAccessible(f.page, 'waiting room sold out');
    expect(f.errors).toEqual([]);
    expect(f.failedRequests).toEqual([]);
  }, 180_000);

  it('lets the organizer see the line and switch the waiting room on before the on-sale', async () => {
    const account = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Olga Organizer');
    const own = apiAs(e2e.base, (await startSession(e2e.t.deps, account.id)).token);
    const title = `Arena Night ${uniqueWord()}`;
    const { eventId: ownId } = await publishShow(own, { title });

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/login?next=${encodeURIComponent('/organizer')}`);
    await signInOnForm(page, account.email);
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByText('Off', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Switch on the waiting room of ${title}` }).click();
    await row.getByText('On', { exact: true }).waitFor();
    const panel = page.getByRole('region', { name: `Waiting room: ${title}` });
    await panel.getByText('Switches on by itself above 50 holds per second.', { exact: false }).waitFor();

    // Fans join: the dashboard shows the line without a reload.
    for (let i = 0; i < 3; i++)
      expect((await apiAs(e2e.base, (await createUser(e2e.t.deps)).token)('POST', `/events/${ownId}/queue`, {})).status).toBe(200);
    await row.getByText('3 waiting').waitFor({ timeout: 15_000 });
    await admit(ownId);
    // One admission pass lets all three in (the default admits up to 500 a pass).
    await panel.getByText('Admitted').locator('xpath=..').getByText('3', { exact: true }).waitFor({ timeout: 15_000 });
    await panel.getByText('In line now').locator('xpath=..').getByText('0', { exact: true }).waitFor({ timeout: 15_000 });
    await panel.getByText('3 per minute').waitFor();
    await screenshot(page, 'organizer-waiting-room');
    await expectAccessible(page, 'organizer dashboard with waiting room');

    await row.getByRole('button', { name: `Switch off the waiting room of ${title}` }).click();
    await row.getByText('Off', { exact: true }).waitFor();
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
  }, 180_000);
});
