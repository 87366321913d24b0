import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local HTTP double of the Stripe endpoints Boxoffice uses, reached through
 * the official SDK's own `host`/`port`/`protocol` options: PaymentIntents
 * (create with confirm or not, retrieve, capture, cancel, list, search on
 * metadata), refunds, idempotency keys replayed as Stripe does (the first
 * response, whatever the later request says), and signed webhooks made with
 * the SDK's `generateTestHeaderString`. What a browser does with Stripe.js
 * (confirm with a card, finish 3-D Secure) and what Stripe does later (settle
 * a processing payment) are methods the tests call.
 *
 * Test payment methods, as Stripe's test mode names them: pm_card_visa
 * succeeds, pm_card_chargeDeclined and pm_card_chargeDeclinedInsufficientFunds
 * decline, pm_card_threeDSecure2Required asks for 3-D Secure (requires_action),
 * pm_card_processing stays processing until `settle` (a delayed method).
 */
type Status = 'requires_payment_method' | 'requires_action' | 'processing' | 'requires_capture' | 'succeeded' | 'canceled';

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: Status;
  capture_method: 'automatic' | 'manual';
  client_secret: string;
  metadata: Record<string, string>;
  created: number;
  payment_method: string | null;
  last_payment_error: { type: 'card_error'; code: string; decline_code: string; message: string } | null;
  latest_charge: string | null;
  livemode: false;
}

interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  payment_intent: string;
}

interface Reply {
  status: number;
  body: unknown;
}

