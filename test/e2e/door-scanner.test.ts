import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/users.js';
import { buyTickets, codeOf, printedCodes, type Bought } from '../domain/checkin/checkin-support.js';
import { describeInBrowser, expectAccessible, launchChromium, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { qrVideoFile } from './support/fake-camera.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

/**
 * Issue 11 at the door: the scanner page reads a rotating ticket code from a
 * camera (Chromium's fake camera playing a QR video), takes codes by hand,
 * keeps working offline with the event's bundle and syncs with the conflicts
 * shown; the organizer watches check-in, assigns door staff, voids a ticket;
 * the customer's QR rotates. All under the app's strict CSP.
 */
describeInBrowser('door scanner, check-in and rotating tickets', () => {
  let e2e: E2E;
  let bought: Bought;
  let scanner: TestUser;
  beforeAll(async () => {
    e2e = await startE2E();
    bought = await buyTickets(e2e.t, 4);
    scanner = await createUser(e2e.t.deps, ['scanner']);
    const res = await e2e.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${bought.event.eventId}/scanners`,
      headers: bought.event.organizer.auth,
      payload: { email: scanner.email },
    });
    expect(res.statusCode).toBe(200);
  }, 180_000);
  afterAll(() => e2e?.close());

  async function watchCsp(ctx: BrowserContext): Promise<void> {
    await ctx.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }
  /** A Chromium of its own whose fake camera plays `video`, signed in as `user`; closed however the test ends. */
  async function withCamera(video: string, user: TestUser, run: (watched: WatchedPage) => Promise<void>): Promise<void> {
    let browser: Browser | null = null;
    try {
      browser = await launchChromium([
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ]);
      const ctx = await browser.newContext({ viewport: { width: 900, height: 1000 }, permissions: ['camera'] });
      await watchCsp(ctx);
      await signInContext(ctx, e2e.t.deps, e2e.base, user.id);
      await run(await openPage(ctx));
    } finally {
      await browser?.close();
    }
  }
  const ticketStatus = async (id: string) =>
    await e2e.t.deps.db.selectFrom('tickets').select(['status', 'checked_in_gate']).where('id', '=', id).executeTakeFirstOrThrow();

  it('reads a ticket QR from the camera and admits it', async () => {
    const ticketId = bought.ticketIds[0]!;
    const video = qrVideoFile(await codeOf(e2e.t, bought.customer, ticketId), 'door-ticket');
    await withCamera(video, scanner, async ({ page, errors }) => {
      await page.goto(`${e2e.base}/scan`);
      await page.getByRole('link', { name: /Test Event/ }).click();
      await page.waitForURL(/\/scan\/[0-9a-f-]+$/);
      await page.getByLabel('Gate').fill('North');
      await page.getByRole('button', { name: 'Start camera' }).click();
      const result = page.locator('.scan-result');
      await expect.poll(() => result.getAttribute('data-result'), { timeout: 30_000 }).toBe('admitted');
      await expect.poll(() => result.textContent()).toMatch(/Admitted.*Stalls, row A/);
      await expect.poll(() => page.getByRole('row', { name: /North 1 0/ }).count()).toBe(1);
      expect(await ticketStatus(ticketId)).toEqual({ status: 'used', checked_in_gate: 'North' });
      // The camera keeps seeing the same ticket: it is not scanned over and over (3 s apart at most), and then it is already used.
      await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('already_used');
      await screenshot(page, 'door-scanner-camera');
      await expectAccessible(page, 'door scanner');
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }, 120_000);

  it("reads a printed ticket's QR (from the PDF) from the camera and admits it once", async () => {
    // An event of its own, so the counts the other tests expect stay as they are; its organizer works the door.
    const printed = await buyTickets(e2e.t, 1);
    const work = await mkdtemp(path.join(tmpdir(), 'boxoffice-door-print-'));
    const [code] = await printedCodes(e2e.t, printed.customer, printed.orderId, work);
    const video = qrVideoFile(code!, 'door-printed-ticket');
    await rm(work, { recursive: true, force: true });
    await withCamera(video, printed.event.organizer, async ({ page, errors }) => {
      await page.goto(`${e2e.base}/scan/${printed.event.eventId}`);
      await page.getByLabel('Gate').fill('Paper');
      await page.getByRole('button', { name: 'Start camera' }).click();
      const result = page.locator('.scan-result');
      await expect.poll(() => result.getAttribute('data-result'), { timeout: 30_000 }).toBe('admitted');
      expect(await ticketStatus(printed.ticketIds[0]!)).toEqual({ status: 'used', checked_in_gate: 'Paper' });
      // The paper stays in front of the camera: the next read is refused, as for the app's code.
      await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('already_used');
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }, 120_000);

  it('checks codes typed by hand, works offline with the bundle and reports sync conflicts', async () => {
    const [, second, third, fourth] = bought.ticketIds as [string, string, string, string];
    const ctx = await e2e.browser.newContext({ viewport: { width: 900, height: 1000 } });
    await watchCsp(ctx);
    await signInContext(ctx, e2e.t.deps, e2e.base, bought.event.organizer.id);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/scan/${bought.event.eventId}`);
    await page.getByText(/offline bundle from/).waitFor();
    const result = page.locator('.scan-result');
    const enter = async (code: string) => {
      await page.getByLabel('Ticket code').fill(code);
      await page.getByRole('button', { name: 'Check code' }).click();
    };

    const code2 = await codeOf(e2e.t, bought.customer, second);
    await enter(code2);
    await expect.poll(() => result.getAttribute('data-result')).toBe('admitted');
    await expect.poll(() => page.getByLabel('Ticket code').inputValue()).toBe('');
    await enter(code2);
    await expect.poll(() => result.getAttribute('data-result')).toBe('already_used');
    await expect.poll(() => result.textContent()).toMatch(/Already used.*at Main/);
    await enter(code2.slice(0, 30) + (code2[30] === 'A' ? 'B' : 'A') + code2.slice(31));
    await expect.poll(() => result.getAttribute('data-result')).toBe('invalid');
    await screenshot(page, 'door-scanner-refused');

    // The network goes. Two tickets come to this door; one of them was let in at another door meanwhile.
    const code3 = await codeOf(e2e.t, bought.customer, third);
    const code4 = await codeOf(e2e.t, bought.customer, fourth);
    await ctx.setOffline(true);
    await page.getByText(/^Offline ·/).waitFor();
    await enter(code3);
    await expect.poll(() => result.getAttribute('data-result')).toBe('admitted');
    await expect.poll(() => result.textContent()).toMatch(/checked offline/);
    const elsewhere = await e2e.t.app.inject({
      method: 'POST',
      url: '/api/v1/checkin/scan',
      headers: scanner.auth,
      payload: { eventId: bought.event.eventId, code: code4, gate: 'East' },
    });
    expect(elsewhere.json().result).toBe('admitted');
    await enter(code4);
    await expect.poll(() => result.getAttribute('data-result')).toBe('admitted');
    await enter(code3);
    await expect.poll(() => result.getAttribute('data-result')).toBe('already_used');
    await page.getByText('2 offline scans waiting to sync.').waitFor();
    await screenshot(page, 'door-scanner-offline');

    await ctx.setOffline(false);
    const report = page.locator('.sync-report');
    await expect.poll(() => report.textContent(), { timeout: 15_000 }).toMatch(/Synced 2 offline scans: 1 recorded, 1 conflict/);
    await expect.poll(() => report.textContent()).toMatch(/Conflict: Already used.*gate East/);
    await page.getByText('Nothing waiting to sync.').waitFor();
    expect(await ticketStatus(third)).toEqual({ status: 'used', checked_in_gate: 'Main' });
    expect(await ticketStatus(fourth)).toEqual({ status: 'used', checked_in_gate: 'East' });
    await screenshot(page, 'door-scanner-synced');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    // The failed requests while offline are the point of the test; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('shows the organizer live check-in, assigns door staff and voids a ticket', async () => {
    const extra = await buyTickets(e2e.t, 1, bought.event);
    const serial = (
      await e2e.t.deps.db.selectFrom('tickets').select('serial').where('id', '=', extra.ticketIds[0]!).executeTakeFirstOrThrow()
    ).serial;
    const another = await createUser(e2e.t.deps, ['scanner']);
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await watchCsp(ctx);
    await signInContext(ctx, e2e.t.deps, e2e.base, bought.event.organizer.id);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer`);
    await page.getByRole('link', { name: /Door tools of/ }).click();
    await page.waitForURL(/\/door$/);
    const figures = page.locator('.checkin-figures');
    await expect.poll(() => figures.textContent()).toMatch(/4 of 5 tickets checked in · 1 to come/);
    await expect.poll(() => page.getByRole('row', { name: /^East 1 0/ }).count()).toBe(1);

    // Live: a scan at the door shows within the polling interval.
    const code = await codeOf(e2e.t, extra.customer, extra.ticketIds[0]!);
    const reissue = await e2e.t.app.inject({
      method: 'POST',
      url: '/api/v1/checkin/scan',
      headers: scanner.auth,
      payload: { eventId: bought.event.eventId, code: 'BO1.forged', gate: 'East' },
    });
    expect(reissue.json().result).toBe('invalid');
    await expect.poll(() => page.getByRole('row', { name: /^East 1 1/ }).count(), { timeout: 15_000 }).toBe(1);

    await page.getByLabel('Email of a scanner account').fill(bought.customer.email);
    await page.getByRole('button', { name: 'Assign to this event' }).click();
    await page.getByText('This account does not have the scanner role').waitFor();
    await page.getByLabel('Email of a scanner account').fill(another.email);
    await page.getByRole('button', { name: 'Assign to this event' }).click();
    await page.getByText(another.email).waitFor();

    await page.getByLabel(/Ticket serial/).fill(serial);
    await page.getByRole('button', { name: 'Find ticket' }).click();
    await page.getByText(/status valid · code version 1/).waitFor();
    await page.getByRole('button', { name: 'Void ticket' }).click();
    await page.getByText(/The ticket is void/).waitFor();
    await page.getByText(/status void · code version 2/).waitFor();
    const refused = await e2e.t.app.inject({
      method: 'POST',
      url: '/api/v1/checkin/scan',
      headers: scanner.auth,
      payload: { eventId: bought.event.eventId, code },
    });
    expect(refused.json().result).toBe('void');
    await screenshot(page, 'organizer-door-tools', true);
    await expectAccessible(page, 'door tools');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([`400 POST /api/v1/admin/events/${bought.event.eventId}/scanners`]);
    await ctx.close();
  }, 120_000);

  it("rotates the customer's QR code and the shown code admits at the door", async () => {
    const fresh = await buyTickets(e2e.t, 1, bought.event);
    const ctx = await e2e.browser.newContext({ viewport: { width: 900, height: 1000 } });
    await watchCsp(ctx);
    await signInContext(ctx, e2e.t.deps, e2e.base, fresh.customer.id);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/bookings`);
    const qr = page.locator('.rotating-qr');
    await qr.waitFor();
    await page.getByRole('img', { name: /QR code for Stalls, row A/ }).waitFor();
    const first = (await qr.getAttribute('data-code'))!;
    await expect.poll(() => qr.getAttribute('data-code'), { timeout: 30_000, interval: 1_000 }).not.toBe(first);
    const shown = (await qr.getAttribute('data-code'))!;
    const res = await e2e.t.app.inject({
      method: 'POST',
      url: '/api/v1/checkin/scan',
      headers: scanner.auth,
      payload: { eventId: bought.event.eventId, code: shown },
    });
    expect(res.json().result).toBe('admitted');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
