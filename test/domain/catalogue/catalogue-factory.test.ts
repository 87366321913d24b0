import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('catalogue test factory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 5 });
  });
  afterAll(() => t.close());

  it('creates a published event with inventory for every priced place', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 4, gaCapacity: 7, holdSeconds: 60 });
    expect(ev.seatIds).toHaveLength(8);
    expect(ev.tierIds).toHaveLength(2);
    const event = await t.deps.db.selectFrom('events').selectAll().where('id', '=', ev.eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ status: 'published', inventory_ready: true, capacity: 15, seats_available: 15, hold_seconds: 60 });
    const inventory = await t.deps.db
      .selectFrom('event_seats')
      .select(['seat_id', 'section_id', 'tier_id', 'status', 'map_ordinal'])
      .where('event_id', '=', ev.eventId)
      .orderBy('map_ordinal')
      .orderBy('pick_rank')
      .execute();
    expect(inventory).toHaveLength(15);
    expect(inventory.filter((r) => r.section_id === ev.gaSectionId)).toHaveLength(7);
    expect(inventory.filter((r) => r.section_id === ev.seatedSectionId).map((r) => r.seat_id)).toEqual(ev.seatIds);
    expect(inventory.every((r) => r.status === 'available')).toBe(true);
  });
});
