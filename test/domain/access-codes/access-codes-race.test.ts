import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUsers } from '../../factories/users.js';
import { expectInvariantsHold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Real sockets, the real pool and real row locks: these requests truly race for the code's last use. */
describe('access code redemption under contention', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('a code with one use left, 50 fans holding different seats with it at once: exactly one hold, uses = max_uses', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 5, seatsPerRow: 20 });
    const created = await postJson(base, `/admin/events/${ev.eventId}/access-codes`, ev.organizer, {
      code: 'LASTONE',
      maxUses: 3,
      discount: { kind: 'percent', value: 50 },
    });
    expect(created.status).toBe(201);
    // Two of three uses already taken (holds of other fans).
    const [u1, u2, ...fans] = await createUsers(t.deps, 52);
    for (const [i, u] of [u1!, u2!].entries()) {
      const r = await postJson(base, `/events/${ev.eventId}/holds`, u, { seatIds: [ev.seatIds[90 + i]!], accessCode: 'LASTONE' });
      expect(r.status).toBe(201);
    }
    const replies = await Promise.all(
      fans.map((u, i) => postJson(base, `/events/${ev.eventId}/holds`, u, { seatIds: [ev.seatIds[i]!], accessCode: 'lastone' })),
    );
    const outcomes = replies.reduce<Record<string, number>>((m, r) => {
      const k = `${r.status} ${r.body?.error?.code ?? ''}`;
      m[k] = (m[k] ?? 0) + 1;
      return m;
    }, {});
    expect(
      replies.filter((r) => r.status === 201),
      JSON.stringify(outcomes),
    ).toHaveLength(1);
    expect(
      replies.filter((r) => r.status === 409 && r.body.error.code === 'CODE_EXHAUSTED'),
      JSON.stringify(outcomes),
    ).toHaveLength(49);
    const winner = replies.find((r) => r.status === 201)!.body.hold;
    expect(winner.total).toEqual({ amount: 2500, currency: 'EUR' });

    const code = await t.deps.db.selectFrom('access_codes').selectAll().where('event_id', '=', ev.eventId).executeTakeFirstOrThrow();
    expect([code.uses, code.max_uses]).toEqual([3, 3]);
    // Losers left nothing behind: no hold rows, no held seats, no redemptions.
    const holds = await t.deps.db.selectFrom('holds').select(['id', 'access_code_id']).where('event_id', '=', ev.eventId).execute();
    expect(holds).toHaveLength(3);
    expect(holds.every((h) => h.access_code_id === code.id)).toBe(true);
    const held = await t.deps.db
      .selectFrom('event_seats')
      .select('seat_id')
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'held')
      .execute();
    expect(held).toHaveLength(3);
    const redemptions = await t.deps.db
      .selectFrom('access_code_redemptions')
      .select('hold_id')
      .where('access_code_id', '=', code.id)
      .execute();
    expect(redemptions).toHaveLength(3);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
