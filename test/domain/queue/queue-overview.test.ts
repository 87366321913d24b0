import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmission } from '../../../src/jobs/admission.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const DAY = 86_400_000;

/** What the organizer dashboard reads (GET /admin/events/:id/queue) and the pacing a waiting page follows. */
describe('waiting room overview and status pacing', () => {
  let t: TestApp;
  let clock: ManualClock;
  const opening = new Date(Date.now() + 365 * DAY);

  beforeAll(async () => {
    clock = new ManualClock(new Date(opening.getTime() - 600_000));
    t = await createTestApp({ clock, config: { queueAutoHoldsPerSecond: 50 } });
  });
  afterAll(() => t.close());

  async function event(): Promise<PublishedEvent> {
    clock.set(new Date(opening.getTime() - 600_000));
    return createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 20,
      perUserLimit: 2,
      saleStartsAt: opening,
      startsAt: new Date(opening.getTime() + 30 * DAY),
    });
  }
  const overview = (ev: PublishedEvent, auth: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1/admin/events/${ev.eventId}/queue`, headers: auth });
  const status = (ev: PublishedEvent) => t.app.inject({ method: 'GET', url: `/api/v1/events/${ev.eventId}/queue/status` });

  it('is for the event’s organizer only', async () => {
    const ev = await event();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/events/${ev.eventId}/queue` })).statusCode).toBe(401);
    expect((await overview(ev, (await createUser(t.deps)).auth)).statusCode).toBe(403);
    const stranger = await createUser(t.deps, ['organizer']);
    expect([403, 404]).toContain((await overview(ev, stranger.auth)).statusCode);
    const ok = await overview(ev, ev.organizer.auth);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('private, no-store');
    expect(ok.json().queue).toMatchObject({
      mode: 'off',
      policy: { enabled: false },
      waiting: 0,
      seatsSold: 0,
      autoThresholdHoldsPerSecond: 50,
      status: { active: false },
    });
  });

  it('counts the line before the opening, then admitted, rate and sold as the sale runs', async () => {
    const ev = await event();
    const on = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/queue`,
      headers: ev.organizer.auth,
      payload: { enabled: true, maxAdmitPerTick: 2 },
    });
    expect(on.statusCode).toBe(200);
    const fans = await createUsers(t.deps, 5);
    for (const f of fans) {
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: f.auth, payload: {} })).statusCode,
      ).toBe(200);
    }
    const before = (await overview(ev, ev.organizer.auth)).json().queue;
    expect(before).toMatchObject({ mode: 'on', joinedNow: 5, waiting: 5, status: { active: true, saleOpen: false, servingUpTo: 0 } });
    // Before the opening the line does not move: a waiting page may ask less often.
    expect((await status(ev)).headers['retry-after']).toBe('5');

    clock.set(new Date(opening.getTime() + 1000));
    await runAdmission(t.deps, { eventIds: [ev.eventId] });
    clock.advance(1000);
    await runAdmission(t.deps, { eventIds: [ev.eventId] });
    const s = await status(ev);
    expect(s.headers['retry-after']).toBe('1');
    expect(s.json()).toMatchObject({ servingUpTo: 4, admittedPerMinute: 4, saleOpen: true });

    // An admitted fan buys: sold shows; the line is what is left. The pre-open draw decides who is admitted, not the
    // order of joining, so ask each fan's place again (a rejoin hands back the same ticket).
    const places = await Promise.all(
      fans.map(async (f) => {
        const r = await t.app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: f.auth, payload: {} });
        return { fan: f, join: r.json<{ admitted: boolean; token: string; position: number }>() };
      }),
    );
    // A drawn place is the fan's share of the block (1 + ⌊draw × 5⌋), so two fans may share one: compare, not count.
    for (const p of places) expect(p.join.admitted).toBe(p.join.position <= 4);
    const { fan: first, join: token } = places.find((p) => p.join.admitted)!;
    const held = await hold(t.app, first, ev.eventId, { seatIds: ev.seatIds.slice(0, 2) }, { 'x-queue-token': token.token });
    expect(held.statusCode, held.body).toBe(201);
    expect((await checkout(t.app, first, held.json().hold.id, 'overview-pay')).statusCode).toBe(201);
    const during = (await overview(ev, ev.organizer.auth)).json().queue;
    expect(during).toMatchObject({ mode: 'on', waiting: 1, seatsSold: 2, status: { servingUpTo: 4, admittedPerMinute: 4 } });

    // A minute without admissions: the pace falls to nothing rather than standing still at the old figure.
    clock.advance(61_000);
    await runAdmission(t.deps, { eventIds: [ev.eventId] });
    clock.advance(61_000);
    await runAdmission(t.deps, { eventIds: [ev.eventId] });
    const later = (await overview(ev, ev.organizer.auth)).json().queue;
    expect(later.status.servingUpTo).toBe(5);
    expect(later.status.admittedPerMinute).toBeLessThanOrEqual(1);
  });

  it('switches on before the on-sale and off again', async () => {
    const ev = await event();
    const put = (enabled: boolean) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/admin/events/${ev.eventId}/queue`, headers: ev.organizer.auth, payload: { enabled } });
    expect((await put(true)).statusCode).toBe(200);
    expect((await overview(ev, ev.organizer.auth)).json().queue).toMatchObject({ mode: 'on', status: { active: true } });
    expect((await put(false)).statusCode).toBe(200);
    expect((await overview(ev, ev.organizer.auth)).json().queue).toMatchObject({ mode: 'off', status: { active: false } });
    expect((await status(ev)).headers['retry-after']).toBe('30');
  });
});
