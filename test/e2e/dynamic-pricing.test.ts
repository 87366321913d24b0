import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../factories/users.js';
import type { TestUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, publishShow, uniqueWord, type ApiCaller } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';
import { signInContext } from './support/session.js';

/**
 * Demand pricing as a fan and an organizer meet it: the event page says a tier
 * is demand-priced and shows its range, and a price change reaches the open
 * page over the availability stream (SSE) without a reload; the organizer's
 * dashboard plots price and sales, pauses demand pricing and sets a price.
 */
describeInBrowser('dynamic pricing in the browser', () => {
  let e2e: E2E;
  let organizer: TestUser;
  let call: ApiCaller;
  let eventId: string;
  let tierId: string;
  const title = `Surge ${uniqueWord()}`;

  beforeAll(async () => {
    e2e = await startE2E();
    organizer = await createUser(e2e.t.deps, ['organizer']);
    call = apiAs(e2e.base, organizer.token);
    ({ eventId } = await publishShow(call, {
      title,
      sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 10 }] }],
      prices: [5000],
    }));
    tierId = (await call('GET', `/events/${eventId}`)).body.priceTiers[0].id;
    const policy = await call('PUT', `/admin/events/${eventId}/pricing`, {
      mode: 'demand',
      tiers: [
        {
          tierId,
          floor: { amount: 4000, currency: 'EUR' },
          cap: { amount: 9000, currency: 'EUR' },
          maxStepPercent: 10,
          maxChangesPerHour: 6,
        },
      ],
      signals: ['sellThrough', 'velocity', 'queue', 'holds', 'timeToEvent'],
    });
    expect(policy.status).toBe(200);
  });
  afterAll(() => e2e?.close());

  it('the event page shows the range and receives a new price live over the stream', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(ctx);
    const sse: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/availability/stream')) sse.push(r.url());
    });
    await page.goto(`${e2e.base}/events/${eventId}`);
    const tier = page.getByTestId(`tier-${tierId}`);
    await tier.getByText('demand-priced €40.00–€90.00').waitFor();
    expect(await tier.getByTestId('tier-price').textContent()).toBe('€50.00');
    await page.getByText('The price you see when you hold seats is locked').waitFor();
    await expect.poll(() => sse.length).toBeGreaterThan(0);

    const changed = await call('PUT', `/admin/events/${eventId}/pricing/tiers/${tierId}/price`, {
      price: { amount: 6200, currency: 'EUR' },
    });
    expect(changed.status).toBe(200);
    // No reload: the stream carries the price; the history explains it.
    await expect.poll(() => tier.getByTestId('tier-price').textContent()).toBe('€62.00');
    await page.getByText('Price changes (1)').click();
    await page.getByText(/€50\.00 → €62\.00 \(set by the organizer\)/).waitFor();
    await screenshot(page, 'event-demand-pricing');
    await expectAccessible(page, 'event page with demand pricing');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the organizer plots price and sales, pauses, resumes, sets a price and sees field errors', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await signInContext(ctx, e2e.t.deps, e2e.base, organizer.id);
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/organizer`);
    const panel = page.getByRole('region', { name: `Pricing: ${title}` });
    await panel.getByTestId(`price-chart-${tierId}`).waitFor();
    await panel.getByText(/Stalls: base €50\.00, now €62\.00 · 1 price change/).waitFor();
    // The manual price of the first test paused demand pricing; resume, then pause again.
    await panel.getByText('Demand pricing is paused').waitFor();
    await panel.getByRole('button', { name: 'Resume demand pricing' }).click();
    await panel.getByText('Demand pricing is on.').waitFor();
    await panel.getByRole('button', { name: 'Pause demand pricing' }).click();
    await panel.getByText('Demand pricing is paused').waitFor();

    await panel.getByLabel('Stalls now €62.00 · set to (EUR)').fill('58.50');
    await panel.getByRole('button', { name: 'Set price' }).click();
    await panel.getByText(/now €58\.50 · 2 price changes/).waitFor();
    const row = await e2e.t.deps.db.selectFrom('price_tiers').select('price_amount').where('id', '=', tierId).executeTakeFirstOrThrow();
    expect(Number(row.price_amount)).toBe(5850);

    // A floor above the base price is refused beside the field, and nothing changes.
    await panel.getByLabel('Floor (EUR) of Stalls').fill('55.00');
    await panel.getByRole('button', { name: 'Save pricing policy' }).click();
    await panel.getByText("must not be above the tier's base price (5000)", { exact: true }).waitFor();
    await panel.getByLabel('Floor (EUR) of Stalls').fill('45.00');
    await panel.getByRole('button', { name: 'Save pricing policy' }).click();
    await panel.getByText('Pricing policy saved.').waitFor();
    await expect
      .poll(async () => (await call('GET', `/admin/events/${eventId}/pricing`)).body.pricing.policy.tiers[0].floor.amount)
      .toBe(4500);
    await screenshot(page, 'organizer-pricing', true);
    await expectAccessible(page, 'organizer pricing panel');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
