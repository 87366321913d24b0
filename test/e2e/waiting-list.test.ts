import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshDirtyAvailability } from '../../src/db/repositories/holds.repository.js';
import { startSession } from '../../src/domain/users/start-session.js';
import { createUser, type TestUser } from '../factories/users.js';
import { checkout, hold, postJson } from '../support/booking-helpers.js';
import { describeInBrowser, expectAccessible, openPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A sold-out show: a fan joins the waiting list on the event page, a ticket
 * holder cancels, and the seats are held for the fan — on the event page and
 * in My bookings — who pays for them. The organizer reorders and clears the list.
 */
describeInBrowser('the sold-out waiting list', () => {
  let e2e: E2E;
  let eventId: string;
  let title: string;
  let organizer: TestUser;
  let organizerEmail: string;
  let orderId: string;
  let holder: TestUser;

  async function asTestUser(account: { email: string; id: string }, roles: TestUser['roles'] = ['customer']): Promise<TestUser> {
    const { token } = await startSession(e2e.t.deps, account.id);
    return { ...account, token, roles, auth: { authorization: `Bearer ${token}` } };
  }

  beforeAll(async () => {
    e2e = await startE2E();
    title = `Last Seats ${uniqueWord()}`;
    const account = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Olga Organizer');
    organizerEmail = account.email;
    organizer = await asTestUser(account, ['organizer']);
    let sectionIds: string[];
    ({ eventId, sectionIds } = await publishShow(apiAs(e2e.base, organizer.token), {
      title,
      sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 2 }] }],
    }));
    holder = await createUser(e2e.t.deps);
    const held = await hold(e2e.t.app, holder, eventId, { sectionId: sectionIds[0], quantity: 2 });
    expect(held.statusCode, held.body).toBe(201);
    const paid = await checkout(e2e.t.app, holder, held.json().hold.id, `e2e-wl-${held.json().hold.id}`);
    expect(paid.statusCode, paid.body).toBe(201);
    orderId = paid.json().order.id;
    await refreshDirtyAvailability(e2e.t.deps.db, new Date(), 200);
  });
  afterAll(() => e2e?.close());

  it('joins on the event page, gets the released seats as a hold and pays for them', async () => {
    const account = await createAccountWithPassword(e2e.t.deps, 'customer', 'Wendy Waiting');
    const a = await openPage(await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await a.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(a.page, account.email);
    const form = a.page.getByRole('form', { name: 'Join the waiting list' });
    await form.getByLabel('Tickets').fill('9');
    await form.getByRole('button', { name: 'Join the waiting list' }).click();
    await a.page.getByText(/At most 6 tickets per person/).waitFor();
    await form.getByLabel('Tickets').fill('2');
    await expectAccessible(a.page, 'sold-out event with the waiting-list form');
    await form.getByRole('button', { name: 'Join the waiting list' }).click();
    await a.page.getByText(/You are 1st on the waiting list for 2 tickets/).waitFor();

    // Two more fans join behind; the organizer moves the last one up, then removes them.
    const others = [await createUser(e2e.t.deps), await createUser(e2e.t.deps)];
    for (const f of others) expect((await postJson(e2e.base, `/events/${eventId}/waiting-list`, f, { quantity: 1 })).status).toBe(201);
    const o = await openPage(await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await o.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/organizer/events/${eventId}`)}`);
    await signInOnForm(o.page, organizerEmail);
    const section = o.page.getByRole('region', { name: 'Waiting list' });
    await section.getByText('3 waiting.').waitFor();
    await expectAccessible(o.page, 'organizer event page with the waiting list');
    await section.getByRole('button', { name: 'Move place 3 up' }).click();
    await expect
      .poll(
        async () =>
          (await e2e.t.app.inject({ url: `/api/v1/events/${eventId}/waiting-list`, headers: others[1]!.auth })).json().entry.place,
      )
      .toBe(2);
    await section.getByRole('button', { name: 'Remove place 2 from the list' }).click();
    await section.getByText('2 waiting.').waitFor();

    // The ticket holder cancels: the seats are held for the first fan at once.
    expect((await postJson(e2e.base, `/orders/${orderId}/cancel`, holder, {})).status).toBe(200);
    await a.page.reload();
    await a.page.getByText(/Seats are held for you/).waitFor();
    await a.page.getByRole('link', { name: 'My bookings' }).first().click();
    await a.page.getByRole('heading', { name: title }).first().waitFor();
    await expectAccessible(a.page, 'My bookings with the offered seats');
    await a.page.getByRole('link', { name: 'Continue to checkout' }).first().click();
    await a.page.waitForURL(/\/checkout\//);
    await a.page.getByRole('button', { name: /^Pay / }).click();
    await a.page.getByRole('heading', { name: "You're going!" }).waitFor();

    // The organizer clears what is left; the empty list says so.
    await o.page.reload();
    await section.getByRole('button', { name: 'Clear the waiting list' }).click();
    await o.page.getByRole('dialog').getByRole('button', { name: 'Clear the list' }).click();
    await section.getByText('Nobody is waiting').waitFor();
    await expectAccessible(o.page, 'organizer event page with an empty waiting list');
    const entries = await e2e.t.deps.db
      .selectFrom('waiting_list_entries')
      .select('status')
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
    expect(entries.map((e) => e.status).sort()).toEqual(['cleared', 'cleared', 'purchased']);
    expect(a.errors).toEqual([]);
    expect(o.errors).toEqual([]);
  });
});