export interface StripeDouble {
  /** For the SDK's options: `{ host, port, protocol: 'http' }`. */
  api: { host: string; port: number; protocol: 'http' };
  secretKey: string;
  webhookSecret: string;
  publishableKey: string;
  /** Every request the SDK made: method, path, idempotency key, form body. */
  requests: { method: string; path: string; idempotencyKey: string | undefined; form: Record<string, unknown> }[];
  intent(id: string): Intent;
  intentByKey(paymentKey: string): Intent | undefined;
  refundsOf(intentId: string): { id: string; amount: number }[];
  /** What the browser's `stripe.confirmPayment` does with a card. */
  confirmAsBrowser(intentId: string, paymentMethod: string): Intent;
  /** The customer finishes 3-D Secure: the payment succeeds (or, for a delayed method, goes on processing). */
  completeAction(intentId: string, outcome?: 'succeeded' | 'processing' | 'declined'): Intent;
  /** A processing payment settles at Stripe. */
  settle(intentId: string): Intent;
  /** A signed webhook body and headers, as Stripe would post them about this intent now. */
  webhook(
    type: string,
    intentId: string,
    opts?: { timestamp?: number; secret?: string },
  ): { payload: string; headers: Record<string, string> };
  /** Makes the next `count` requests whose path matches fail with this HTTP status, before Stripe acts. */
  failNext(path: RegExp, status: number, count?: number): void;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowSec = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (`metadata[orderId]=…`, `expand[0]=…`, `created[gte]=…`) back into objects. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node = out as Record<string, unknown>;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = value;
      else node = (node[p] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

const expands = (form: Record<string, unknown>, field: string): boolean =>
  Object.values((form.expand ?? {}) as Record<string, string>).some((e) => e === field || e === `data.${field}`);

const cardOutcomes: Record<string, { status: Status; decline?: string }> = {
  pm_card_visa: { status: 'succeeded' },
  pm_card_mastercard: { status: 'succeeded' },
  pm_card_chargeDeclined: { status: 'requires_payment_method', decline: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: { status: 'requires_payment_method', decline: 'insufficient_funds' },
  pm_card_threeDSecure2Required: { status: 'requires_action' },
  pm_card_processing: { status: 'processing' },
};

export async function startStripeDouble(): Promise<StripeDouble> {
  const intents = new Map<string, Intent>();
  const charges = new Map<string, Charge>();
  const refunds = new Map<string, { id: string; amount: number; payment_intent: string }>();
  const keys = new Map<string, Reply>();
  const faults: { path: RegExp; status: number; left: number }[] = [];
  const requests: StripeDouble['requests'] = [];
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const stripe = new Stripe('sk_test_double');

  const view = (pi: Intent, form: Record<string, unknown>) =>
    expands(form, 'latest_charge') && pi.latest_charge ? { ...pi, latest_charge: charges.get(pi.latest_charge) } : pi;

  const error = (status: number, err: Record<string, unknown>): Reply => ({
    status,
    body: { error: { type: 'invalid_request_error', ...err } },
  });
  const unexpectedState = (pi: Intent, action: string) =>
    error(400, {
      code: 'payment_intent_unexpected_state',
      message: `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}.`,
    });

  function charge(pi: Intent, captured: boolean): void {
    const c: Charge = {
      id: id('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_refunded: 0,
      captured,
      created: nowSec(),
      payment_intent: pi.id,
    };
    charges.set(c.id, c);
    pi.latest_charge = c.id;
  }

  /** Confirms with a card; a decline answers 402 with the intent, as Stripe does. */
  function confirm(pi: Intent, paymentMethod: string, form: Record<string, unknown>): Reply {
    if (pi.status !== 'requires_payment_method') return unexpectedState(pi, 'confirm');
    const outcome = cardOutcomes[paymentMethod] ?? { status: 'requires_payment_method' as const, decline: 'invalid_payment_method' };
    pi.payment_method = paymentMethod;
    pi.last_payment_error = null;
    if (outcome.decline) {
      pi.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: outcome.decline,
        message: 'Your card was declined.',
      };
      return { status: 402, body: { error: { ...pi.last_payment_error, payment_intent: view(pi, form) } } };
    }
    if (outcome.status === 'succeeded') succeed(pi);
    else pi.status = outcome.status;
    return { status: 200, body: view(pi, form) };
  }

  function succeed(pi: Intent): void {
    charge(pi, pi.capture_method === 'automatic');
    pi.status = pi.capture_method === 'automatic' ? 'succeeded' : 'requires_capture';
  }

  function route(method: string, path: string, form: Record<string, unknown>, key: string | undefined): Reply {
    const m = /^\/v1\/payment_intents(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(path);
    if (method === 'GET' && path === '/v1/payment_intents/search') {
      const q = /^metadata\['paymentKey'\]:'(.*)'$/.exec(String(form.query ?? ''));
      if (!q) return error(400, { message: 'Only metadata[paymentKey] searches are doubled' });
      const found = [...intents.values()].filter((pi) => pi.metadata.paymentKey === q[1]!.replace(/\\'/g, "'"));
      return { status: 200, body: { object: 'search_result', data: found.map((pi) => view(pi, form)), has_more: false, next_page: null } };
    }
    if (m && method === 'GET' && !m[1]) {
      const created = (form.created ?? {}) as { gte?: string; lt?: string };
      const limit = Number(form.limit ?? 10);
      let all = [...intents.values()]
        .filter(
          (pi) =>
            (created.gte === undefined || pi.created >= Number(created.gte)) &&
            (created.lt === undefined || pi.created < Number(created.lt)),
        )
        .reverse();
      if (form.starting_after) all = all.slice(all.findIndex((pi) => pi.id === form.starting_after) + 1);
      return { status: 200, body: { object: 'list', data: all.slice(0, limit).map((pi) => view(pi, form)), has_more: all.length > limit } };
    }
    if (m && method === 'POST' && !m[1]) {
      const pi: Intent = {
        id: id('pi'),
        object: 'payment_intent',
        amount: Number(form.amount),
        currency: String(form.currency),
        status: 'requires_payment_method',
        capture_method: form.capture_method === 'manual' ? 'manual' : 'automatic',
        client_secret: '',
        metadata: (form.metadata ?? {}) as Record<string, string>,
        created: nowSec(),
        payment_method: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
      intents.set(pi.id, pi);
      if (form.confirm === 'true') return confirm(pi, String(form.payment_method), form);
      return { status: 200, body: view(pi, form) };
    }
    if (m && m[1]) {
      const pi = intents.get(m[1]);
      if (!pi) return error(404, { code: 'resource_missing', message: `No such payment_intent: '${m[1]}'` });
      if (method === 'GET' && !m[2]) return { status: 200, body: view(pi, form) };
      if (method === 'POST' && m[2] === 'capture') {
        if (pi.status !== 'requires_capture') return unexpectedState(pi, 'capture');
        pi.status = 'succeeded';
        charges.get(pi.latest_charge!)!.captured = true;
        return { status: 200, body: view(pi, form) };
      }
      if (method === 'POST' && m[2] === 'cancel') {
        if (!['requires_payment_method', 'requires_action', 'requires_capture'].includes(pi.status)) return unexpectedState(pi, 'cancel');
        pi.status = 'canceled';
        return { status: 200, body: view(pi, form) };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = intents.get(String(form.payment_intent));
      if (!pi || pi.status !== 'succeeded') return error(400, { code: 'charge_not_refundable', message: 'Nothing captured to refund' });
      const c = charges.get(pi.latest_charge!)!;
      const amount = form.amount === undefined ? c.amount - c.amount_refunded : Number(form.amount);
      if (amount <= 0 || amount > c.amount - c.amount_refunded) {
        return error(400, { code: 'amount_too_large', message: 'Refund exceeds what is left on the charge' });
      }
      c.amount_refunded += amount;
      const r = { id: id('re'), object: 'refund', amount, payment_intent: pi.id, status: 'succeeded' };
      refunds.set(r.id, r);
      return { status: 200, body: r };
    }
    void key;
    return error(404, { message: `The double does not serve ${method} ${path}` });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const form = req.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(text);
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey: key, form });
      const fault = faults.find((f) => f.left > 0 && f.path.test(url.pathname));
      let reply: Reply;
      if (fault) {
        fault.left--;
        reply = { status: fault.status, body: { error: { type: 'api_error', message: 'Injected fault' } } };
      } else if (key && keys.has(`${req.method} ${url.pathname} ${key}`)) {
        reply = keys.get(`${req.method} ${url.pathname} ${key}`)!;
      } else {
        reply = route(req.method ?? '', url.pathname, form, key);
        if (key && reply.status < 500) keys.set(`${req.method} ${url.pathname} ${key}`, JSON.parse(JSON.stringify(reply)) as Reply);
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const must = (intentId: string): Intent => {
    const pi = intents.get(intentId);
    if (!pi) throw new Error(`The double has no intent ${intentId}`);
    return pi;
  };

  return {
    api: { host: '127.0.0.1', port, protocol: 'http' },
    secretKey: 'sk_test_double',
    webhookSecret,
    publishableKey: 'pk_test_double',
    requests,
    intent: must,
    intentByKey: (paymentKey) => [...intents.values()].find((pi) => pi.metadata.paymentKey === paymentKey),
    refundsOf: (intentId) =>
      [...refunds.values()].filter((r) => r.payment_intent === intentId).map(({ id: rid, amount }) => ({ id: rid, amount })),
    confirmAsBrowser(intentId, paymentMethod) {
      const pi = must(intentId);
      if (pi.status === 'requires_payment_method' && pi.last_payment_error) pi.last_payment_error = null;
      confirm(pi, paymentMethod, {});
      return pi;
    },
    completeAction(intentId, outcome = 'succeeded') {
      const pi = must(intentId);
      if (pi.status !== 'requires_action') throw new Error(`${intentId} is ${pi.status}, not requires_action`);
      if (outcome === 'succeeded') succeed(pi);
      else if (outcome === 'processing') pi.status = 'processing';
      else {
        pi.status = 'requires_payment_method';
        pi.last_payment_error = {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'authentication_required',
          message: '3-D Secure failed.',
        };
      }
      return pi;
    },
    settle(intentId) {
      const pi = must(intentId);
      if (pi.status !== 'processing') throw new Error(`${intentId} is ${pi.status}, not processing`);
      succeed(pi);
      return pi;
    },
    webhook(type, intentId, opts = {}) {
      const pi = must(intentId);
      const timestamp = opts.timestamp ?? nowSec();
      const payload = JSON.stringify({
        id: id('evt'),
        object: 'event',
        type,
        created: timestamp,
        livemode: false,
        api_version: Stripe.API_VERSION,
        data: { object: pi },
      });
      const header = stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? webhookSecret, timestamp });
      return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } };
    },
    failNext(path, status, count = 1) {
      faults.push({ path, status, left: count });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The app's config for Stripe through this double. */
export const stripeConfigOf = (double: StripeDouble) => ({
  stripe: { secretKey: double.secretKey, webhookSecret: double.webhookSecret, publishableKey: double.publishableKey, api: double.api },
});
