import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSession } from '../../src/domain/users/start-session.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import type { TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { createAccountWithPassword, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

const run = promisify(execFile);

/**
 * After the purchase: the buyer downloads the tickets PDF from My bookings; the
 * organizer opens the event's attendees, searches them and exports the CSV.
 */
describeInBrowser('ticket delivery and door lists in the browser', () => {
  let e2e: E2E;
  let ev: PublishedEvent;
  let title: string;
  let work: string;
  const buyers: TestUser[] = [];
  const names = ['Greta Lindqvist', 'Hamid Osei', 'Ines Duarte'];

  async function asTestUser(account: { id: string; email: string }, role: 'organizer' | 'customer'): Promise<TestUser> {
    const { token } = await startSession(e2e.t.deps, account.id);
    return { ...account, token, roles: [role], auth: { authorization: `Bearer ${token}` } };
  }

  beforeAll(async () => {
    e2e = await startE2E();
    work = await mkdtemp(path.join(tmpdir(), 'boxoffice-e2e-delivery-'));
    const organizer = await asTestUser(await createAccountWithPassword(e2e.t.deps, 'organizer', 'Olga Organizer'), 'organizer');
    ev = await createPublishedEvent(e2e.t.deps, { organizer, seatedRows: 2, seatsPerRow: 5 });
    title = `Door Night ${uniqueWord()}`;
    await e2e.t.deps.db.updateTable('events').set({ title }).where('id', '=', ev.eventId).execute();
    for (const [i, name] of names.entries()) {
      const buyer = await asTestUser(await createAccountWithPassword(e2e.t.deps, 'customer', name), 'customer');
      const h = await hold(e2e.t.app, buyer, ev.eventId, { seatIds: [ev.seatIds[2 * i], ev.seatIds[2 * i + 1]] });
      expect(h.statusCode).toBe(201);
      expect((await checkout(e2e.t.app, buyer, h.json().hold.id, `e2e-${h.json().hold.id}`)).json().order.status).toBe('confirmed');
      buyers.push(buyer);
    }
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await e2e?.close();
  });

  it('My bookings downloads the tickets as a PDF with the seats and the event on it', async () => {
    const ctx = await e2e.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, buyers[0]!.id);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/bookings`);
    const card = page.getByRole('article').filter({ hasText: title });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Download tickets (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tickets-[0-9a-f-]+\.pdf$/);
    const file = path.join(work, 'tickets.pdf');
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await run('pdftotext', [file, '-'])).stdout;
    expect(text).toContain(title);
    expect(text).toContain('Stalls, row A, seat 1');
    expect(text).toContain('Stalls, row A, seat 2');

    const [ics] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Add to calendar (.ics)' }).click()]);
    await ics.saveAs(path.join(work, 'event.ics'));
    expect(await readFile(path.join(work, 'event.ics'), 'utf8')).toContain('DTSTART;TZID=Europe/Berlin:');
    await screenshot(page, 'my-bookings-downloads');
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });

  it('the organizer finds the attendee list from the dashboard, searches it, pages the orders and exports CSV', async () => {
    const ctx = await e2e.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, ev.organizer.id);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer`);
    await page.getByRole('link', { name: `Attendees of ${title}` }).click();
    await page.waitForURL(/\/organizer\/events\/[0-9a-f-]+\/attendees$/);
    await page.getByRole('heading', { name: `Attendees: ${title}` }).waitFor();

    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(7); // a header row and six tickets
    await page.getByText('1–6 of 6').waitFor();
    await page.getByLabel('Search by name, e-mail, order number or ticket code').fill('osei');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByRole('table').getByText('Hamid Osei').count()).toBe(2);
    expect(await page.getByRole('table').getByText('Greta Lindqvist').count()).toBe(0);
    await expectAccessible(page, 'organizer attendee list');
    await screenshot(page, 'organizer-attendees');

    // The export follows the search.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`attendees-${ev.eventId}.csv`);
    await download.saveAs(path.join(work, 'attendees.csv'));
    const csv = (await readFile(path.join(work, 'attendees.csv'), 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('order_number,ticket_code,ticket_status,section,row,seat,name,email');
    expect(csv.slice(1).map((l) => l.split(',')[6])).toEqual(['Hamid Osei', 'Hamid Osei']);

    // Orders: one per buyer, the search cleared.
    await page.getByLabel('Search by name, e-mail, order number or ticket code').fill('');
    await page.getByRole('button', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: `Orders: ${title}` }).waitFor();
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByText('1–3 of 3').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
