import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers } from '../../factories/users.js';
import { expectInvariantsHold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Real sockets, the real pool and real row locks: the price changes and the holds truly race. */
describe('a price change racing 200 concurrent holds', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('every hold keeps the price it was quoted, and every price paid is one the history shows', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 20, seatsPerRow: 10 });
    const tierId = ev.tierIds[0]!;
    const policy = await fetch(`${base}/api/v1/admin/events/${ev.eventId}/pricing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...ev.organizer.auth },
      body: JSON.stringify({
        mode: 'demand',
        tiers: [
          {
            tierId,
            floor: { amount: 4000, currency: 'EUR' },
            cap: { amount: 9000, currency: 'EUR' },
            maxStepPercent: 20,
            maxChangesPerHour: 60,
          },
        ],
        signals: ['sellThrough', 'velocity'],
      }),
    });
    expect(policy.status).toBe(200);
    const users = await createUsers(t.deps, 200);

    // Three manual changes, fired while the holds are in flight: after 40, 100 and 160 replies.
    const newPrices = [6000, 7000, 5500];
    const changes: Promise<Response>[] = [];
    let replies = 0;
    const changeAt = new Map([
      [40, 0],
      [100, 1],
      [160, 2],
    ]);
    const setPrice = (amount: number) =>
      fetch(`${base}/api/v1/admin/events/${ev.eventId}/pricing/tiers/${tierId}/price`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...ev.organizer.auth },
        body: JSON.stringify({ price: { amount, currency: 'EUR' } }),
      });
    const holds = await Promise.all(
      users.map((u) =>
        postJson(base, `/events/${ev.eventId}/holds`, u, { sectionId: ev.seatedSectionId, quantity: 1 }).then((r) => {
          const i = changeAt.get(++replies);
          if (i !== undefined) changes.push(setPrice(newPrices[i]!));
          return r;
        }),
      ),
    );
    for (const c of await Promise.all(changes)) expect(c.status).toBe(200);

    const ok = holds.filter((r) => r.status === 201).map((r) => r.body.hold);
    expect(ok).toHaveLength(200);

    // The history: 5000 → 6000 → 7000 → 5500, in that order.
    const history = await t.deps.db
      .selectFrom('price_history')
      .select(['old_amount', 'new_amount'])
      .where('event_id', '=', ev.eventId)
      .orderBy('id')
      .execute();
    expect(history.map((h) => [Number(h.old_amount), Number(h.new_amount)])).toEqual([
      [5000, 6000],
      [6000, 7000],
      [7000, 5500],
    ]);
    const pricesInHistory = new Set([5000, ...history.map((h) => Number(h.new_amount))]);

    // Each hold: the price in its reply is the price stored, seat by seat and in total, and one the history shows.
    const stored = await t.deps.db
      .selectFrom('holds')
      .innerJoin('hold_seats', 'hold_seats.hold_id', 'holds.id')
      .select(['holds.id', 'holds.total_amount', 'hold_seats.price_amount'])
      .where('holds.event_id', '=', ev.eventId)
      .execute();
    const byId = new Map(stored.map((s) => [s.id, s]));
    const paidAt = new Map<number, number>();
    for (const h of ok) {
      const quoted = Number(h.seats[0].price.amount);
      const row = byId.get(h.id)!;
      expect(Number(row.price_amount)).toBe(quoted);
      expect(Number(row.total_amount)).toBe(quoted);
      expect(h.total.amount).toBe(quoted);
      expect(pricesInHistory.has(quoted), `price ${quoted}`).toBe(true);
      paidAt.set(quoted, (paidAt.get(quoted) ?? 0) + 1);
    }
    // The race really happened: holds were made at the first price and at later ones.
    expect(paidAt.get(5000) ?? 0).toBeGreaterThanOrEqual(40);
    expect(paidAt.size).toBeGreaterThanOrEqual(2);
    // Totals match: what the holds add up to is the sum of each price times the holds made at it.
    const total = stored.reduce((s, r) => s + Number(r.total_amount), 0);
    expect(total).toBe([...paidAt].reduce((s, [price, n]) => s + price * n, 0));

    // Paying later does not change the price either: the order charges what the hold locked.
    const orders = await Promise.all(
      holds.slice(0, 10).map((r, i) =>
        postJson(
          base,
          `/holds/${r.body.hold.id}/checkout`,
          users[i]!,
          { payment: { method: 'card', token: 'tok_visa' } },
          {
            'idempotency-key': `race-${i}`,
          },
        ),
      ),
    );
    orders.forEach((o, i) => {
      expect(o.status, JSON.stringify(o.body)).toBeLessThan(300);
      expect(o.body.order.total).toEqual(holds[i]!.body.hold.total);
    });
    await expectInvariantsHold(t.deps, [ev.eventId]);
  }, 180_000);
});
