import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bookingCounts, checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('booking routes refuse malformed input with 400 and write nothing', () => {
  let t: TestApp;
  let user: TestUser;
  let ev: PublishedEvent;
  let holdId: string;
  let orderId: string;
  let paidEventId: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
    user = await createUser(t.deps);
    ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6 });
    const paid = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    paidEventId = paid.eventId;
    const h1 = (await hold(t.app, user, paid.eventId, { seatIds: [paid.seatIds[0]] })).json().hold;
    orderId = (await checkout(t.app, user, h1.id, 'v-1')).json().order.id;
    holdId = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold.id;
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json' };
  const scope = () => ({ userIds: [user.id], eventIds: [ev.eventId, paidEventId] });
  const cases = (): {
    name: string;
    method: 'GET' | 'POST' | 'DELETE';
    url: string;
    payload?: string;
    headers?: Record<string, string>;
  }[] => {
    const holds = `/api/v1/events/${ev.eventId}/holds`;
    const pay = `/api/v1/holds/${holdId}/checkout`;
    const card = JSON.stringify({ payment: { method: 'card', token: 'tok_visa' } });
    return [
      {
        name: 'hold: event id not a uuid',
        method: 'POST',
        url: '/api/v1/events/not-a-uuid/holds',
        payload: JSON.stringify({ seatIds: ['1'] }),
      },
      { name: 'hold: empty body object', method: 'POST', url: holds, payload: '{}' },
      { name: 'hold: no body', method: 'POST', url: holds },
      { name: 'hold: broken JSON', method: 'POST', url: holds, payload: '{"seatIds": [' },
      { name: 'hold: seatIds empty', method: 'POST', url: holds, payload: JSON.stringify({ seatIds: [] }) },
      { name: 'hold: seatIds a number', method: 'POST', url: holds, payload: JSON.stringify({ seatIds: 5 }) },
      { name: 'hold: seat id not numeric', method: 'POST', url: holds, payload: JSON.stringify({ seatIds: ['abc'] }) },
      { name: 'hold: seat ids repeated', method: 'POST', url: holds, payload: JSON.stringify({ seatIds: [ev.seatIds[1], ev.seatIds[1]] }) },
      { name: 'hold: unknown field', method: 'POST', url: holds, payload: JSON.stringify({ seatIds: [ev.seatIds[1]], extra: 1 }) },
      {
        name: 'hold: both shapes',
        method: 'POST',
        url: holds,
        payload: JSON.stringify({ seatIds: [ev.seatIds[1]], sectionId: ev.seatedSectionId, quantity: 1 }),
      },
      { name: 'hold: quantity zero', method: 'POST', url: holds, payload: JSON.stringify({ sectionId: ev.seatedSectionId, quantity: 0 }) },
      {
        name: 'hold: quantity as string',
        method: 'POST',
        url: holds,
        payload: JSON.stringify({ sectionId: ev.seatedSectionId, quantity: '2' }),
      },
      {
        name: 'hold: quantity fractional',
        method: 'POST',
        url: holds,
        payload: JSON.stringify({ sectionId: ev.seatedSectionId, quantity: 1.5 }),
      },
      { name: 'hold: section not a uuid', method: 'POST', url: holds, payload: JSON.stringify({ sectionId: 'x', quantity: 1 }) },
      {
        name: 'hold: too many seats',
        method: 'POST',
        url: holds,
        payload: JSON.stringify({ sectionId: ev.seatedSectionId, quantity: 51 }),
      },
      { name: 'release: id not a uuid', method: 'DELETE', url: '/api/v1/holds/123' },
      { name: 'release: with a body', method: 'DELETE', url: `/api/v1/holds/${holdId}`, payload: JSON.stringify({ force: true }) },
      { name: 'checkout: no key', method: 'POST', url: pay, payload: card },
      { name: 'checkout: empty key', method: 'POST', url: pay, payload: card, headers: { 'idempotency-key': '' } },
      {
        name: 'checkout: hold id not a uuid',
        method: 'POST',
        url: '/api/v1/holds/nope/checkout',
        payload: card,
        headers: { 'idempotency-key': 'v-2' },
      },
      { name: 'checkout: no payment', method: 'POST', url: pay, payload: '{}', headers: { 'idempotency-key': 'v-3' } },
      {
        name: 'checkout: wrong method',
        method: 'POST',
        url: pay,
        payload: JSON.stringify({ payment: { method: 'cash', token: 'tok_visa' } }),
        headers: { 'idempotency-key': 'v-4' },
      },
      {
        name: 'checkout: token empty',
        method: 'POST',
        url: pay,
        payload: JSON.stringify({ payment: { method: 'card', token: '' } }),
        headers: { 'idempotency-key': 'v-5' },
      },
      {
        name: 'checkout: token a number',
        method: 'POST',
        url: pay,
        payload: JSON.stringify({ payment: { method: 'card', token: 42 } }),
        headers: { 'idempotency-key': 'v-6' },
      },
      {
        name: 'checkout: unknown field',
        method: 'POST',
        url: pay,
        payload: JSON.stringify({ payment: { method: 'card', token: 'tok_visa', cvc: '123' } }),
        headers: { 'idempotency-key': 'v-7' },
      },
      { name: 'my orders: limit zero', method: 'GET', url: '/api/v1/me/orders?limit=0' },
      { name: 'my orders: limit text', method: 'GET', url: '/api/v1/me/orders?limit=ten' },
      { name: 'my orders: forged cursor', method: 'GET', url: '/api/v1/me/orders?cursor=bm90LWEtY3Vyc29y' },
      { name: 'my orders: unknown parameter', method: 'GET', url: '/api/v1/me/orders?status=all' },
      { name: 'order: id not a uuid', method: 'GET', url: '/api/v1/orders/42' },
      { name: 'cancel: id not a uuid', method: 'POST', url: '/api/v1/orders/42/cancel' },
      { name: 'cancel: with a body', method: 'POST', url: `/api/v1/orders/${orderId}/cancel`, payload: JSON.stringify({ reason: 'x' }) },
      {
        name: 'webhook: unsigned',
        method: 'POST',
        url: '/api/v1/payments/webhook',
        payload: JSON.stringify({ id: 'evt', type: 'payment.captured', data: { intentId: 'pi' } }),
      },
      {
        name: 'webhook: garbage signature',
        method: 'POST',
        url: '/api/v1/payments/webhook',
        payload: '{}',
        headers: { 'boxoffice-signature': 't=1,v1=zz' },
      },
    ];
  };

  it('answers 400 VALIDATION_FAILED (or IDEMPOTENCY_KEY_REQUIRED) for each, leaving every booking table as it was', async () => {
    const before = await bookingCounts(t.deps, scope());
    for (const c of cases()) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers: { ...user.auth, ...(c.payload !== undefined ? json : {}), ...c.headers },
        ...(c.payload !== undefined ? { payload: c.payload } : {}),
      });
      expect(res.statusCode, `${c.name}: ${res.body}`).toBe(400);
      expect(['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REQUIRED'], c.name).toContain(res.json().error.code);
    }
    expect(await bookingCounts(t.deps, scope())).toEqual(before);
    expect((await t.deps.db.selectFrom('holds').select('status').where('id', '=', holdId).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('asks for a sign-in before anything else', async () => {
    const before = await bookingCounts(t.deps, scope());
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/holds`, payload: { seatIds: [ev.seatIds[2]] } });
    expect(res.statusCode).toBe(401);
    expect(await bookingCounts(t.deps, scope())).toEqual(before);
  });
});
