import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../factories/users.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from './checkin-support.js';

describe('offline bundle, sync of offline scans, live statistics', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const sync = (eventId: string, auth: { authorization: string }, scans: unknown[]) =>
    t.app.inject({ method: 'POST', url: `/api/v1/admin/events/${eventId}/checkin/sync`, headers: auth, payload: { scans } });

  it('bundles the public key, revoked and used tickets, and verifies offline codes with it', async () => {
    const b = await buyTickets(t, 3);
    const [used, voided, reissued] = b.ticketIds as [string, string, string];
    const org = b.event.organizer;
    await scan(t, org, { eventId: b.event.eventId, code: await codeOf(t, b.customer, used), gate: 'A' });
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${voided}/void`, headers: org.auth, payload: {} });
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${reissued}/reissue`, headers: org.auth, payload: {} });
    const res = await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/bundle`, headers: org.auth });
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json();
    expect(bundle).toMatchObject({ eventId: b.event.eventId, algorithm: 'Ed25519', ticketCount: 2, stepSeconds: 30 });
    expect(bundle.revocations).toEqual(
      expect.arrayContaining([
        { ticketId: voided, minVersion: 2, void: true },
        { ticketId: reissued, minVersion: 2, void: false },
      ]),
    );
    expect(bundle.used).toEqual([{ ticketId: used, usedAt: expect.any(String), gate: 'A' }]);

    // The public key alone (as a browser would import it) tells a genuine code from a tampered one.
    const key = await crypto.subtle.importKey('raw', Buffer.from(bundle.publicKey, 'base64url'), { name: 'Ed25519' }, false, ['verify']);
    const raw = Buffer.from((await codeOf(t, b.customer, reissued)).slice(4), 'base64url');
    const [signed, signature] = [raw.subarray(0, 49), raw.subarray(49)];
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed)).toBe(true);
    signed[40] = signed[40]! ^ 1;
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed)).toBe(false);
  });

  it('records offline admissions and reports conflicts, never merging them silently', async () => {
    const b = await buyTickets(t, 4);
    const [fresh, usedOnline, voided, twice] = b.ticketIds as [string, string, string, string];
    const scanner = await createUser(t.deps, ['scanner']);
    const org = b.event.organizer;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${b.event.eventId}/scanners`,
      headers: org.auth,
      payload: { email: scanner.email },
    });

    // Codes the phones showed while the door was offline.
    const codes = Object.fromEntries(await Promise.all(b.ticketIds.map(async (id) => [id, await codeOf(t, b.customer, id)] as const)));
    const scannedAt = clock.now().toISOString();
    // Meanwhile, online: one ticket goes in at another gate, one is voided.
    await scan(t, org, { eventId: b.event.eventId, code: codes[usedOnline]!, gate: 'Main' });
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${voided}/void`, headers: org.auth, payload: {} });
    clock.advance(10 * 60_000);

    const scans = [
      { scanId: randomUUID(), code: codes[fresh], gate: 'Side', scannedAt },
      { scanId: randomUUID(), code: codes[usedOnline], gate: 'Side', scannedAt },
      { scanId: randomUUID(), code: codes[voided], gate: 'Side', scannedAt },
      { scanId: randomUUID(), code: codes[twice], gate: 'Side', scannedAt },
      { scanId: randomUUID(), code: codes[twice], gate: 'Back', scannedAt: new Date(Date.parse(scannedAt) + 5_000).toISOString() },
      { scanId: randomUUID(), code: codes[fresh]!.slice(0, -3) + 'AAA', gate: 'Side', scannedAt },
    ];
    const res = await sync(b.event.eventId, scanner.auth, scans);
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results;
    expect(results.map((r: { scanId: string }) => r.scanId)).toEqual(scans.map((s) => s.scanId));
    expect(results.map((r: { status: string; result: string }) => [r.status, r.result])).toEqual([
      ['recorded', 'admitted'],
      ['conflict', 'already_used'],
      ['conflict', 'void'],
      ['recorded', 'admitted'],
      ['conflict', 'already_used'],
      ['conflict', 'invalid'],
    ]);
    expect(results[1]).toMatchObject({ gate: 'Main' });
    expect(results[4]).toMatchObject({ gate: 'Side', usedAt: scannedAt });
    const row = await t.deps.db.selectFrom('tickets').selectAll().where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'used', checked_in_gate: 'Side', checked_in_at: new Date(scannedAt) });

    // Uploading the same batch again (a retry after a lost reply) changes nothing.
    const retry = await sync(b.event.eventId, scanner.auth, scans);
    expect(retry.json().results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect(retry.json().results[0]).toMatchObject({ result: 'admitted', ticketId: fresh });
    const logged = await t.deps.db
      .selectFrom('checkin_scans')
      .select('id')
      .where('event_id', '=', b.event.eventId)
      .where('source', '=', 'offline')
      .execute();
    expect(logged).toHaveLength(scans.length);

    // A scan "from the future" is not believed.
    const future = await sync(b.event.eventId, scanner.auth, [
      { scanId: randomUUID(), code: codes[fresh], scannedAt: new Date(clock.now().getTime() + 3_600_000).toISOString() },
    ]);
    expect(future.json().results[0]).toMatchObject({ status: 'conflict', result: 'invalid' });
  });

  it('counts check-ins per gate for the organizer', async () => {
    const b = await buyTickets(t, 3);
    const org = b.event.organizer;
    const [x, y] = b.ticketIds as [string, string];
    await scan(t, org, { eventId: b.event.eventId, code: await codeOf(t, b.customer, x), gate: 'North' });
    await scan(t, org, { eventId: b.event.eventId, code: await codeOf(t, b.customer, x), gate: 'South' });
    await scan(t, org, { eventId: b.event.eventId, code: await codeOf(t, b.customer, y), gate: 'South' });
    await scan(t, org, { eventId: b.event.eventId, code: 'garbage', gate: 'South' });
    const res = await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/stats`, headers: org.auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      tickets: 3,
      checkedIn: 2,
      remaining: 1,
      voided: 0,
      gates: [
        { gate: 'North', admitted: 1, refused: 0 },
        { gate: 'South', admitted: 1, refused: 2 },
      ],
      refusedByResult: { already_used: 1, invalid: 1, void: 0 },
    });
  });
});
