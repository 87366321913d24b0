import { afterAll, beforeAll, expect, it } from 'vitest';
import { attemptKeyOf } from '../../src/domain/payments/payment-attempt.rules.js';
import { createUser } from '../factories/users.js';
import { startStripeDouble, stripeConfigOf, type StripeDouble } from '../support/stripe-double.js';
import { describeInBrowser, openPage } from './support/browser.js';
import { apiAs, createAccountWithPassword, password, publishShow, signInOnForm, uniqueWord } from './support/data.js';
import { startE2E, type E2E } from './support/server.js';

/**
 * With Stripe configured the checkout shows Stripe's Payment Element instead
 * of the test cards. There is no network here, so the one thing stubbed is
 * Stripe.js itself: Chromium's request for https://js.stripe.com/… is answered
 * with a small stand-in that draws a placeholder and records what the page asks
 * of it. Everything else is real — the CSP (which must let that script load),
 * the server making the PaymentIntent at the Stripe double, the webhook that
 * confirms the order, and the order page picking it up.
 */
const stripeJsStub = `
  (function () {
    var calls = (window.stripeStubCalls = []);
    function Stripe(key) {
      calls.push({ fn: 'Stripe', key: key });
      return {
        _registerWrapper: function () {},
        elements: function (opts) {
          calls.push({ fn: 'elements', opts: opts });
          return {
            create: function (type) {
              var handlers = {};
              return {
                on: function (ev, fn) { handlers[ev] = fn; },
                mount: function (el) {
                  var box = document.createElement('div');
                  box.textContent = 'Stripe Payment Element (test stub)';
                  el.appendChild(box);
                  setTimeout(function () { handlers.ready && handlers.ready(); }, 0);
                },
                destroy: function () {},
              };
            },
            submit: function () { calls.push({ fn: 'submit' }); return Promise.resolve({}); },
          };
        },
        confirmPayment: function (opts) {
          calls.push({ fn: 'confirmPayment', clientSecret: opts.clientSecret, redirect: opts.redirect });
          return Promise.resolve({ paymentIntent: { status: 'processing' } });
        },
      };
    }
    Stripe.version = 3;
    window.Stripe = Stripe;
  })();`;

describeInBrowser("checkout with Stripe's Payment Element", () => {
  let double: StripeDouble;
  let e2e: E2E;
  let eventId: string;
  const title = `Stripe Night ${uniqueWord()}`;
  beforeAll(async () => {
    double = await startStripeDouble();
    e2e = await startE2E({ config: stripeConfigOf(double) });
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), { title, daysAhead: 12 }));
  });
  afterAll(async () => {
    await e2e?.close();
    await double?.close();
  });

  it('shows the Payment Element (not the test cards), pays through a PaymentIntent and confirms on the webhook', async () => {
    const customer = await createAccountWithPassword(e2e.t.deps, 'customer', 'Sam Stripe');
    const login = await fetch(`${e2e.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: customer.email, password }),
    });
    const call = apiAs(e2e.base, ((await login.json()) as { token: string }).token);
    const seatmap = (await call('GET', `/events/${eventId}/seatmap`)).body as { sections: { seats: { id: string }[] }[] };
    const held = await call('POST', `/events/${eventId}/holds`, { seatIds: [seatmap.sections[0]!.seats[0]!.id] });
    const holdId = held.body.hold.id as string;

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const stripeJsRequests: string[] = [];
    await ctx.route('https://js.stripe.com/**', (route) => {
      stripeJsRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: stripeJsStub });
    });
    await ctx.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const { page, errors } = await openPage(ctx);
    const first = await page.goto(`${e2e.base}/login?next=${encodeURIComponent(`/checkout/${holdId}`)}`);
    const csp = first!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain('script-src');
    expect(csp).toMatch(/script-src [^;]*https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/js\.stripe\.com/);
    await signInOnForm(page, customer.email);
    await page.waitForURL(/\/checkout\//);

    await page.getByText('Stripe Payment Element (test stub)').waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(stripeJsRequests.length).toBeGreaterThan(0);
    const calls = () => page.evaluate(() => (window as unknown as { stripeStubCalls: Record<string, unknown>[] }).stripeStubCalls);
    expect((await calls())[0]).toEqual({ fn: 'Stripe', key: double.publishableKey });
    expect((await calls())[1]).toMatchObject({ fn: 'elements', opts: { mode: 'payment', currency: 'eur' } });

    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(/\/orders\//);
    const orderId = page.url().split('/orders/')[1]!;
    const pi = double.intentByKey(attemptKeyOf(orderId))!;
    expect((await calls()).find((c) => c.fn === 'confirmPayment')).toEqual({
      fn: 'confirmPayment',
      clientSecret: pi.client_secret,
      redirect: 'if_required',
    });
    await page.getByText('Your bank is confirming the payment').waitFor();

    // Stripe takes the payment and posts its webhook; the order page updates by itself.
    double.confirmAsBrowser(pi.id, 'pm_card_visa');
    const hook = double.webhook('payment_intent.succeeded', pi.id);
    const delivered = await fetch(`${e2e.base}/api/v1/payments/stripe/webhook`, {
      method: 'POST',
      headers: hook.headers,
      body: hook.payload,
    });
    expect(delivered.status).toBe(200);
    await page.getByRole('heading', { name: "You're going!" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
