import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../../src/db/repositories/audit.repository.js';
import { expireHolds } from '../../../src/domain/holds/expire-holds.js';
import { applyRetention, defaultRetention } from '../../../src/domain/privacy/retention.js';
import { retentionDuty } from '../../../src/jobs/worker.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createPiiCipher, createSealer } from '../../../src/security/pii-cipher.js';
import { deriveKey } from '../../../src/security/keys.js';
import { createUser } from '../../factories/users.js';
import { hold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets } from '../checkin/checkin-support.js';

const day = 86_400_000;

describe('retention job: each period, on the test clock', () => {
  let t: TestApp;
  let clock: ManualClock;
  let mailDir: string;
  const start = new Date();
  beforeAll(async () => {
    clock = new ManualClock(start);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boxoffice-retention-'));
    mailDir = path.join(dataDir, 'mail');
    t = await createTestApp({ clock, poolSize: 10, config: { dataDir } });
  });
  afterAll(() => t.close());

  const at = (days: number) => clock.set(new Date(start.getTime() + days * day));

  it('keeps each kind of data for its period and not a day longer', async () => {
    expect(defaultRetention).toEqual({ abandonedHoldsDays: 30, unverifiedAccountsDays: 30, mailFilesDays: 90, auditDetailDays: 365 });
    const event = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 6,
      holdSeconds: 60,
      startsAt: new Date(start.getTime() + 400 * day),
    });
    // An abandoned hold: made, never paid, expired.
    const walker = await createUser(t.deps);
    await t.deps.db.updateTable('users').set({ email_verified_at: start }).where('id', '=', walker.id).execute();
    const h = await hold(t.app, walker, event.eventId, { seatIds: [event.seatIds[5]] });
    expect(h.statusCode, h.body).toBe(201);
    const holdId = h.json().hold.id;
    // A paid hold (its order keeps it), an unconfirmed account with no orders, a confirmed one, and a buyer.
    const buyer = await buyTickets(t, 1, event);
    const unconfirmed = await createUser(t.deps);
    const organizer = event.organizer;
    await t.deps.mailer.send({ to: 'someone@example.org', subject: 'Hello', text: 'kept for a while', key: 'retention-probe' });
    await writeAudit(t.deps.db, {
      actorId: null,
      action: 'test.detail',
      subjectType: 'test',
      subjectId: holdId,
      details: { kept: 'until a year' },
      at: start,
    });
    at(1);
    await expireHolds(t.deps);

    const paid = await t.deps.db.selectFrom('orders').select('hold_id').where('id', '=', buyer.orderId).executeTakeFirstOrThrow();
    const holdRow = () => t.deps.db.selectFrom('holds').select(['id', 'status']).where('id', 'in', [holdId, paid.hold_id]).execute();
    const user = (id: string) => t.deps.db.selectFrom('users').select(['erased_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const mails = async () => (await readdir(mailDir)).filter((n) => n === 'retention-probe.eml');
    const auditDetail = async () =>
      (await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'test.detail').executeTakeFirstOrThrow()).details;

    expect((await holdRow()).map((r) => r.status).sort()).toEqual(['expired', 'purchased']);
    at(30);
    await applyRetention(t.deps);
    expect(await holdRow()).toHaveLength(2);
    expect((await user(unconfirmed.id)).erased_at).toBeNull();

    at(31.5);
    const report = await applyRetention(t.deps);
    expect(report.abandonedHolds).toBeGreaterThanOrEqual(1);
    expect((await holdRow()).map((r) => r.status)).toEqual(['purchased']);
    expect((await user(unconfirmed.id)).erased_at).toBeInstanceOf(Date);
    expect(await t.deps.db.selectFrom('keyring.user_keys').select('user_id').where('user_id', '=', unconfirmed.id).execute()).toEqual([]);
    // Confirmed, buying and staff accounts stay.
    for (const kept of [walker.id, buyer.customer.id, organizer.id]) expect((await user(kept)).erased_at).toBeNull();
    const erasure = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('subject_id', '=', unconfirmed.id)
      .where('action', '=', 'user.erased')
      .execute();
    expect(erasure).toEqual([{ actor_id: null, details: { reason: 'unverified' } }]);
    expect(await mails()).toEqual(['retention-probe.eml']);

    at(89);
    await applyRetention(t.deps);
    expect(await mails()).toEqual(['retention-probe.eml']);
    at(91);
    await applyRetention(t.deps);
    expect(await mails()).toEqual([]);

    at(364);
    await applyRetention(t.deps);
    expect(await auditDetail()).toEqual({ kept: 'until a year' });
    at(366);
    expect(await retentionDuty.run(t.deps)).toBeGreaterThan(0);
    expect(await auditDetail()).toEqual({});
    // The entry itself stays: who did what to which subject.
    expect(await t.deps.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'test.detail').execute()).toEqual([
      { subject_id: holdId },
    ]);
  });

  it('takes its periods from the configuration', async () => {
    const short = await createTestApp({
      clock,
      config: {
        dataDir: path.dirname(mailDir),
        retention: { abandonedHoldsDays: 1, unverifiedAccountsDays: 2, mailFilesDays: 3, auditDetailDays: 4 },
      },
    });
    try {
      at(400);
      const u = await createUser(short.deps);
      // The factory's row takes the database's time; this test's clock is 400 days on.
      await short.deps.db.updateTable('users').set({ created_at: clock.now() }).where('id', '=', u.id).execute();
      clock.advance(1.5 * day);
      await applyRetention(short.deps);
      expect(
        (await short.deps.db.selectFrom('users').select('erased_at').where('id', '=', u.id).executeTakeFirstOrThrow()).erased_at,
      ).toBeNull();
      clock.advance(1 * day);
      await applyRetention(short.deps);
      expect(
        (await short.deps.db.selectFrom('users').select('erased_at').where('id', '=', u.id).executeTakeFirstOrThrow()).erased_at,
      ).toBeInstanceOf(Date);
    } finally {
      await short.close();
    }
  });
  it('reseals accounts from the old single server key, and re-applies an erasure a restored backup undid', async () => {
    const legacy = await createUser(t.deps);
    const restored = await createUser(t.deps);
    // Confirmed addresses: this file's clock is long past the unconfirmed-account period.
    await t.deps.db.updateTable('users').set({ email_verified_at: clock.now() }).where('id', 'in', [legacy.id, restored.id]).execute();
    const oldKey = createSealer(deriveKey(t.deps.config.secretKey, 'pii-encryption'));
    await t.deps.db
      .updateTable('users')
      .set({ email_cipher: oldKey.encrypt(legacy.email), name_cipher: oldKey.encrypt('Old Timer') })
      .where('id', '=', legacy.id)
      .execute();
    // A TOTP secret set up before migration 0026 was sealed with the server key too.
    await t.deps.db
      .insertInto('user_totp')
      .values({ user_id: legacy.id, secret_cipher: oldKey.encrypt('JBSWY3DPEHPK3PXP'), created_at: clock.now(), confirmed_at: clock.now() })
      .execute();
    const before = await t.deps.db.selectFrom('users').selectAll().where('id', '=', restored.id).executeTakeFirstOrThrow();
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: restored.auth,
      payload: { email: restored.email },
    });
    expect(del.statusCode, del.body).toBe(202);
    // A restore of last night's backup brings the row back as it was; the keyring is not in backups.
    const { id: _id, ...columns } = before;
    await t.deps.db.updateTable('users').set(columns).where('id', '=', restored.id).execute();

    const report = await applyRetention(t.deps);
    expect(report.resealed).toBeGreaterThanOrEqual(1);
    expect(report.reErased).toBe(1);
    const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', legacy.id).executeTakeFirstOrThrow();
    expect(row.email_cipher).toMatch(new RegExp(`^v2\\.${legacy.id}\\.`));
    expect(await createPiiCipher(t.deps.config.secretKey, t.deps.db).open(row.email_cipher!)).toBe(legacy.email);
    expect(await t.deps.pii.open(row.name_cipher!)).toBe('Old Timer');
    const totp = await t.deps.db.selectFrom('user_totp').select('secret_cipher').where('user_id', '=', legacy.id).executeTakeFirstOrThrow();
    expect(totp.secret_cipher).toMatch(new RegExp(`^v2\\.${legacy.id}\\.`));
    expect(await t.deps.pii.open(totp.secret_cipher)).toBe('JBSWY3DPEHPK3PXP');
    const back = await t.deps.db.selectFrom('users').selectAll().where('id', '=', restored.id).executeTakeFirstOrThrow();
    expect(back).toMatchObject({ email_cipher: null, name_cipher: null, email_hash: null });
    expect(back.erased_at).toBeInstanceOf(Date);
  });
});
