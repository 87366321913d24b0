import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeConfirmationMail } from '../../../src/domain/delivery/confirmation-mail.js';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { findOrderView } from '../../../src/domain/orders/order-view.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { bookingCounts, checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const hour = 3_600_000;

describe('presale and access codes', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 10 });
  });
  afterAll(() => t.close());

  const api = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  const createCode = (ev: PublishedEvent, body: Record<string, unknown>) =>
    api(ev.organizer, 'POST', `/admin/events/${ev.eventId}/access-codes`, body);
  const codeRow = (eventId: string, code: string) =>
    t.deps.db.selectFrom('access_codes').selectAll().where('event_id', '=', eventId).where('code', '=', code).executeTakeFirstOrThrow();
  const codeCount = async (eventId: string) =>
    (await t.deps.db.selectFrom('access_codes').select('id').where('event_id', '=', eventId).execute()).length;

  it('creates a code (normalised upper-case) and refuses bad input with 4xx and nothing written', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const ok = await createCode(ev, { code: '  fanclub-24 ', maxUses: 10, discount: { kind: 'percent', value: 20 } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().code).toMatchObject({
      code: 'FANCLUB-24',
      maxUses: 10,
      uses: 0,
      enabled: true,
      discount: { kind: 'percent', value: 20 },
    });

    const bad = [
      { code: 'ab' },
      { code: 'has space' },
      { code: 'GOOD1', discount: { kind: 'percent', value: 101 } },
      { code: 'GOOD2', maxUses: 0 },
      { code: 'GOOD3', validFrom: '2026-05-02T10:00:00Z', validUntil: '2026-05-01T10:00:00Z' },
      { code: 'GOOD4', unlocksTierIds: ['00000000-0000-4000-8000-000000000001'] },
      { code: 'GOOD5', extra: true },
      { code: 'fanclub-24' },
    ];
    for (const body of bad) {
      const res = await createCode(ev, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await codeCount(ev.eventId)).toBe(1);
  });

  it('bulk JSON and CSV: every row checked, row-level errors, no partial insert', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, gaCapacity: 10 });
    const badCsv = [
      'code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers',
      'AAA1,5,,,percent,10,',
      'AAA2,x,,,,,',
      'AAA3,,,,fixed,500,Nowhere',
      'aaa1,,,,,,',
    ].join('\n');
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${ev.eventId}/access-codes/import`,
      headers: { ...ev.organizer.auth, 'content-type': 'text/csv' },
      payload: badCsv,
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.details.fields as { field: string }[];
    expect(details.map((d) => d.field)).toEqual(['rows/3/maxUses', 'rows/4/unlocksTiers', 'rows/5/code']);
    expect(await codeCount(ev.eventId)).toBe(0);

    const goodCsv = [
      'code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers',
      'AAA1,5,,,percent,10,',
      'AAA2,,,,fixed,500,Floor',
      'AAA3',
    ].join('\r\n');
    const good = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${ev.eventId}/access-codes/import`,
      headers: { ...ev.organizer.auth, 'content-type': 'text/csv' },
      payload: goodCsv,
    });
    expect(good.statusCode).toBe(201);
    expect(
      good
        .json()
        .items.map((c: { code: string }) => c.code)
        .sort(),
    ).toEqual(['AAA1', 'AAA2', 'AAA3']);
    expect((await codeRow(ev.eventId, 'AAA2')).unlocks_tier_ids).toEqual([ev.tierIds[1]]);

    const dupJson = await api(ev.organizer, 'POST', `/admin/events/${ev.eventId}/access-codes/bulk`, {
      codes: [{ code: 'BBB1' }, { code: 'AAA3' }],
    });
    expect(dupJson.statusCode).toBe(400);
    expect(dupJson.json().error.details.fields).toEqual([
      { field: 'rows/2/code', message: 'AAA3 already exists for this event', code: 'invalid' },
    ]);
    expect(await codeCount(ev.eventId)).toBe(3);
    const json = await api(ev.organizer, 'POST', `/admin/events/${ev.eventId}/access-codes/bulk`, {
      codes: [{ code: 'BBB1' }, { code: 'BBB2', maxUses: 2 }],
    });
    expect(json.statusCode).toBe(201);

    const list1 = await api(ev.organizer, 'GET', `/admin/events/${ev.eventId}/access-codes?limit=3`);
    expect(list1.statusCode).toBe(200);
    expect(list1.json().items).toHaveLength(3);
    const list2 = await api(ev.organizer, 'GET', `/admin/events/${ev.eventId}/access-codes?limit=3&cursor=${list1.json().nextCursor}`);
    expect(list2.json().items).toHaveLength(2);
    expect(list2.json().nextCursor).toBeNull();
  });

  it('another organizer gets 403 on every organizer route and a customer 403; nothing changes', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4 });
    const code = (await createCode(ev, { code: 'MINE1' })).json().code;
    const other = await createUser(t.deps, ['organizer']);
    const fan = await createUser(t.deps);
    for (const who of [other, fan]) {
      const calls = [
        api(who, 'POST', `/admin/events/${ev.eventId}/access-codes`, { code: 'THEIRS' }),
        api(who, 'POST', `/admin/events/${ev.eventId}/access-codes/bulk`, { codes: [{ code: 'THEIRS' }] }),
        api(who, 'GET', `/admin/events/${ev.eventId}/access-codes`),
        api(who, 'PATCH', `/admin/events/${ev.eventId}/access-codes/${code.id}`, { enabled: false }),
        api(who, 'DELETE', `/admin/events/${ev.eventId}/access-codes/${code.id}`),
        api(who, 'PUT', `/admin/events/${ev.eventId}/presale`, { hiddenTierIds: [] }),
      ];
      for (const res of await Promise.all(calls)) expect(res.statusCode).toBe(403);
    }
    expect(await codeCount(ev.eventId)).toBe(1);
    expect((await codeRow(ev.eventId, 'MINE1')).enabled).toBe(true);
    const admin = await createUser(t.deps, ['admin']);
    expect((await api(admin, 'GET', `/admin/events/${ev.eventId}/access-codes`)).statusCode).toBe(200);
  });

  it('presale: no code 403 CODE_REQUIRED; bad, expired, disabled codes refused; a valid code holds; public sale needs none', async () => {
    const saleStartsAt = new Date(clock.now().getTime() + 2 * hour);
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, saleStartsAt });
    const presale = await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, {
      presaleStartsAt: new Date(clock.now().getTime() - hour).toISOString(),
    });
    expect(presale.statusCode).toBe(200);
    expect(presale.json().event.presaleStartsAt).not.toBeNull();
    const tooLate = await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, {
      presaleStartsAt: new Date(saleStartsAt.getTime() + hour).toISOString(),
    });
    expect(tooLate.statusCode).toBe(400);

    await createCode(ev, { code: 'PRE1' });
    await createCode(ev, { code: 'LATER', validFrom: new Date(clock.now().getTime() + hour).toISOString() });
    const off = (await createCode(ev, { code: 'OFF1' })).json().code;
    expect(
      (await api(ev.organizer, 'PATCH', `/admin/events/${ev.eventId}/access-codes/${off.id}`, { enabled: false })).json().code.enabled,
    ).toBe(false);

    const fans = await Promise.all(Array.from({ length: 5 }, () => createUser(t.deps)));
    const before = await bookingCounts(t.deps, { userIds: fans.map((f) => f.id), eventIds: [ev.eventId] });
    const seat = (i: number) => ({ seatIds: [ev.seatIds[i]!] });
    const expectRefused = async (user: TestUser, body: object, status: number, code: string) => {
      const res = await hold(t.app, user, ev.eventId, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    };
    await expectRefused(fans[0]!, seat(0), 403, 'CODE_REQUIRED');
    await expectRefused(fans[0]!, { ...seat(0), accessCode: 'NOPE1' }, 422, 'CODE_INVALID');
    await expectRefused(fans[0]!, { ...seat(0), accessCode: 'later' }, 422, 'CODE_EXPIRED');
    await expectRefused(fans[0]!, { ...seat(0), accessCode: 'OFF1' }, 422, 'CODE_INVALID');
    expect(await bookingCounts(t.deps, { userIds: fans.map((f) => f.id), eventIds: [ev.eventId] })).toEqual(before);

    const check = await api(fans[0]!, 'GET', `/events/${ev.eventId}/access-codes/pre1`);
    expect(check.json()).toMatchObject({ code: 'PRE1', valid: true, reason: null });
    expect((await api(fans[0]!, 'GET', `/events/${ev.eventId}/access-codes/off1`)).json()).toMatchObject({
      valid: false,
      reason: 'CODE_INVALID',
    });

    const ok = await hold(t.app, fans[0]!, ev.eventId, { ...seat(0), accessCode: 'pre1' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await codeRow(ev.eventId, 'PRE1')).uses).toBe(1);
    // Before the presale opens, even a valid code cannot hold.
    const ev2 = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, saleStartsAt });
    await api(ev2.organizer, 'PUT', `/admin/events/${ev2.eventId}/presale`, {
      presaleStartsAt: new Date(clock.now().getTime() + hour).toISOString(),
    });
    await createCode(ev2, { code: 'PRE2' });
    const early = await hold(t.app, fans[1]!, ev2.eventId, { seatIds: [ev2.seatIds[0]!], accessCode: 'PRE2' });
    expect(early.json().error.code).toBe('NOT_ON_SALE');
    expect((await codeRow(ev2.eventId, 'PRE2')).uses).toBe(0);

    // Public sale: no code needed.
    await t.deps.db.updateTable('events').set({ sale_starts_at: clock.now() }).where('id', '=', ev.eventId).execute();
    expect((await hold(t.app, fans[2]!, ev.eventId, seat(1))).statusCode).toBe(201);
    await expectInvariantsHold(t.deps, [ev.eventId, ev2.eventId]);
  });

  it('hidden tier: not listed publicly, refused without its code, unlocked with it', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 4, gaCapacity: 20 });
    const hiddenTier = ev.tierIds[1]!;
    expect((await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, { hiddenTierIds: ev.tierIds })).statusCode).toBe(400);
    expect((await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, { hiddenTierIds: [hiddenTier] })).statusCode).toBe(200);
    await createCode(ev, { code: 'VIPFLOOR', unlocksTierIds: [hiddenTier] });
    await createCode(ev, { code: 'PLAIN' });
    const fan = await createUser(t.deps);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}` });
    expect(pub.json().priceTiers.map((x: { id: string }) => x.id)).toEqual([ev.tierIds[0]]);

    // The search listing's price range leaves the hidden tier out.
    await t.deps.db.updateTable('price_tiers').set({ price_amount: 9000 }).where('id', '=', hiddenTier).execute();
    await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, { hiddenTierIds: [hiddenTier] });
    const listed = await t.deps.db
      .selectFrom('events')
      .select(['min_price', 'max_price'])
      .where('id', '=', ev.eventId)
      .executeTakeFirstOrThrow();
    expect([Number(listed.min_price), Number(listed.max_price)]).toEqual([5000, 5000]);
    await t.deps.db.updateTable('price_tiers').set({ price_amount: 5000 }).where('id', '=', hiddenTier).execute();

    const ga = { sectionId: ev.gaSectionId!, quantity: 2 };
    const none = await hold(t.app, fan, ev.eventId, ga);
    expect([none.statusCode, none.json().error.code]).toEqual([422, 'CODE_INVALID']);
    const plain = await hold(t.app, fan, ev.eventId, { ...ga, accessCode: 'PLAIN' });
    expect([plain.statusCode, plain.json().error.code]).toEqual([422, 'CODE_INVALID']);
    expect((await codeRow(ev.eventId, 'PLAIN')).uses).toBe(0);

    const check = await api(fan, 'GET', `/events/${ev.eventId}/access-codes/vipfloor`);
    expect(check.json().unlocksTiers).toEqual([
      { id: hiddenTier, name: 'Floor', price: { amount: 5000, currency: 'EUR' }, sectionIds: [ev.gaSectionId] },
    ]);
    const ok = await hold(t.app, fan, ev.eventId, { ...ga, accessCode: 'VIPFLOOR' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().hold.seats).toHaveLength(2);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('waiting list: hidden seats never count as free nor get offered; a hidden tier has no list', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2, gaCapacity: 5 });
    const hiddenTier = ev.tierIds[1]!;
    await api(ev.organizer, 'PUT', `/admin/events/${ev.eventId}/presale`, { hiddenTierIds: [hiddenTier] });
    await createCode(ev, { code: 'GAFLOOR', unlocksTierIds: [hiddenTier] });
    const [holder, vip, waiter] = await Promise.all([createUser(t.deps), createUser(t.deps), createUser(t.deps)]);
    const stalls = (await hold(t.app, holder, ev.eventId, { seatIds: ev.seatIds })).json().hold;
    const join = (body: object) => api(waiter, 'POST', `/events/${ev.eventId}/waiting-list`, body);
    expect((await join({ quantity: 1, tierId: hiddenTier })).statusCode).toBe(400);
    const joined = await join({ quantity: 1 });
    expect(joined.statusCode, joined.body).toBe(201);

    // Hidden places come back: they are not offered to the list.
    const vipHold = (await hold(t.app, vip, ev.eventId, { sectionId: ev.gaSectionId!, quantity: 1, accessCode: 'GAFLOOR' })).json().hold;
    expect((await api(vip, 'DELETE', `/holds/${vipHold.id}`)).statusCode).toBe(204);
    const entry = async () => (await api(waiter, 'GET', `/events/${ev.eventId}/waiting-list`)).json().entry;
    expect((await entry()).status).toBe('waiting');

    // A visible seat comes back: offered.
    expect((await api(holder, 'DELETE', `/holds/${stalls.id}`)).statusCode).toBe(204);
    await expect.poll(async () => (await entry())?.status).toBe('offered');
    const offered = await t.deps.db
      .selectFrom('waiting_list_entries as w')
      .innerJoin('event_seats as es', 'es.hold_id', 'w.offered_hold_id')
      .select('es.tier_id')
      .where('w.event_id', '=', ev.eventId)
      .execute();
    expect(offered.map((o) => o.tier_id)).toEqual([ev.tierIds[0]]);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('percent and fixed discounts: per ticket, never below zero, in the total, breakdown, order and payment', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 10,
      price: { amount: 4999, currency: 'EUR' },
      taxRateBasisPoints: 1900,
    });
    await createCode(ev, { code: 'PCT15', discount: { kind: 'percent', value: 15 } });
    await createCode(ev, { code: 'FIX10', discount: { kind: 'fixed', value: 1000 } });
    await createCode(ev, { code: 'FREE', discount: { kind: 'fixed', value: 999_999 } });
    const [a, b, c] = await Promise.all([createUser(t.deps), createUser(t.deps), createUser(t.deps)]);

    const pct = (await hold(t.app, a!, ev.eventId, { seatIds: [ev.seatIds[0]!, ev.seatIds[1]!], accessCode: 'pct15' })).json().hold;
    // floor(4999 × 15 / 100) = 749 per ticket.
    expect(pct.total).toEqual({ amount: 2 * (4999 - 749), currency: 'EUR' });
    expect(pct.breakdown.discount).toEqual({ amount: 2 * 749, currency: 'EUR' });
    expect(pct.breakdown.beforeTax.amount + pct.breakdown.tax.amount).toBe(pct.total.amount);
    expect(pct.seats[0].price).toEqual({ amount: 4999, currency: 'EUR' });

    const fix = (
      await hold(t.app, b!, ev.eventId, { seatIds: [ev.seatIds[2]!, ev.seatIds[3]!, ev.seatIds[4]!], accessCode: 'FIX10' })
    ).json().hold;
    expect(fix.total.amount).toBe(3 * 3999);
    expect(fix.breakdown.discount.amount).toBe(3000);
    const free = (await hold(t.app, c!, ev.eventId, { seatIds: [ev.seatIds[5]!], accessCode: 'FREE' })).json().hold;
    expect(free.total.amount).toBe(0);

    const paid = await checkout(t.app, a!, pct.id, 'k-pct');
    expect(paid.statusCode, paid.body).toBeLessThan(300);
    const order = paid.json().order;
    expect(order.total).toEqual(pct.total);
    expect(order.breakdown.discount).toEqual({ amount: 1498, currency: 'EUR' });
    const mine = await api(a!, 'GET', `/orders/${order.id}`);
    expect(mine.json().order.breakdown.discount).toEqual({ amount: 1498, currency: 'EUR' });
    const view = (await findOrderView(t.deps.db, order.id))!.view;
    const mail = composeConfirmationMail(view, 'http://boxoffice.test');
    expect(mail.text).toMatch(/Access code discount: −€14\.98/);
    expect(mail.text).toMatch(/Total paid: €85\.00/);
    const payment = await t.deps.db.selectFrom('payments').select('amount').where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(Number(payment.amount)).toBe(pct.total.amount);
    expect((await checkout(t.app, b!, fix.id, 'k-fix')).statusCode).toBeLessThan(300);
    const freeOrder = await checkout(t.app, c!, free.id, 'k-free');
    expect(freeOrder.statusCode, freeOrder.body).toBeLessThan(300);
    expect(freeOrder.json().order).toMatchObject({ status: 'confirmed', total: { amount: 0, currency: 'EUR' } });
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('gives the use back when a hold is released or expires, not when it is paid; used codes are disabled, not deleted', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, holdSeconds: 60 });
    const code = (await createCode(ev, { code: 'ONCE', maxUses: 1 })).json().code;
    const unused = (await createCode(ev, { code: 'UNUSED' })).json().code;
    const [a, b, c] = await Promise.all([createUser(t.deps), createUser(t.deps), createUser(t.deps)]);

    const h1 = (await hold(t.app, a!, ev.eventId, { seatIds: [ev.seatIds[0]!], accessCode: 'ONCE' })).json().hold;
    expect((await codeRow(ev.eventId, 'ONCE')).uses).toBe(1);
    const full = await hold(t.app, b!, ev.eventId, { seatIds: [ev.seatIds[1]!], accessCode: 'ONCE' });
    expect([full.statusCode, full.json().error.code]).toEqual([409, 'CODE_EXHAUSTED']);
    expect((await api(b!, 'GET', `/events/${ev.eventId}/access-codes/ONCE`)).json()).toMatchObject({
      valid: false,
      reason: 'CODE_EXHAUSTED',
    });

    expect((await api(a!, 'DELETE', `/holds/${h1.id}`)).statusCode).toBe(204);
    expect((await codeRow(ev.eventId, 'ONCE')).uses).toBe(0);

    const h2 = (await hold(t.app, b!, ev.eventId, { seatIds: [ev.seatIds[1]!], accessCode: 'ONCE' })).json().hold;
    expect(h2.id).toBeDefined();
    clock.advance(61_000);
    await expireHolds(t.deps);
    expect((await codeRow(ev.eventId, 'ONCE')).uses).toBe(0);
    const redemptions = await t.deps.db.selectFrom('access_code_redemptions').selectAll().where('access_code_id', '=', code.id).execute();
    expect(redemptions).toHaveLength(2);
    expect(redemptions.every((r) => r.returned_at !== null)).toBe(true);

    // The fan's export lists each use of a code, given back or not (GDPR Art. 15).
    const exported = (await api(b!, 'GET', '/me/export')).json().sections.accessCodes;
    expect(exported).toEqual([
      {
        code: 'ONCE',
        eventId: ev.eventId,
        holdId: h2.id,
        discount: expect.objectContaining({ currency: expect.any(String) }),
        redeemedAt: expect.any(String),
        givenBackAt: expect.any(String),
      },
    ]);

    const h3 = (await hold(t.app, c!, ev.eventId, { seatIds: [ev.seatIds[2]!], accessCode: 'ONCE' })).json().hold;
    expect((await checkout(t.app, c!, h3.id, 'k-once')).statusCode).toBeLessThan(300);
    await expireHolds(t.deps);
    expect((await codeRow(ev.eventId, 'ONCE')).uses).toBe(1);

    const del = await api(ev.organizer, 'DELETE', `/admin/events/${ev.eventId}/access-codes/${code.id}`);
    expect(del.json()).toMatchObject({ deleted: false, code: { enabled: false, uses: 1 } });
    const del2 = await api(ev.organizer, 'DELETE', `/admin/events/${ev.eventId}/access-codes/${unused.id}`);
    expect(del2.json()).toEqual({ deleted: true, code: null });
    expect(await codeCount(ev.eventId)).toBe(1);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
