import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSession } from '../../src/domain/users/start-session.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, createAccountWithPassword, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * A presale: the organizer sets its start, hides the VIP tier and creates a
 * code on the access-codes page; a fan sees the presale on the event page,
 * applies the code, which unlocks VIP and takes 25 % off, holds VIP places and
 * pays the discounted total shown in the checkout breakdown.
 */
describeInBrowser('presale and access codes', () => {
  let e2e: E2E;
  let eventId: string;
  let title: string;
  let organizerEmail: string;

  beforeAll(async () => {
    e2e = await startE2E();
    title = `Presale Night ${uniqueWord()}`;
    const account = await createAccountWithPassword(e2e.t.deps, 'organizer', 'Petra Presale');
    organizerEmail = account.email;
    const { token } = await startSession(e2e.t.deps, account.id);
    const call = apiAs(e2e.base, token);
    ({ eventId } = await publishShow(call, {
      title,
      timezone: 'UTC',
      sections: [
        { name: 'Floor', kind: 'ga', capacity: 40 },
        { name: 'VIP', kind: 'ga', capacity: 10 },
      ],
      prices: [4000, 10000],
    }));
    // The public sale opens in two hours: until then only the presale sells.
    const moved = await call('PATCH', `/admin/events/${eventId}`, { saleStartsAt: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });
  afterAll(() => e2e?.close());

  it('organizer sets up the presale and a code; a fan unlocks VIP with it, sees the discount and pays', async () => {
    const o = await openPage(await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await o.page.goto(`${e2e.base}/login?next=${encodeURIComponent('/organizer')}`);
    await signInOnForm(o.page, organizerEmail);
    await o.page.getByRole('link', { name: `Access codes of ${title}` }).click();
    await o.page.getByRole('heading', { name: `Access codes: ${title}` }).waitFor();

    const presale = o.page.getByRole('form', { name: 'Presale and hidden tiers' });
    // The venue is on UTC: the field's wall clock is UTC.
    await presale.getByLabel('Presale starts').fill(new Date(Date.now() - 3_600_000).toISOString().slice(0, 16));
    await presale.getByLabel(/VIP/).check();
    await presale.getByRole('button', { name: 'Save presale settings' }).click();
    await presale.getByText('Presale settings saved.').waitFor();

    const create = o.page.getByRole('form', { name: 'Create a code' });
    await create.getByLabel('Code').fill('vip-early');
    await create.getByLabel('Uses (empty: unlimited)').fill('5');
    await create.getByLabel('Discount', { exact: true }).selectOption('percent');
    await create.getByLabel(/Discount value/).fill('25');
    await create.getByLabel('VIP').check();
    await create.getByRole('button', { name: 'Create code' }).click();
    await create.getByText('Code VIP-EARLY created.').waitFor();
    const row = o.page.getByRole('row', { name: /VIP-EARLY/ });
    await row.getByText('0 / 5').waitFor();
    await row.getByText('25% off').waitFor();

    // A CSV with a bad line creates nothing and names the line.
    const bulk = o.page.getByRole('form', { name: 'Bulk create from CSV' });
    await bulk.getByLabel('Or paste the CSV').fill('code,maxUses\nFRIEND1,2\nFRIEND2,lots');
    await bulk.getByRole('button', { name: 'Create codes from CSV' }).click();
    await bulk.getByText(/Line 3: maxUses/).waitFor();
    await bulk.getByLabel('Or paste the CSV').fill('code,maxUses\nFRIEND1,2\nFRIEND2,2');
    await bulk.getByRole('button', { name: 'Create codes from CSV' }).click();
    await bulk.getByText('2 codes created.').waitFor();
    await o.page.getByRole('row', { name: /FRIEND2/ }).waitFor();
    await expectAccessible(o.page, 'organizer access-codes page');
    await screenshot(o.page, 'organizer-access-codes', true);

    // The fan: presale explained, code checked, VIP unlocked and discounted.
    const fan = await createAccountWithPassword(e2e.t.deps, 'customer', 'Fiona Fan');
    const a = await openPage(await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await a.page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/events/${eventId}`)}`);
    await signInOnForm(a.page, fan.email);
    await a.page.getByText(/Presale now on\./).waitFor();
    await a.page.getByText(/you need an access code to hold tickets/).waitFor();
    const box = a.page.getByRole('form', { name: 'Enter your presale code' });
    await box.getByLabel('Access code').fill('nope-nope');
    await box.getByRole('button', { name: 'Apply code' }).click();
    await box.getByText('This code is not valid for this event.').waitFor();
    await box.getByLabel('Access code').fill('vip-early');
    await box.getByRole('button', { name: 'Apply code' }).click();
    await a.page.getByText(/Code VIP-EARLY accepted\. 25% off\./).waitFor();
    await a.page.getByText(/VIP: €100\.00/).waitFor();
    await expectAccessible(a.page, 'event page in the presale with a code applied');
    await a.page.getByRole('heading', { name: 'Access code' }).scrollIntoViewIfNeeded();
    await screenshot(a.page, 'event-presale-code');

    const vipId = (
      await e2e.t.deps.db
        .selectFrom('event_sections as es')
        .innerJoin('sections as s', 's.id', 'es.section_id')
        .select('s.id')
        .where('es.event_id', '=', eventId)
        .where('s.name', '=', 'VIP')
        .executeTakeFirstOrThrow()
    ).id;
    await a.page.getByLabel('Section or standing area').selectOption(vipId);
    await a.page.getByLabel('Tickets', { exact: true }).selectOption('2');
    await a.page.getByRole('button', { name: 'Find best seats' }).click();
    await a.page.waitForURL(/\/checkout\//);
    const breakdown = a.page.getByRole('definition').filter({ hasText: '−€50.00' });
    await breakdown.waitFor();
    await a.page.getByText('Access code discount (already taken off)').waitFor();
    await a.page.getByText(/Total \(all fees and taxes included\) €150\.00/).waitFor();
    await expectAccessible(a.page, 'checkout with an access-code discount');
    await a.page.getByRole('button', { name: /^Pay / }).click();
    await a.page.getByRole('heading', { name: "You're going!" }).waitFor();
    await a.page.getByText(/access code discount €50\.00 included/).waitFor();

    const code = await e2e.t.deps.db
      .selectFrom('access_codes')
      .select(['uses', 'max_uses'])
      .where('event_id', '=', eventId)
      .where('code', '=', 'VIP-EARLY')
      .executeTakeFirstOrThrow();
    expect(code).toEqual({ uses: 1, max_uses: 5 });
    const order = await e2e.t.deps.db
      .selectFrom('orders')
      .select(['total_amount', 'status'])
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect([Number(order.total_amount), order.status]).toEqual([15000, 'confirmed']);

    await o.page.reload();
    await o.page
      .getByRole('row', { name: /VIP-EARLY/ })
      .getByText('1 / 5')
      .waitFor();
    expect(a.errors).toEqual([]);
    expect(o.errors).toEqual([]);
  });
});
