import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers } from '../../factories/users.js';
import { expectInvariantsHold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Real sockets on a real port, the real pool (20) and real row locks: these requests truly race. */
describe('holds under contention', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  it('300 users racing for the same two seats: exactly one 201, the rest 409, one hold', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 10 });
    const users = await createUsers(t.deps, 300);
    const seats = [ev.seatIds[3]!, ev.seatIds[4]!];
    const replies = await Promise.all(users.map((u) => postJson(base, `/events/${ev.eventId}/holds`, u, { seatIds: seats })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(299);
    const codes = new Set(replies.filter((r) => r.status === 409).map((r) => r.body.error.code));
    expect([...codes].every((c) => c === 'SEATS_UNAVAILABLE' || c === 'BUSY')).toBe(true);
    const holds = await t.deps.db.selectFrom('holds').select('id').where('event_id', '=', ev.eventId).execute();
    expect(holds).toHaveLength(1);
    const held = await t.deps.db
      .selectFrom('event_seats')
      .select(['seat_id', 'hold_id'])
      .where('event_id', '=', ev.eventId)
      .where('status', '=', 'held')
      .execute();
    expect(held.map((s) => s.seat_id).sort()).toEqual([...seats].sort());
    expect(new Set(held.map((s) => s.hold_id))).toEqual(new Set([holds[0]!.id]));
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('500 best-available requests for 2 seats on a 400-seat section: exactly 200 succeed, no seat twice', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 20, seatsPerRow: 20 });
    const users = await createUsers(t.deps, 500);
    const replies = await Promise.all(
      users.map((u) => postJson(base, `/events/${ev.eventId}/holds`, u, { sectionId: ev.seatedSectionId, quantity: 2 })),
    );
    const ok = replies.filter((r) => r.status === 201);
    const rejected = replies.filter((r) => r.status === 409);
    const outcomes = replies.reduce<Record<string, number>>((m, r) => {
      const k = `${r.status} ${r.body?.error?.code ?? ''}`;
      m[k] = (m[k] ?? 0) + 1;
      return m;
    }, {});
    expect(ok.length, JSON.stringify(outcomes)).toBe(200);
    expect(rejected).toHaveLength(300);
    const seatIds = ok.flatMap((r) => r.body.hold.seats.map((s: { id: string }) => s.id));
    expect(new Set(seatIds).size).toBe(400);
    // Losers left nothing behind: no empty hold rows blocking their next try.
    expect(await t.deps.db.selectFrom('holds').select('id').where('event_id', '=', ev.eventId).execute()).toHaveLength(200);
    const rows = await t.deps.db.selectFrom('hold_seats').select('seat_id').where('event_id', '=', ev.eventId).execute();
    expect(rows).toHaveLength(400);
    const free = await t.deps.db
      .selectFrom('event_seats')
      .select('seat_id')
      .where('event_id', '=', ev.eventId)
      .where('status', '<>', 'held')
      .execute();
    expect(free).toHaveLength(0);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('one user racing 20 holds on one event: exactly one succeeds', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 20 });
    const user = await createUser(t.deps);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(base, `/events/${ev.eventId}/holds`, user, { seatIds: [ev.seatIds[i]!] })),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const others = replies.filter((r) => r.status !== 201);
    expect(others.every((r) => r.status === 409 && r.body.error.code === 'ACTIVE_BOOKING_EXISTS')).toBe(true);
    expect(await t.deps.db.selectFrom('holds').select('id').where('event_id', '=', ev.eventId).execute()).toHaveLength(1);
    expect(
      await t.deps.db.selectFrom('event_seats').select('seat_id').where('event_id', '=', ev.eventId).where('status', '=', 'held').execute(),
    ).toHaveLength(1);
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });
});
