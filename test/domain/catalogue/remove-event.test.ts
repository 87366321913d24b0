import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent, createVenueWith } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { cancelEvent, checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** Issue 13: organizers "remove drafts"; a published event, sold or not, is cancelled instead. */
describe('removing an event: drafts only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const remove = (eventId: string, auth: { authorization: string }) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/admin/events/${eventId}`, headers: auth });
  const sideEffects = async (eventId: string) => ({
    status: (await t.deps.db.selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status,
    removedRows: (
      await t.deps.db.selectFrom('outbox').select('id').where('aggregate_id', '=', eventId).where('topic', '=', 'event.removed').execute()
    ).length,
    removedAudit: (
      await t.deps.db.selectFrom('audit_log').select('id').where('subject_id', '=', eventId).where('action', '=', 'event.removed').execute()
    ).length,
  });

  it('removes a draft: status removed, an outbox row and an audit entry; a second removal is refused', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const venue = await createVenueWith(t.deps, organizer, { sections: [{ name: 'Floor', kind: 'ga', capacity: 10 }] });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/events',
      headers: organizer.auth,
      payload: {
        title: 'Draft night',
        description: '',
        category: 'concert',
        venueId: venue.id,
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        performers: ['Nobody Yet'],
        priceTiers: [{ name: 'All', price: { amount: 1000, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().event.id;
    const res = await remove(id, organizer.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().event.status).toBe('removed');
    expect(await sideEffects(id)).toEqual({ status: 'removed', removedRows: 1, removedAudit: 1 });
    const again = await remove(id, organizer.auth);
    expect([again.statusCode, again.json().error.code]).toEqual([422, 'INVALID_STATE']);
  });

  it('refuses a published event nobody bought, and one with orders, without writing anything', async () => {
    const unsold = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const sold = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const buyer = await createUser(t.deps);
    const h = await hold(t.app, buyer, sold.eventId, { seatIds: [sold.seatIds[0]] });
    expect((await checkout(t.app, buyer, h.json().hold.id, `rm-${h.json().hold.id}`)).statusCode).toBe(201);
    for (const ev of [unsold, sold]) {
      const res = await remove(ev.eventId, ev.organizer.auth);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'INVALID_STATE',
        message: expect.stringMatching(/^Only a draft can be removed: .*cancelled instead/),
      });
      expect(await sideEffects(ev.eventId)).toEqual({ status: 'published', removedRows: 0, removedAudit: 0 });
      expect((await t.app.inject({ url: `/api/v1/events/${ev.eventId}` })).statusCode).toBe(200);
    }
  });

  it('refuses a cancelled event: it stays listed for its ticket holders', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const cancelled = await cancelEvent(t.app, ev.organizer, ev.eventId, 'Storm');
    expect(cancelled.statusCode).toBe(200);
    const res = await remove(ev.eventId, ev.organizer.auth);
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'INVALID_STATE']);
    expect((await sideEffects(ev.eventId)).status).toBe('cancelled');
  });
});
