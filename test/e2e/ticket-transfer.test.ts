import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSession } from '../../src/domain/users/start-session.js';
import { createUser, type TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A fan hands a ticket to a friend from My bookings; the friend (another
 * browser, a phone) accepts it and gets a code of their own, and the sender's
 * page says the ticket is theirs now.
 */
describeInBrowser('a ticket transferred between two fans', () => {
  let e2e: E2E;
  let eventId: string;
  let sectionId: string;
  let title: string;

  beforeAll(async () => {
    e2e = await startE2E();
    title = `Hand On ${uniqueWord()}`;
    let sectionIds: string[];
    ({ eventId, sectionIds } = await publishShow(apiAs(e2e.base, (await createUser(e2e.t.deps, ['organizer'])).token), { title }));
    sectionId = sectionIds[0]!;
  });
  afterAll(() => e2e?.close());

  async function asTestUser(account: { email: string; id: string }): Promise<TestUser> {
    const { token } = await startSession(e2e.t.deps, account.id);
    return { ...account, token, roles: ['customer'], auth: { authorization: `Bearer ${token}` } };
  }

  it('offers a ticket from My bookings, the friend accepts it on a phone and gets its code', async () => {
    const sender = await createAccountWithPassword(e2e.t.deps, 'customer', 'Sam Sender');
    const friend = await createAccountWithPassword(e2e.t.deps, 'customer', 'Fran Friend');
    // Only an account that confirmed the address may accept what is sent to it.
    await e2e.t.deps.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', friend.id).execute();
    const buyer = await asTestUser(sender);
    const held = await hold(e2e.t.app, buyer, eventId, { sectionId, quantity: 2 });
    expect(held.statusCode, held.body).toBe(201);
    const paid = await checkout(e2e.t.app, buyer, held.json().hold.id, `e2e-transfer-${held.json().hold.id}`);
    expect(paid.statusCode, paid.body).toBe(201);

    const a = await openPage(await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await a.page.goto(`${e2e.base}/login?next=${encodeURIComponent('/bookings')}`);
    await signInOnForm(a.page, sender.email);
    await a.page.getByRole('heading', { name: title }).waitFor();
    await a.page
      .getByRole('button', { name: /^Transfer the ticket for/ })
      .first()
      .click();
    const form = a.page.getByRole('form', { name: /^Transfer the ticket for/ });
    // A typo is answered beside the field, and nothing is sent.
    await form.getByLabel('Their e-mail address').fill(sender.email);
    await form.getByRole('button', { name: 'Send ticket' }).click();
    await form.getByText(/your own/).waitFor();
    await form.getByLabel('Their e-mail address').fill(friend.email);
    await expectAccessible(a.page, 'My bookings with the transfer form');
    await form.getByRole('button', { name: 'Send ticket' }).click();
    await a.page.getByText(/^Offered to c•••@e2e\.boxoffice\.test/).waitFor();
    await a.page.getByRole('button', { name: 'Take back the offer' }).waitFor();

    const b = await openPage(await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    await b.page.goto(`${e2e.base}/login?next=${encodeURIComponent('/bookings')}`);
    await signInOnForm(b.page, friend.email);
    const offers = b.page.getByRole('region', { name: 'Tickets offered to you' });
    await offers.getByRole('heading', { name: title }).waitFor();
    expect(await offers.textContent()).toMatch(/face value .+, no charge/);
    await expectAccessible(b.page, 'My bookings with an offered ticket (phone)');
    await offers.getByRole('button', { name: 'Accept ticket' }).click();
    const received = b.page.getByRole('region', { name: 'Tickets transferred to you' });
    await received.getByText(title).waitFor();
    await expect.poll(() => received.locator('.rotating-qr[data-code^="BO1."]').count()).toBe(1);
    await screenshot(b.page, 'ticket-transfer-received', true);

    // The sender's page: that ticket is theirs now, no code, and the booking can no longer be cancelled.
    await a.page.reload();
    await a.page.getByText('Transferred to another fan: it is theirs now').waitFor();
    await a.page.getByRole('img', { name: /transferred, no code/ }).waitFor();
    expect(await a.page.getByRole('button', { name: 'Cancel booking' }).count()).toBe(0);
    expect(await a.page.getByRole('button', { name: /^Transfer the ticket for/ }).count()).toBe(1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
