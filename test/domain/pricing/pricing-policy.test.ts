import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepricer } from '../../../src/domain/pricing/reprice-events.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers } from '../../factories/users.js';
import { hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const HOUR = 3_600_000;

describe('dynamic pricing: policy, worker, history, pause and manual price', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  const demandPolicy = (tierId: string, over: Record<string, unknown> = {}) => ({
    mode: 'demand',
    tiers: [{ tierId, floor: eur(4000), cap: eur(9000), maxStepPercent: 10, maxChangesPerHour: 4, ...over }],
    signals: ['sellThrough', 'velocity', 'queue', 'holds', 'timeToEvent'],
  });
  const put = (ev: PublishedEvent, payload: unknown, auth = ev.organizer.auth) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/admin/events/${ev.eventId}/pricing`, headers: auth, payload: payload as object });
  const publicEvent = async (ev: PublishedEvent) => (await t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}` })).json();
  const history = async (ev: PublishedEvent) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/prices/history` })).json().items as {
      tierId: string;
      old: { amount: number };
      new: { amount: number };
      reason: string;
    }[];

  it('accepts a valid policy and shows the tier as demand-priced with its range', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 10 });
    const res = await put(ev, demandPolicy(ev.tierIds[0]!));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().pricing).toMatchObject({ mode: 'demand', paused: false });
    const tier = (await publicEvent(ev)).priceTiers[0];
    expect(tier.price).toEqual(eur(5000));
    expect(tier.demand).toEqual({ floor: eur(4000), cap: eur(9000), paused: false });
  });

  it('refuses bad policies with field-level 400s and writes nothing', async () => {
    const ev = await createPublishedEvent(t.deps);
    const tierId = ev.tierIds[0]!;
    const cases: [unknown, string][] = [
      [demandPolicy(tierId, { floor: eur(5001) }), 'body/tiers/0/floor/amount'],
      [demandPolicy(tierId, { cap: eur(4999) }), 'body/tiers/0/cap/amount'],
      [demandPolicy(tierId, { cap: { amount: 9000, currency: 'USD' } }), 'body/tiers/0/cap/currency'],
      [demandPolicy(tierId, { maxStepPercent: 80 }), 'body/tiers/0/maxStepPercent'],
      [demandPolicy(tierId, { maxChangesPerHour: 0 }), 'body/tiers/0/maxChangesPerHour'],
      [demandPolicy('00000000-0000-4000-8000-000000000000'), 'body/tiers/0/tierId'],
      [{ ...demandPolicy(tierId), signals: ['astrology'] }, 'body/signals/0'],
      [{ ...demandPolicy(tierId), mode: 'auction' }, 'body/mode'],
    ];
    for (const [payload, field] of cases) {
      const res = await put(ev, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body.error.details), res.body).toContain(field);
    }
    expect((await publicEvent(ev)).priceTiers[0].demand).toBeNull();
  });

  it('lets only the organizer of the event or an admin set it', async () => {
    const ev = await createPublishedEvent(t.deps);
    const other = await createUser(t.deps, ['organizer']);
    const customer = await createUser(t.deps, ['customer']);
    const admin = await createUser(t.deps, ['admin']);
    expect((await put(ev, demandPolicy(ev.tierIds[0]!), other.auth)).statusCode).toBe(403);
    expect((await put(ev, demandPolicy(ev.tierIds[0]!), customer.auth)).statusCode).toBe(403);
    expect((await put(ev, demandPolicy(ev.tierIds[0]!), admin.auth)).statusCode).toBe(200);
  });

  it('the worker raises the price on demand, records the inputs, and respects the rate', async () => {
    clock.set(new Date());
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 2,
      seatsPerRow: 10,
      perUserLimit: 6,
      holdSeconds: 3600,
      startsAt: new Date(clock.now().getTime() + 48 * HOUR),
    });
    expect((await put(ev, demandPolicy(ev.tierIds[0]!))).statusCode).toBe(200);
    const buyers = await createUsers(t.deps, 3);
    for (const b of buyers) expect((await hold(t.app, b, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 5 })).statusCode).toBe(201);

    const reprice = createRepricer({ eventIds: [ev.eventId] });
    expect(await reprice(t.deps)).toBe(1);
    const [first] = await history(ev);
    expect(first).toMatchObject({ tierId: ev.tierIds[0], old: { amount: 5000 }, new: { amount: 5500 }, reason: 'demand_up' });
    const inputs = await t.deps.db
      .selectFrom('price_history')
      .select('inputs')
      .where('event_id', '=', ev.eventId)
      .executeTakeFirstOrThrow();
    expect(inputs.inputs).toMatchObject({ total: 20, held: 15, sold: 0 });
    expect((await publicEvent(ev)).priceTiers[0].price).toEqual(eur(5500));

    // Four changes an hour: not again within 15 minutes, then one more step.
    clock.advance(10 * 60_000);
    expect(await reprice(t.deps, true)).toBe(0);
    clock.advance(5 * 60_000);
    expect(await reprice(t.deps, true)).toBe(1);
    expect((await history(ev)).map((h) => h.new.amount)).toEqual([6050, 5500]);
    // The holds made before keep the price they locked.
    const totals = await t.deps.db.selectFrom('holds').select('total_amount').where('event_id', '=', ev.eventId).execute();
    expect(totals.map((h) => Number(h.total_amount))).toEqual([25_000, 25_000, 25_000]);
  });

  it('pause holds every price; a manual price applies at once and pauses; resume hands back to the worker', async () => {
    clock.set(new Date());
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10, perUserLimit: 8, holdSeconds: 3600 });
    const tierId = ev.tierIds[0]!;
    expect((await put(ev, demandPolicy(tierId))).statusCode).toBe(200);
    const pause = (paused: boolean) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/events/${ev.eventId}/pricing/pause`,
        headers: ev.organizer.auth,
        payload: { paused },
      });
    expect((await pause(true)).json().pricing.paused).toBe(true);
    const [buyer] = await createUsers(t.deps, 1);
    expect((await hold(t.app, buyer!, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 8 })).statusCode).toBe(201);
    const reprice = createRepricer({ eventIds: [ev.eventId] });
    expect(await reprice(t.deps, true)).toBe(0);

    const manual = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/pricing/tiers/${tierId}/price`,
      headers: ev.organizer.auth,
      payload: { price: eur(7000) },
    });
    expect(manual.statusCode, manual.body).toBe(200);
    expect((await publicEvent(ev)).priceTiers[0]).toMatchObject({ price: eur(7000), demand: { paused: true } });
    expect((await history(ev))[0]).toMatchObject({ old: { amount: 5000 }, new: { amount: 7000 }, reason: 'manual' });
    const wrongCurrency = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/pricing/tiers/${tierId}/price`,
      headers: ev.organizer.auth,
      payload: { price: { amount: 7000, currency: 'USD' } },
    });
    expect(wrongCurrency.statusCode).toBe(400);

    // Resumed, the manual change counts against the rate: nothing for 15 minutes, then demand moves it.
    expect((await pause(false)).json().pricing.paused).toBe(false);
    expect(await reprice(t.deps, true)).toBe(0);
    clock.advance(15 * 60_000);
    expect(await reprice(t.deps, true)).toBe(1);
    expect((await history(ev))[0]).toMatchObject({ old: { amount: 7000 }, new: { amount: 7700 }, reason: 'demand_up' });

    // Back to fixed: the base price, recorded.
    expect((await put(ev, { mode: 'fixed', tiers: [], signals: [] })).statusCode).toBe(200);
    expect((await publicEvent(ev)).priceTiers[0]).toMatchObject({ price: eur(5000), demand: null });
    expect((await history(ev))[0]).toMatchObject({ old: { amount: 7700 }, new: { amount: 5000 }, reason: 'manual' });
  });

  it('narrowing the range moves a price inside it at once', async () => {
    const ev = await createPublishedEvent(t.deps);
    const tierId = ev.tierIds[0]!;
    expect((await put(ev, demandPolicy(tierId))).statusCode).toBe(200);
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/pricing/tiers/${tierId}/price`,
      headers: ev.organizer.auth,
      payload: { price: eur(8500) },
    });
    expect((await put(ev, demandPolicy(tierId, { cap: eur(6000) }))).statusCode).toBe(200);
    expect((await publicEvent(ev)).priceTiers[0].price).toEqual(eur(6000));
    expect((await history(ev))[0]).toMatchObject({ old: { amount: 8500 }, new: { amount: 6000 }, reason: 'into_bounds' });
  });

  it('the public history 404s for unknown events', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/events/00000000-0000-4000-8000-000000000000/prices/history' });
    expect(res.statusCode).toBe(404);
  });
});
