import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/domain/webhooks/webhook.rules.js';
import { startSession } from '../../src/domain/users/start-session.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import type { TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { createAccountWithPassword, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

const run = promisify(execFile);

/** The organizer's webhooks page against a real local endpoint, and the buyer's receipt from My bookings. */
describeInBrowser('webhooks and receipts in the browser', () => {
  let e2e: E2E;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let organizer: TestUser;
  let buyer: TestUser;
  let ev: PublishedEvent;
  let title: string;
  let work: string;

  async function asTestUser(account: { id: string; email: string }, role: 'organizer' | 'customer'): Promise<TestUser> {
    const { token } = await startSession(e2e.t.deps, account.id);
    return { ...account, token, roles: [role], auth: { authorization: `Bearer ${token}` } };
  }

  beforeAll(async () => {
    e2e = await startE2E();
    receiver = await startWebhookReceiver();
    work = await mkdtemp(path.join(tmpdir(), 'boxoffice-e2e-receipts-'));
    organizer = await asTestUser(await createAccountWithPassword(e2e.t.deps, 'organizer', 'Wanda Webhook'), 'organizer');
    ev = await createPublishedEvent(e2e.t.deps, { organizer, seatedRows: 1, seatsPerRow: 4, taxRateBasisPoints: 2000 });
    title = `Receipt Night ${uniqueWord()}`;
    await e2e.t.deps.db.updateTable('events').set({ title }).where('id', '=', ev.eventId).execute();
    buyer = await asTestUser(await createAccountWithPassword(e2e.t.deps, 'customer', 'Rafael Receipt'), 'customer');
    const h = await hold(e2e.t.app, buyer, ev.eventId, { seatIds: [ev.seatIds[0]] });
    expect((await checkout(e2e.t.app, buyer, h.json().hold.id, `e2e-${h.json().hold.id}`)).json().order.status).toBe('confirmed');
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await receiver?.close();
    await e2e?.close();
  });

  it('an organizer adds an endpoint, copies the secret, sends a signed test, reads the log, redelivers and removes it', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, organizer.id);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No endpoints yet' }).waitFor();
    await expectAccessible(page, 'webhooks page, empty');

    await page.getByLabel('Endpoint URL').fill(`${receiver.url}/hooks`);
    await page.getByLabel(/Event changed/).check();
    await page.getByLabel('Description (optional)').fill('Our CRM');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const card = page.getByRole('article').filter({ hasText: `${receiver.url}/hooks` });
    // The list refetches after the secret shows: wait for the new endpoint's card.
    await card
      .getByText('Sends: Order confirmed, Order cancelled (refunded), Payment refunded (order not completed), Event changed')
      .waitFor();

    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByRole('status').filter({ hasText: 'Test ping delivered: 200' }).waitFor();
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0]!;
    // The secret the page showed verifies the signature the endpoint received.
    expect(verifyWebhookSignature(secret, ping.body, String(ping.headers['boxoffice-signature']), new Date())).toBe(true);

    await card.getByRole('button', { name: 'Show deliveries' }).click();
    const rows = card.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = card.getByRole('row', { name: /Test ping/ });
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('200');
    await expectAccessible(page, 'webhooks page with its delivery log');
    await screenshot(page, 'organizer-webhooks');

    receiver.answerNext(500);
    await row.getByRole('button', { name: /^Redeliver Test ping/ }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body).toBe(ping.body);
    const failed = card.getByRole('row', { name: /Test ping/ }).filter({ hasText: 'redelivery' });
    await expect(failed.getByRole('cell').nth(2).textContent()).resolves.toContain('500');
    await expect(failed.getByRole('cell').nth(1).textContent()).resolves.toContain('pending');

    page.once('dialog', (d) => void d.accept());
    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('heading', { name: 'No endpoints yet' }).waitFor();
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });

  it('My bookings downloads the receipt with its number, the event and the tax', async () => {
    const ctx = await e2e.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, buyer.id);
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/bookings`);
    const card = page.getByRole('article').filter({ hasText: title });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Receipt (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe('R-000001.pdf');
    const file = path.join(work, 'receipt.pdf');
    await download.saveAs(file);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('Receipt R-000001');
    expect(text).toContain(title);
    expect(text).toContain('Rafael Receipt');
    expect(text).toContain('Wanda Webhook');
    expect(text).toMatch(/Tax included \(20%\)\s+€8\.33 \(EUR\)/);
    await expectAccessible(page, 'my bookings with the receipt link');
    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
