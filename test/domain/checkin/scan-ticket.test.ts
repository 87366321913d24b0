import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTicketCode, encodePayload, joinCode, STEP_SECONDS } from '../../../src/domain/checkin/ticket-code.format.js';
import { createUser } from '../../factories/users.js';
import { listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from './checkin-support.js';
import { generateKeyPairSync, sign } from 'node:crypto';

describe('ticket codes and scanning at the door', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  it('gives the owner a signed rotating code and nobody else', async () => {
    const b = await buyTickets(t);
    const res = await t.app.inject({ url: `/api/v1/tickets/${b.ticketIds[0]}/code`, headers: b.customer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { code, expiresAt } = res.json();
    const decoded = decodeTicketCode(code)!;
    expect(decoded.payload).toMatchObject({ ticketId: b.ticketIds[0], eventId: b.event.eventId, version: 1 });
    expect(Date.parse(expiresAt)).toBeGreaterThan(clock.now().getTime());
    expect(code.length).toBeLessThan(160);

    clock.advance(STEP_SECONDS * 1000);
    expect(await codeOf(t, b.customer, b.ticketIds[0]!)).not.toBe(code);

    const other = await createUser(t.deps);
    expect((await t.app.inject({ url: `/api/v1/tickets/${b.ticketIds[0]}/code`, headers: other.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/tickets/${b.ticketIds[0]}/code` })).statusCode).toBe(401);
  });

  it('admits a genuine code once, then answers already_used with where and when', async () => {
    const b = await buyTickets(t);
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const first = await scan(t, b.event.organizer, { eventId: b.event.eventId, code, gate: 'North' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      result: 'admitted',
      gate: 'North',
      ticket: { id: b.ticketIds[0], seat: { section: 'Stalls', row: 'A' } },
    });
    const again = await scan(t, b.event.organizer, { eventId: b.event.eventId, code, gate: 'South' });
    expect(again.json()).toMatchObject({ result: 'already_used', gate: 'North', usedAt: first.json().usedAt });
    const row = await t.deps.db.selectFrom('tickets').selectAll().where('id', '=', b.ticketIds[0]!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'used', checked_in_gate: 'North', checked_in_by: b.event.organizer.id });
  });

  it('refuses forged, tampered, expired and cross-event codes', async () => {
    const b = await buyTickets(t);
    const other = await buyTickets(t);
    // A second into a 30 s step, so "75 s later" is within the window wherever the test starts.
    clock.set(new Date(Math.ceil(clock.now().getTime() / 30_000) * 30_000 + 1_000));
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const door = (c: string) => scan(t, b.event.organizer, { eventId: b.event.eventId, code: c }).then((r) => r.json().result);

    // Forged: the right shape, signed by a key that is not the event's.
    const forger = generateKeyPairSync('ed25519');
    const payload = decodeTicketCode(code)!.payload;
    const forgedBytes = encodePayload(payload);
    expect(await door(joinCode(forgedBytes, new Uint8Array(sign(null, forgedBytes, forger.privateKey))))).toBe('invalid');

    // Tampered: a genuine signature over another seat, and one flipped character.
    const tampered = encodePayload({ ...payload, seatId: String(BigInt(payload.seatId) + 1n) });
    expect(await door(joinCode(tampered, decodeTicketCode(code)!.signature))).toBe('invalid');
    const flipAt = 20;
    const flipped = code.slice(0, flipAt) + (code[flipAt] === 'A' ? 'B' : 'A') + code.slice(flipAt + 1);
    expect(await door(flipped)).toBe('invalid');
    expect(await door('not a code')).toBe('invalid');
    expect(await door(b.ticketIds[0]!)).toBe('invalid');

    // Cross-event: a genuine code of another event at this door.
    const foreign = await codeOf(t, other.customer, other.ticketIds[0]!);
    expect(await door(foreign)).toBe('wrong_event');

    // Expired rotation: small skew is tolerated, a code two minutes old is not.
    clock.advance(75_000);
    expect(await door(code)).not.toBe('expired');
    const stale = await codeOf(t, b.customer, b.ticketIds[0]!);
    clock.advance(120_000);
    expect(await door(stale)).toBe('expired');

    // None of those touched the ticket.
    const row = await t.deps.db.selectFrom('tickets').select('status').where('id', '=', b.ticketIds[0]!).executeTakeFirstOrThrow();
    expect(row.status).toBe('used');
  });

  it('voids and reissues: older codes are refused as void, the reissued one admits', async () => {
    const b = await buyTickets(t, 2);
    const [a, c] = b.ticketIds as [string, string];
    const admin = await createUser(t.deps, ['admin']);
    const oldA = await codeOf(t, b.customer, a);
    const voided = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${a}/void`,
      headers: b.event.organizer.auth,
      payload: {},
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().ticket).toMatchObject({ status: 'void', version: 2 });
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: oldA })).json().result).toBe('void');
    expect((await t.app.inject({ url: `/api/v1/tickets/${a}/code`, headers: b.customer.auth })).statusCode).toBe(422);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${a}/void`, headers: admin.auth, payload: {} });
    expect(again.json().error.code).toBe('INVALID_STATE');

    const oldC = await codeOf(t, b.customer, c);
    const reissued = await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${c}/reissue`, headers: admin.auth, payload: {} });
    expect(reissued.json().ticket).toMatchObject({ status: 'valid', version: 2 });
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: oldC })).json().result).toBe('void');
    const newC = await codeOf(t, b.customer, c);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: newC })).json().result).toBe('admitted');

    // A voided ticket of a standing order can be reissued; it then admits with its new code only.
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${a}/reissue`, headers: admin.auth, payload: {} });
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: oldA })).json().result).toBe('void');
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: await codeOf(t, b.customer, a) })).json().result).toBe(
      'admitted',
    );
    const used = await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${a}/reissue`, headers: admin.auth, payload: {} });
    expect(used.statusCode).toBe(422);

    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', c).execute();
    expect(audit.map((x) => x.action)).toContain('ticket.reissued');
  });

  it('lets only assigned scanners, the organizer and admins work the door', async () => {
    const b = await buyTickets(t);
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const customer = await createUser(t.deps);
    const otherOrganizer = await createUser(t.deps, ['organizer']);
    const scanner = await createUser(t.deps, ['scanner']);
    const body = { eventId: b.event.eventId, code };
    expect((await scan(t, customer, body)).statusCode).toBe(403);
    expect((await scan(t, b.customer, body)).statusCode).toBe(403);
    expect((await scan(t, otherOrganizer, body)).statusCode).toBe(403);
    expect((await scan(t, scanner, body)).statusCode).toBe(403);
    for (const path of ['bundle', 'stats']) {
      expect(
        (await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/${path}`, headers: scanner.auth })).statusCode,
      ).toBe(403);
      expect(
        (await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/${path}`, headers: otherOrganizer.auth })).statusCode,
      ).toBe(403);
    }
    const offline = { scans: [{ scanId: 'one', code, scannedAt: new Date().toISOString() }] };
    for (const who of [customer, otherOrganizer, scanner]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/events/${b.event.eventId}/checkin/sync`,
        headers: who.auth,
        payload: offline,
      });
      expect(res.statusCode).toBe(403);
    }
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/admin/tickets/${b.ticketIds[0]}/void`,
          headers: otherOrganizer.auth,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const notScanner = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${b.event.eventId}/scanners`,
      headers: b.event.organizer.auth,
      payload: { email: customer.email },
    });
    expect(notScanner.statusCode).toBe(400);
    expect(notScanner.json().error.details.fields[0]).toMatchObject({ field: 'body/email', code: 'not_scanner' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/admin/events/${b.event.eventId}/scanners`,
          headers: otherOrganizer.auth,
          payload: { email: scanner.email },
        })
      ).statusCode,
    ).toBe(403);

    const assigned = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${b.event.eventId}/scanners`,
      headers: b.event.organizer.auth,
      payload: { email: scanner.email },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().items).toMatchObject([{ id: scanner.id, email: scanner.email }]);
    const mine = await t.app.inject({ url: '/api/v1/checkin/events', headers: scanner.auth });
    expect(mine.json().items.map((e: { id: string }) => e.id)).toEqual([b.event.eventId]);
    expect((await scan(t, scanner, body)).json().result).toBe('admitted');
    expect((await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/bundle`, headers: scanner.auth })).statusCode).toBe(
      200,
    );
    // Door staff see the bundle, not the organizer's statistics.
    expect((await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/stats`, headers: scanner.auth })).statusCode).toBe(
      403,
    );

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/events/${b.event.eventId}/scanners/${scanner.id}`,
      headers: b.event.organizer.auth,
    });
    expect(removed.json().items).toEqual([]);
    expect((await scan(t, scanner, body)).statusCode).toBe(403);
  });

  it('rejects malformed scan bodies with field-level errors', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const res = await scan(t, organizer, { eventId: 'nope', code: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkin/scan',
      headers: organizer.auth,
      payload: { eventId: organizer.id, code: 'x', admit: true },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('admits exactly once when 50 scans of one ticket race at two gates', async () => {
    const b = await buyTickets(t);
    const scanner = await createUser(t.deps, ['scanner']);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/events/${b.event.eventId}/scanners`,
      headers: b.event.organizer.auth,
      payload: { email: scanner.email },
    });
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const base = await listen(t.app);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(base, '/checkin/scan', i % 2 ? scanner : b.event.organizer, {
          eventId: b.event.eventId,
          code,
          gate: i % 2 ? 'East' : 'West',
        }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const results = replies.map((r) => r.body.result);
    expect(results.filter((r) => r === 'admitted')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_used')).toHaveLength(49);
    const winner = replies.find((r) => r.body.result === 'admitted')!.body;
    expect(replies.every((r) => r.body.gate === winner.gate && r.body.usedAt === winner.usedAt)).toBe(true);
    const log = await t.deps.db.selectFrom('checkin_scans').select('result').where('ticket_id', '=', b.ticketIds[0]!).execute();
    expect(log.filter((x) => x.result === 'admitted')).toHaveLength(1);
    expect(log).toHaveLength(50);
  });
});
