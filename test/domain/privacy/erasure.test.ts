import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalDataShreddedError, createPiiCipher } from '../../../src/security/pii-cipher.js';
import { listTables } from '../../../src/db/backup/table-catalog.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser } from '../../factories/users.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from '../checkin/checkin-support.js';
import pg from 'pg';
import { startSession } from '../../../src/domain/users/start-session.js';

const day = 86_400_000;

describe('erasure (GDPR Art. 17): confirmed, refunds upcoming tickets once, shreds the key, purges mail', () => {
  let t: TestApp;
  let clock: ManualClock;
  let mailDir: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boxoffice-erasure-'));
    mailDir = path.join(dataDir, 'mail');
    t = await createTestApp({ clock, poolSize: 20, config: { dataDir } });
  });
  afterAll(() => t.close());

  const mailsTo = async (address: string): Promise<string[]> => {
    const names = await readdir(mailDir).catch(() => [] as string[]);
    const hits: string[] = [];
    for (const n of names) if ((await readFile(path.join(mailDir, n), 'utf8')).toLowerCase().includes(address)) hits.push(n);
    return hits;
  };

  it('states what erasure would do, refuses a missing or wrong confirmation, and then changes nothing', async () => {
    const b = await buyTickets(t, 2);
    const preview = await t.app.inject({ url: '/api/v1/me/erasure-preview', headers: b.customer.auth });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      upcomingTickets: [
        {
          orderId: b.orderId,
          eventTitle: expect.any(String),
          startsAt: expect.any(String),
          venueTimeZone: 'Europe/Berlin',
          ticketCount: 2,
          refund: { amount: 10_000, currency: 'EUR' },
        },
      ],
      policy: expect.stringContaining('refunded'),
    });

    for (const payload of [undefined, {}, { email: 'someone-else@test.boxoffice' }, { email: b.customer.email, extra: 1 }]) {
      const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: b.customer.auth, ...(payload ? { payload } : {}) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const user = await t.deps.db.selectFrom('users').selectAll().where('id', '=', b.customer.id).executeTakeFirstOrThrow();
    expect(user.erased_at).toBeNull();
    expect(user.email_cipher).not.toBeNull();
    const order = await t.deps.db.selectFrom('orders').selectAll().where('id', '=', b.orderId).executeTakeFirstOrThrow();
    expect(order.status).toBe('confirmed');
    expect((await t.app.inject({ url: '/api/v1/me', headers: b.customer.auth })).statusCode).toBe(200);
  });

  it('refunds upcoming tickets exactly once under 12 racing erasures, voids them at the door, keeps past orders, purges mail', async () => {
    const soon = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6, startsAt: new Date(clock.now().getTime() + 2 * day) });
    const past = await buyTickets(t, 1, soon);
    const later = await buyTickets(t, 2);
    // One fan with both orders: move the second order to the first fan (a fan may hold orders for several events).
    let fan = past.customer;
    await t.deps.db.updateTable('holds').set({ user_id: fan.id }).where('user_id', '=', later.customer.id).execute();
    await t.deps.db.updateTable('orders').set({ user_id: fan.id }).where('id', '=', later.orderId).execute();
    await deliverOutbox(t.deps);
    expect(await mailsTo(fan.email)).not.toEqual([]);

    // The first event is over by now: its order stays, pseudonymised; the second is still to come.
    clock.advance(3 * day);
    const session = await startSession(t.deps, fan.id);
    fan = { ...fan, token: session.token, auth: { authorization: `Bearer ${session.token}` } };
    const code = await codeOf(t, fan, later.ticketIds[0]!);
    const races = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: fan.auth, payload: { email: fan.email.toUpperCase() } }),
      ),
    );
    const statuses = races.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(
      statuses.every((s) => s === 202 || s === 401),
      statuses.join(),
    ).toBe(true);
    await deliverOutbox(t.deps);
    await deliverOutbox(t.deps);

    const refunds = await t.deps.db.selectFrom('refunds').selectAll().where('order_id', '=', later.orderId).execute();
    expect(refunds.map((r) => [Number(r.amount), r.currency.trim(), r.reason])).toEqual([[10_000, 'EUR', 'account_erased']]);
    const providerRefunds = await t.deps.db
      .selectFrom('sim_refunds')
      .select(['amount'])
      .where('idempotency_key', '=', refunds[0]!.idempotency_key)
      .execute();
    expect(providerRefunds).toHaveLength(1);
    const refundAudits = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', later.orderId)
      .where('action', '=', 'order.refunded')
      .execute();
    expect(refundAudits).toHaveLength(1);

    const orders = await t.deps.db
      .selectFrom('orders')
      .select(['id', 'status', 'user_id'])
      .where('user_id', '=', fan.id)
      .orderBy('created_at')
      .execute();
    expect(orders.map((o) => [o.id, o.status])).toEqual([
      [past.orderId, 'confirmed'],
      [later.orderId, 'cancelled'],
    ]);
    const tickets = await t.deps.db
      .selectFrom('tickets')
      .select(['order_id', 'status'])
      .where('order_id', 'in', [past.orderId, later.orderId])
      .execute();
    expect(tickets.filter((x) => x.order_id === later.orderId).map((x) => x.status)).toEqual(['void', 'void']);
    expect(tickets.filter((x) => x.order_id === past.orderId).map((x) => x.status)).toEqual(['valid']);

    const organizer = later.event.organizer;
    const doorSession = await startSession(t.deps, organizer.id);
    const door = await scan(
      t,
      { ...organizer, auth: { authorization: `Bearer ${doorSession.token}` } },
      { eventId: later.event.eventId, code },
    );
    expect(door.statusCode, door.body).toBe(200);
    expect(door.json().result).toBe('void');

    expect(await mailsTo(fan.email)).toEqual([]);
    const exported = await t.app.inject({ url: '/api/v1/me/export', headers: fan.auth });
    expect(exported.statusCode).toBe(401);
    const user = await t.deps.db.selectFrom('users').selectAll().where('id', '=', fan.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email_cipher: null, name_cipher: null, email_hash: null, password_hash: null });
  });

  it('crypto-shreds: ciphertext copied before erasure (as a backup holds it) cannot be opened afterwards', async () => {
    const email = `shred-${Math.random().toString(36).slice(2)}@example.org`;
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'shred me to bits please', name: 'Shreddy' },
    });
    expect(reg.statusCode).toBe(201);
    const { user, token } = reg.json();
    const backup = await t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    // Another instance, with no key cached, reads the copy while the account lives, and finds it by the blind index.
    const otherInstance = createPiiCipher(t.deps.config.secretKey, t.deps.db);
    expect(await otherInstance.open(backup.email_cipher!)).toBe(email);
    expect(await otherInstance.open(backup.name_cipher!)).toBe('Shreddy');
    expect(backup.email_hash).toEqual(t.deps.pii.blindIndex(email));
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'shred me to bits please' },
    });
    expect(login.statusCode).toBe(200);

    // Backups copy the public schema only: the keyring is not in them.
    const client = new pg.Client({ connectionString: t.deps.config.databaseUrl });
    await client.connect();
    try {
      const tables = (await listTables(client)).map((x) => x.name);
      expect(tables).toContain('users');
      expect(tables).not.toContain('user_keys');
    } finally {
      await client.end();
    }

    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
      payload: { email },
    });
    expect(del.statusCode).toBe(202);
    for (const cipher of [t.deps.pii, createPiiCipher(t.deps.config.secretKey, t.deps.db)]) {
      await expect(cipher.open(backup.email_cipher!)).rejects.toBeInstanceOf(PersonalDataShreddedError);
      await expect(cipher.open(backup.name_cipher!)).rejects.toBeInstanceOf(PersonalDataShreddedError);
    }
    const key = await t.deps.db.selectFrom('keyring.user_keys').selectAll().where('user_id', '=', user.id).execute();
    expect(key).toEqual([]);
  });

  it('lets a second account, even of the same customer factory, keep its key and data', async () => {
    const a = await createUser(t.deps);
    const b = await createUser(t.deps);
    const rowB = await t.deps.db.selectFrom('users').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: a.auth, payload: { email: a.email } });
    expect(del.statusCode).toBe(202);
    expect(await createPiiCipher(t.deps.config.secretKey, t.deps.db).open(rowB.email_cipher!)).toBe(b.email);
  });
});
