import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../src/adapters/webhooks/post-webhook.js';
import { deliverWebhooks } from '../../../src/domain/webhooks/deliver-webhooks.js';
import { maxWebhookAttempts, verifyWebhookSignature, webhookRetryDelayMs } from '../../../src/domain/webhooks/webhook.rules.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { cacheOutboxHandlers } from '../../../src/jobs/handlers/cache.handler.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { startWebhookReceiver } from '../../support/webhook-receiver.js';

/** The receiver's check exactly as docs/webhooks.md shows it, independent of the server's code. */
function verifyAsDocumented(secret: string, rawBody: string, header: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('organizer webhooks', () => {
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let ev: PublishedEvent;
  let organizer: TestUser;
  let subscriptionId: string;
  let secret: string;

  const api = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload ? { payload } : {}) });
  const deliveriesOf = async (user: TestUser, id: string) => (await api(user, 'GET', `/admin/webhooks/${id}/deliveries`)).json().deliveries;

  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 6 });
    receiver = await startWebhookReceiver();
    organizer = await createUser(t.deps, ['organizer']);
    ev = await createPublishedEvent(t.deps, { organizer, seatedRows: 1, seatsPerRow: 6, price: { amount: 4000, currency: 'EUR' } });
    const res = await api(organizer, 'POST', '/admin/webhooks', {
      url: `${receiver.url}/hooks/boxoffice`,
      eventTypes: ['order.confirmed', 'order.cancelled', 'event.updated'],
      description: 'CRM',
    });
    expect(res.statusCode).toBe(201);
    subscriptionId = res.json().subscription.id;
    secret = res.json().secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('the secret is shown once: the list and the database never give it back in the clear', async () => {
    const list = await api(organizer, 'GET', '/admin/webhooks');
    expect(list.json().subscriptions).toEqual([
      expect.objectContaining({
        id: subscriptionId,
        eventTypes: ['order.confirmed', 'order.cancelled', 'event.updated'],
        description: 'CRM',
      }),
    ]);
    expect(list.body).not.toContain(secret);
    const row = await t.deps.db
      .selectFrom('webhook_subscriptions')
      .select('secret_sealed')
      .where('id', '=', subscriptionId)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret.slice(6));
  });

  it('an order confirmation reaches the endpoint once, signed over timestamp and body; the log says delivered with the response code', async () => {
    const fan = await createUser(t.deps);
    const h = await hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[0]] });
    const order = (await checkout(t.app, fan, h.json().hold.id, `wh-${h.json().hold.id}`)).json().order;
    const before = receiver.received.length;
    await deliverOutbox(t.deps);
    await deliverOutbox(t.deps); // at least once: a second pass adds no delivery
    expect(await deliverWebhooks(t.deps)).toBe(1);
    expect(await deliverWebhooks(t.deps)).toBe(0);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const req = got[0]!;
    expect(req.path).toBe('/hooks/boxoffice');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['boxoffice-event']).toBe('order.confirmed');
    const header = String(req.headers['boxoffice-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    expect(verifyAsDocumented(secret, req.body, header, nowSeconds)).toBe(true);
    expect(verifyWebhookSignature(secret, req.body, header, clock.now())).toBe(true);
    // A changed body, another secret or an old timestamp fail.
    expect(verifyAsDocumented(secret, req.body.replace('4000', '1'), header, nowSeconds)).toBe(false);
    expect(verifyAsDocumented(`${secret}x`, req.body, header, nowSeconds)).toBe(false);
    expect(verifyAsDocumented(secret, req.body, header, nowSeconds + 301)).toBe(false);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      type: 'order.confirmed',
      id: expect.stringMatching(/^evt_\d+$/),
      data: { orderId: order.id, eventId: ev.eventId, status: 'confirmed', total: { amount: 4000, currency: 'EUR' }, tickets: 1 },
    });
    expect(req.body).not.toContain(fan.email);

    const [delivery] = await deliveriesOf(organizer, subscriptionId);
    expect(delivery).toMatchObject({
      id: req.headers['boxoffice-delivery'],
      eventType: 'order.confirmed',
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      nextAttemptAt: null,
      error: null,
      body: req.body,
    });
    expect(delivery.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('500s are retried with exponential backoff, not before, then delivered; every attempt is logged', async () => {
    receiver.answerNext(500, 503);
    const before = receiver.received.length;
    const res = await api(organizer, 'POST', `/admin/webhooks/${subscriptionId}/test`);
    expect(res.statusCode).toBe(200);
    const ping = res.json().delivery;
    expect(ping).toMatchObject({ eventType: 'ping', status: 'pending', attempts: 1, responseStatus: 500, error: 'HTTP 500' });
    expect(Date.parse(ping.nextAttemptAt) - clock.now().getTime()).toBe(30_000);

    clock.advance(29_000);
    expect(await deliverWebhooks(t.deps)).toBe(0);
    clock.advance(1_000);
    expect(await deliverWebhooks(t.deps)).toBe(1);
    let log = (await deliveriesOf(organizer, subscriptionId)).find((d: { id: string }) => d.id === ping.id);
    expect(log).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 503 });
    // The second wait is twice the first.
    expect(Date.parse(log.nextAttemptAt) - clock.now().getTime()).toBe(60_000);
    clock.advance(59_000);
    expect(await deliverWebhooks(t.deps)).toBe(0);
    clock.advance(1_000);
    expect(await deliverWebhooks(t.deps)).toBe(1);
    log = (await deliveriesOf(organizer, subscriptionId)).find((d: { id: string }) => d.id === ping.id);
    expect(log).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, nextAttemptAt: null });

    const got = receiver.received.slice(before);
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(got.every((r) => r.headers['boxoffice-delivery'] === ping.id)).toBe(true);
    const attempts = await t.deps.db
      .selectFrom('webhook_attempts')
      .select(['status_code'])
      .where('delivery_id', '=', ping.id)
      .orderBy('id')
      .execute();
    expect(attempts.map((a) => a.status_code)).toEqual([500, 503, 200]);
  });

  it(`a receiver that keeps failing is given up after ${maxWebhookAttempts} attempts, each wait twice the last (capped at an hour)`, async () => {
    receiver.answerNext(...Array<number>(maxWebhookAttempts).fill(500));
    const ping = (await api(organizer, 'POST', `/admin/webhooks/${subscriptionId}/test`)).json().delivery;
    const waits: number[] = [];
    for (let i = 1; i < maxWebhookAttempts; i++) {
      const row = await t.deps.db
        .selectFrom('webhook_deliveries')
        .select(['next_attempt_at', 'status'])
        .where('id', '=', ping.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
      waits.push(row.next_attempt_at!.getTime() - clock.now().getTime());
      clock.set(row.next_attempt_at!);
      expect(await deliverWebhooks(t.deps)).toBe(1);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(webhookRetryDelayMs(8)).toBe(3_600_000);
    const row = await t.deps.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('id', '=', ping.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', attempts: maxWebhookAttempts, next_attempt_at: null });
    clock.advance(86_400_000);
    expect(await deliverWebhooks(t.deps)).toBe(0);
    // Sessions do not survive the day the clock moved; later tests sign in again.
    organizer = { ...organizer, ...(await reSession(organizer)) };
  });

  async function reSession(user: TestUser): Promise<Pick<TestUser, 'token' | 'auth'>> {
    const { startSession } = await import('../../../src/domain/users/start-session.js');
    const { token } = await startSession(t.deps, user.id);
    return { token, auth: { authorization: `Bearer ${token}` } };
  }

  it('a manual redelivery sends the same body with a fresh signature as a new delivery', async () => {
    const [latest] = (await deliveriesOf(organizer, subscriptionId)).filter(
      (d: { eventType: string }) => d.eventType === 'order.confirmed',
    );
    const before = receiver.received.length;
    const res = await api(organizer, 'POST', `/admin/webhooks/deliveries/${latest.id}/redeliver`);
    expect(res.statusCode).toBe(200);
    const again = res.json().delivery;
    expect(again).toMatchObject({ redeliveryOf: latest.id, status: 'delivered', attempts: 1, responseStatus: 200, body: latest.body });
    expect(again.id).not.toBe(latest.id);
    const req = receiver.received[before]!;
    expect(req.body).toBe(latest.body);
    expect(verifyAsDocumented(secret, req.body, String(req.headers['boxoffice-signature']), Math.floor(clock.now().getTime() / 1000))).toBe(
      true,
    );
  });

  it('another organizer can neither see, test, redeliver nor delete; a customer is refused; an admin sees every subscription', async () => {
    const rival = await createUser(t.deps, ['organizer']);
    const customer = await createUser(t.deps);
    const admin = await createUser(t.deps, ['admin']);
    const [some] = await deliveriesOf(organizer, subscriptionId);
    const before = receiver.received.length;
    expect((await api(rival, 'GET', '/admin/webhooks')).json().subscriptions).toEqual([]);
    for (const [method, url] of [
      ['GET', `/admin/webhooks/${subscriptionId}/deliveries`],
      ['POST', `/admin/webhooks/${subscriptionId}/test`],
      ['POST', `/admin/webhooks/deliveries/${some.id}/redeliver`],
      ['DELETE', `/admin/webhooks/${subscriptionId}`],
    ] as const) {
      const res = await api(rival, method, url);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain(some.body);
      expect((await api(customer, method, url)).statusCode).toBe(403);
    }
    expect(receiver.received.length).toBe(before);
    expect(await t.deps.db.selectFrom('webhook_subscriptions').select('id').where('id', '=', subscriptionId).execute()).toHaveLength(1);
    const all = (await api(admin, 'GET', '/admin/webhooks')).json().subscriptions.map((s: { id: string }) => s.id);
    expect(all).toContain(subscriptionId);
    expect((await api(admin, 'GET', `/admin/webhooks/${subscriptionId}/deliveries`)).statusCode).toBe(200);
  });

  it('subscribed types of the organizer’s own events are sent (catalogue pass included); other organizers’ are not', async () => {
    const other = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const fan = await createUser(t.deps);
    const h = await hold(t.app, fan, other.eventId, { seatIds: [other.seatIds[0]] });
    await checkout(t.app, fan, h.json().hold.id, `wh-other-${h.json().hold.id}`);
    const patched = await api(organizer, 'PATCH', `/admin/events/${ev.eventId}`, { title: 'Renamed for webhooks' });
    expect(patched.statusCode).toBe(200);
    await deliverOutbox(t.deps);
    await deliverOutbox(t.deps, { handlers: cacheOutboxHandlers });
    const rows = await t.deps.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'body'])
      .where('subscription_id', '=', subscriptionId)
      .execute();
    expect(rows.some((r) => r.body.includes(other.eventId))).toBe(false);
    const updated = rows.filter((r) => r.event_type === 'event.updated').map((r) => JSON.parse(r.body));
    expect(updated).toEqual([
      expect.objectContaining({
        type: 'event.updated',
        data: expect.objectContaining({ eventId: ev.eventId, title: 'Renamed for webhooks', fields: ['title'] }),
      }),
    ]);
  });

  it('refuses non-http(s) URLs always, and private or loopback targets in production (also after DNS)', async () => {
    for (const url of ['ftp://example.org/hook', 'file:///etc/passwd', 'http://user:pw@example.org/hook', 'not a url']) {
      const res = await api(organizer, 'POST', '/admin/webhooks', { url, eventTypes: ['order.confirmed'] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const prod = await createTestApp({ config: { webhookAllowPrivateTargets: false }, poolSize: 2 });
    try {
      const org = await createUser(prod.deps, ['organizer']);
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest/meta-data',
        'http://10.1.2.3/x',
        'http://localhost/x',
      ]) {
        const res = await prod.app.inject({
          method: 'POST',
          url: '/api/v1/admin/webhooks',
          headers: org.auth,
          payload: { url, eventTypes: ['order.confirmed'] },
        });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.message).toContain('private, loopback or link-local');
      }
    } finally {
      await prod.close();
    }
    // A host name that resolves to loopback is refused at connection time; nothing reaches the receiver.
    const before = receiver.received.length;
    const port = new URL(receiver.url).port;
    const refused = await postWebhook(`http://localhost:${port}/x`, '{}', {}, { allowInternal: false, timeoutMs: 2000 });
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/refused/);
    const literal = await postWebhook(`${receiver.url}/x`, '{}', {}, { allowInternal: false, timeoutMs: 2000 });
    expect(literal.error).toMatch(/refused/);
    expect(receiver.received.length).toBe(before);
  });

  it('removing a subscription removes its log and stops deliveries', async () => {
    const res = await api(organizer, 'DELETE', `/admin/webhooks/${subscriptionId}`);
    expect(res.statusCode).toBe(204);
    expect(await t.deps.db.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', subscriptionId).execute()).toEqual(
      [],
    );
    expect((await api(organizer, 'GET', '/admin/webhooks')).json().subscriptions).toEqual([]);
  });
});
