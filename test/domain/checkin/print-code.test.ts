import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTicketCode } from '../../../src/domain/checkin/ticket-code.format.js';
import { verifyOffline } from '../../../web/src/features/door/offline-door.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, printedCodes, scan } from './checkin-support.js';

describe('printed tickets: the PDF carries a long-lived signed print code that admits once', () => {
  let t: TestApp;
  let clock: ManualClock;
  let work: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
    work = await mkdtemp(path.join(tmpdir(), 'boxoffice-print-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await t.close();
  });

  it('admits the code read from the PDF once, long after a rotating code would have expired, then says already used', async () => {
    const b = await buyTickets(t, 2);
    const codes = await printedCodes(t, b.customer, b.orderId, work);
    expect(codes).toHaveLength(2);
    const decoded = codes.map((c) => decodeTicketCode(c)!.payload);
    expect(decoded.map((p) => [p.kind, p.ticketId, p.eventId, p.version])).toEqual(
      b.ticketIds.map((id) => ['print', id, b.event.eventId, 1]),
    );
    // The same code on every download: a reprint is not a second ticket.
    expect(await printedCodes(t, b.customer, b.orderId, work)).toEqual(codes);

    // Ten minutes: a rotating code is refused after 90 s (sessions would not outlive hours on the test clock).
    clock.advance(10 * 60_000);
    const first = await scan(t, b.event.organizer, { eventId: b.event.eventId, code: codes[0]!, gate: 'North' });
    expect(first.json()).toMatchObject({ result: 'admitted', gate: 'North', ticket: { id: b.ticketIds[0] } });
    const again = await scan(t, b.event.organizer, { eventId: b.event.eventId, code: codes[0]!, gate: 'South' });
    expect(again.json()).toMatchObject({ result: 'already_used', gate: 'North', usedAt: first.json().usedAt });
    // The app's rotating code of the same ticket is now "already used" too: one ticket, one entry.
    const rotating = await scan(t, b.event.organizer, { eventId: b.event.eventId, code: await codeOf(t, b.customer, b.ticketIds[0]!) });
    expect(rotating.json().result).toBe('already_used');
    // …and the other way round: in with the app, then the paper is refused.
    await scan(t, b.event.organizer, { eventId: b.event.eventId, code: await codeOf(t, b.customer, b.ticketIds[1]!) });
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: codes[1]! })).json().result).toBe('already_used');
  });

  it('refuses the old print code of a voided or reissued ticket; the reissued PDF admits', async () => {
    const b = await buyTickets(t, 2);
    const [voided, reissued] = b.ticketIds as [string, string];
    const old = await printedCodes(t, b.customer, b.orderId, work);
    const org = b.event.organizer;
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${voided}/void`, headers: org.auth, payload: {} })).statusCode,
    ).toBe(200);
    const re = await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${reissued}/reissue`, headers: org.auth, payload: {} });
    expect(re.statusCode, re.body).toBe(200);
    for (const code of old) expect((await scan(t, org, { eventId: b.event.eventId, code })).json().result).toBe('void');
    const fresh = await printedCodes(t, b.customer, b.orderId, work);
    expect(fresh).toHaveLength(1);
    expect(decodeTicketCode(fresh[0]!)!.payload).toMatchObject({ ticketId: reissued, version: 2 });
    expect((await scan(t, org, { eventId: b.event.eventId, code: fresh[0]! })).json().result).toBe('admitted');
    const used = await t.deps.db.selectFrom('tickets').select('status').where('id', '=', reissued).executeTakeFirstOrThrow();
    expect(used.status).toBe('used');
  });

  it('refuses a print code with its kind flipped or of another event', async () => {
    const b = await buyTickets(t);
    const other = await buyTickets(t);
    const [code] = await printedCodes(t, b.customer, b.orderId, work);
    // Turning the print code into a "rotating" one changes the signed bytes: the signature no longer matches.
    const raw = Buffer.from(code!.slice(4), 'base64url');
    raw[0] = 1;
    const flipped = 'BO1.' + raw.toString('base64url');
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: flipped })).json().result).toBe('invalid');
    expect((await scan(t, other.event.organizer, { eventId: other.event.eventId, code: code! })).json().result).toBe('wrong_event');
  });

  it('verifies offline with the bundle alone, and syncs the offline admission once', async () => {
    const b = await buyTickets(t, 2);
    const org = b.event.organizer;
    const [code, revokedCode] = await printedCodes(t, b.customer, b.orderId, work);
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${b.ticketIds[1]}/reissue`, headers: org.auth, payload: {} });
    const bundle = (await t.app.inject({ url: `/api/v1/admin/events/${b.event.eventId}/checkin/bundle`, headers: org.auth })).json();
    // A door offline a month later still reads the paper: a print code has no time window.
    const now = clock.now().getTime() + 30 * 24 * 3_600_000;
    const verdict = await verifyOffline(bundle, code!, [], now);
    expect(verdict).toMatchObject({ result: 'admitted', ticketId: b.ticketIds[0] });
    const queued = { scanId: randomUUID(), code: code!, gate: 'Side', scannedAt: clock.now().toISOString(), ticketId: b.ticketIds[0]! };
    expect((await verifyOffline(bundle, code!, [queued], now)).result).toBe('already_used');
    expect((await verifyOffline(bundle, revokedCode!, [], now)).result).toBe('void');
    const tampered = code!.slice(0, 20) + (code![20] === 'A' ? 'B' : 'A') + code!.slice(21);
    expect((await verifyOffline(bundle, tampered, [], now)).result).toBe('invalid');

    const sync = (scans: unknown[]) =>
      t.app.inject({ method: 'POST', url: `/api/v1/admin/events/${b.event.eventId}/checkin/sync`, headers: org.auth, payload: { scans } });
    const upload = { scanId: queued.scanId, code: queued.code, gate: queued.gate, scannedAt: queued.scannedAt };
    const res = await sync([upload, { ...upload, scanId: randomUUID(), gate: 'Back' }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { status: string; result: string }) => [r.status, r.result])).toEqual([
      ['recorded', 'admitted'],
      ['conflict', 'already_used'],
    ]);
  });
});
