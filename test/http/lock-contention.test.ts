import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, testConfig, type TestApp } from '../support/test-app.js';

/**
 * A row lock held past lock_timeout (5 s) by someone else — a starved worker, an
 * operator's open transaction — makes the waiting statement fail with 55P03. Any
 * route answers that 409 BUSY with Retry-After, never a 500.
 */
describe('lock contention on a route without its own mapping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a checkout whose hold row stays locked answers 409 BUSY with Retry-After', async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const fan = await createUser(t.deps);
    const held = await hold(t.app, fan, ev.eventId, { seatIds: [ev.seatIds[0]] });
    const holdId = held.json().hold.id as string;
    const locker = new pg.Client({ connectionString: testConfig().databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select 1 from holds where id = $1 for update', [holdId]);
      const res = await checkout(t.app, fan, holdId, randomUUID());
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('BUSY');
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    // Once the lock is gone the same checkout goes through.
    const paid = await checkout(t.app, fan, holdId, randomUUID());
    expect(paid.statusCode).toBe(201);
  }, 30_000);
});
