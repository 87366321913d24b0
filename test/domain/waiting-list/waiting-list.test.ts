import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { verifyInvariants } from '../../../src/domain/invariants/verify-invariants.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { cancelEvent, checkout, expectInvariantsHold, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

describe('sold-out waiting list', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const join = (u: TestUser | null, eventId: string, body: unknown) =>
    t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/waiting-list`, headers: u?.auth ?? {}, payload: body as object });
  const mine = async (u: TestUser, eventId: string) =>
    (await t.app.inject({ url: `/api/v1/events/${eventId}/waiting-list`, headers: u.auth })).json().entry;
  const leave = (u: TestUser, eventId: string) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/events/${eventId}/waiting-list`, headers: u.auth });
  const myHolds = async (u: TestUser) => (await t.app.inject({ url: '/api/v1/me/holds', headers: u.auth })).json().items;

  /** An event whose every seat one fan holds; the hold's id is returned for the release paths. */
  async function soldOut(
    seats = 2,
    opts: { perUserLimit?: number } = {},
  ): Promise<{ ev: PublishedEvent; owner: TestUser; holdId: string }> {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: seats,
      holdSeconds: 60,
      perUserLimit: opts.perUserLimit ?? 6,
    });
    const owner = await createUser(t.deps);
    const h = await hold(t.app, owner, ev.eventId, { seatIds: ev.seatIds });
    expect(h.statusCode).toBe(201);
    return { ev, owner, holdId: h.json().hold.id };
  }
  const entriesOf = (eventId: string) =>
    t.deps.db.selectFrom('waiting_list_entries').selectAll().where('event_id', '=', eventId).orderBy('position').execute();

  it('a fan joins a sold-out event once, sees their place and leaves; bad joins change nothing', async () => {
    const { ev, owner } = await soldOut(2, { perUserLimit: 4 });
    const [b, c] = [await createUser(t.deps), await createUser(t.deps)];
    const res = await join(b, ev.eventId, { quantity: 2 });
    expect(res.statusCode).toBe(201);
    expect(res.json().entry).toMatchObject({ status: 'waiting', place: 1, quantity: 2, tier: null, offer: null });
    expect((await join(c, ev.eventId, { quantity: 1, tierId: ev.tierIds[0] })).json().entry).toMatchObject({
      place: 2,
      tier: { id: ev.tierIds[0] },
    });

    const again = await join(b, ev.eventId, { quantity: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toMatchObject({ reason: 'already_waiting' });
    expect((await join(owner, ev.eventId, { quantity: 1 })).json().error.code).toBe('ACTIVE_BOOKING_EXISTS');
    const d = await createUser(t.deps);
    expect((await join(d, ev.eventId, { quantity: 5 })).json().error.code).toBe('LIMIT_EXCEEDED');
    const badTier = await join(d, ev.eventId, { quantity: 1, tierId: '00000000-0000-4000-8000-000000000000' });
    expect(badTier.statusCode).toBe(400);
    expect(JSON.stringify(badTier.json().error.details)).toContain('tierId');
    const zero = await join(d, ev.eventId, { quantity: 0 });
    expect(zero.statusCode).toBe(400);
    expect(JSON.stringify(zero.json().error.details)).toContain('quantity');
    expect((await join(d, ev.eventId, { quantity: 1, extra: 1 })).statusCode).toBe(400);
    expect((await join(null, ev.eventId, { quantity: 1 })).statusCode).toBe(401);
    expect((await join(d, '00000000-0000-4000-8000-000000000000', { quantity: 1 })).statusCode).toBe(404);
    const open = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 3 });
    const notSoldOut = await join(d, open.eventId, { quantity: 2 });
    expect(notSoldOut.statusCode).toBe(409);
    expect(notSoldOut.json().error.details).toMatchObject({ reason: 'not_sold_out', available: 3 });
    expect(await entriesOf(open.eventId)).toHaveLength(0);
    expect(await entriesOf(ev.eventId)).toHaveLength(2);

    expect((await leave(b, ev.eventId)).statusCode).toBe(204);
    expect(await mine(b, ev.eventId)).toBeNull();
    expect(await mine(c, ev.eventId)).toMatchObject({ place: 1 });
    expect((await leave(b, ev.eventId)).statusCode).toBe(404);
    // Left: a fresh entry goes to the back.
    expect((await join(b, ev.eventId, { quantity: 1 })).json().entry.place).toBe(2);
  });

  it("the fan's release offers the seats to the head fan as a hold, with a mail; buying it marks the entry purchased", async () => {
    const { ev, owner, holdId } = await soldOut(2);
    const b = await createUser(t.deps);
    await join(b, ev.eventId, { quantity: 2 });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${holdId}`, headers: owner.auth })).statusCode).toBe(204);

    const entry = await mine(b, ev.eventId);
    expect(entry).toMatchObject({ status: 'offered', place: null });
    const holds = await myHolds(b);
    expect(holds).toHaveLength(1);
    expect(holds[0].id).toBe(entry.offer.holdId);
    expect(holds[0].seats.map((s: { id: string }) => s.id).sort()).toEqual([...ev.seatIds].sort());
    // 30 minutes by default, not the event's 60-second hold.
    expect(Date.parse(entry.offer.expiresAt) - clock.now().getTime()).toBe(30 * 60_000);
    // The public cannot take them meanwhile.
    const other = await createUser(t.deps);
    expect((await hold(t.app, other, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().error.code).toBe('SEATS_UNAVAILABLE');

    await deliverOutbox(t.deps);
    const mail = (await readFile(path.join(t.deps.config.dataDir, 'mail', `waitlist-offer-${entry.id}.eml`), 'utf8')).replace(
      /=\r?\n/g,
      '',
    );
    expect(mail).toContain('Seats held for you');
    expect(mail).toMatch(/GMT\+1|GMT\+2|CET|CEST/);
    expect(mail).toContain('=E2=82=AC100.00'); // €100.00, quoted-printable
    expect(mail).toContain('row A');
    expect(mail).toContain(`/checkout/${entry.offer.holdId}`);

    const paid = await checkout(t.app, b, entry.offer.holdId, `wl-${entry.id}`);
    expect(paid.statusCode).toBe(201);
    expect(paid.json().order.status).toBe('confirmed');
    expect((await entriesOf(ev.eventId))[0]).toMatchObject({ status: 'purchased' });
    expect(await mine(b, ev.eventId)).toBeNull();
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('a cancelled order and an expired hold offer their seats; a lapsed offer passes to the next fan', async () => {
    const { ev, owner, holdId } = await soldOut(1);
    const order = await checkout(t.app, owner, holdId, `own-${holdId}`);
    expect(order.statusCode).toBe(201);
    const [b, c] = [await createUser(t.deps), await createUser(t.deps)];
    await join(b, ev.eventId, { quantity: 1 });
    await join(c, ev.eventId, { quantity: 1 });
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.json().order.id}/cancel`, headers: owner.auth });
    expect(cancel.statusCode).toBe(200);
    expect(await mine(b, ev.eventId)).toMatchObject({ status: 'offered' });
    expect(await mine(c, ev.eventId)).toMatchObject({ status: 'waiting', place: 1 });

    clock.advance(30 * 60_000 + 1_000);
    await expireHolds(t.deps, { eventIds: [ev.eventId] });
    expect(await mine(b, ev.eventId)).toBeNull();
    const entries = await entriesOf(ev.eventId);
    expect(entries.map((e) => e.status)).toEqual(['lapsed', 'offered']);
    expect(entries[0]!.close_reason).toBe('expired');
    expect(await myHolds(c)).toHaveLength(1);

    // The fan declines by leaving: the seat goes back to the public (nobody else waits).
    expect((await leave(c, ev.eventId)).statusCode).toBe(204);
    expect((await entriesOf(ev.eventId)).map((e) => e.status)).toEqual(['lapsed', 'lapsed']);
    const seat = await t.deps.db.selectFrom('event_seats').select('status').where('event_id', '=', ev.eventId).executeTakeFirstOrThrow();
    expect(seat.status).toBe('available');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it('an expired ordinary hold is swept to the waiting fan; the first entry the seats can fill is served', async () => {
    const { ev } = await soldOut(1);
    const [b, c] = [await createUser(t.deps), await createUser(t.deps)];
    await join(b, ev.eventId, { quantity: 2 });
    await join(c, ev.eventId, { quantity: 1 });
    clock.advance(61_000);
    expect(await expireHolds(t.deps, { eventIds: [ev.eventId] })).toBe(1);
    expect(await mine(b, ev.eventId)).toMatchObject({ status: 'waiting', place: 1 });
    expect(await mine(c, ev.eventId)).toMatchObject({ status: 'offered' });
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it("an erased fan's offer passes on and their entry closes; a cancelled event clears its list", async () => {
    const { ev, owner, holdId } = await soldOut(1);
    const [b, c, d] = [await createUser(t.deps), await createUser(t.deps), await createUser(t.deps)];
    for (const f of [b, c, d]) await join(f, ev.eventId, { quantity: 1 });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${holdId}`, headers: owner.auth });
    expect(await mine(b, ev.eventId)).toMatchObject({ status: 'offered' });
    const erased = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: b.auth, payload: { email: b.email } });
    expect(erased.statusCode).toBeLessThan(300);
    expect((await entriesOf(ev.eventId)).map((e) => e.status)).toEqual(['lapsed', 'offered', 'waiting']);

    const cancelled = await cancelEvent(t.app, ev.organizer, ev.eventId, 'Storm');
    expect(cancelled.statusCode).toBe(200);
    await deliverOutbox(t.deps);
    const after = await entriesOf(ev.eventId);
    expect(after.map((e) => e.status)).toEqual(['lapsed', 'lapsed', 'cleared']);
    expect(after[2]!.close_reason).toBe('event_cancelled');
    expect((await join(d, ev.eventId, { quantity: 1 })).json().error.code).toBe('NOT_ON_SALE');
    await expectInvariantsHold(t.deps, [ev.eventId]);
  });

  it("cli verify finds an offer that is not its fan's active hold, and one without its mail", async () => {
    const { ev, owner, holdId } = await soldOut(1);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${holdId}`, headers: owner.auth });
    // Written behind the use cases' back: a released hold named as a live offer, never announced.
    await t.deps.db
      .insertInto('waiting_list_entries')
      .values({
        event_id: ev.eventId,
        user_id: owner.id,
        quantity: 1,
        status: 'offered',
        offered_hold_id: holdId,
        offered_at: clock.now(),
        created_at: clock.now(),
      })
      .execute();
    const report = await verifyInvariants(t.deps.db, clock.now(), { eventIds: [ev.eventId] });
    expect(report.breaches.map((b) => b.check).sort()).toEqual([
      "waiting-list offer whose hold is not the fan's active hold",
      'waiting-list offer without its waitlist.offered outbox row',
    ]);
    await t.deps.db.deleteFrom('waiting_list_entries').where('event_id', '=', ev.eventId).execute();
  });

  it('the organizer sees, reorders and clears the list; other organizers and fans may not', async () => {
    const { ev } = await soldOut(1);
    const fans = [await createUser(t.deps), await createUser(t.deps), await createUser(t.deps)];
    for (const f of fans) expect((await join(f, ev.eventId, { quantity: 1 })).statusCode).toBe(201);
    const url = `/api/v1/admin/events/${ev.eventId}/waiting-list`;
    const list = async () => (await t.app.inject({ url, headers: ev.organizer.auth })).json();
    const first = await list();
    expect(first).toMatchObject({ offerMinutes: 30, total: 3, waiting: 3 });
    expect(first.items.map((i: { place: number }) => i.place)).toEqual([1, 2, 3]);
    const ids = first.items.map((i: { id: string }) => i.id);

    const move = await t.app.inject({
      method: 'POST',
      url: `${url}/reorder`,
      headers: ev.organizer.auth,
      payload: { entryId: ids[2], place: 1 },
    });
    expect(move.statusCode).toBe(204);
    expect((await list()).items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(await mine(fans[2]!, ev.eventId)).toMatchObject({ place: 1 });
    const paged = (await t.app.inject({ url: `${url}?limit=1&offset=1`, headers: ev.organizer.auth })).json();
    expect(paged.items).toMatchObject([{ id: ids[0], place: 2 }]);

    const stranger = await createUser(t.deps, ['organizer']);
    expect((await t.app.inject({ url, headers: stranger.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: fans[0]!.auth })).statusCode).toBe(403);
    const badMove = await t.app.inject({
      method: 'POST',
      url: `${url}/reorder`,
      headers: ev.organizer.auth,
      payload: { entryId: ids[0], place: 0 },
    });
    expect(badMove.statusCode).toBe(400);

    const window = await t.app.inject({ method: 'PUT', url: `${url}/settings`, headers: ev.organizer.auth, payload: { offerMinutes: 10 } });
    expect(window.json()).toEqual({ offerMinutes: 10 });

    const one = await t.app.inject({ method: 'DELETE', url: `${url}?entryId=${ids[0]}`, headers: ev.organizer.auth });
    expect(one.json()).toEqual({ cleared: 1 });
    expect(await mine(fans[0]!, ev.eventId)).toBeNull();
    const all = await t.app.inject({ method: 'DELETE', url, headers: ev.organizer.auth });
    expect(all.json()).toEqual({ cleared: 2 });
    expect(await list()).toMatchObject({ items: [], total: 0, waiting: 0 });
    expect((await t.app.inject({ url: `${url}?live=false`, headers: ev.organizer.auth })).json().total).toBe(3);
  });
});
