import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCreditNote, issueReceipt } from '../../../src/db/repositories/receipts.repository.js';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent } from '../../factories/catalogue.js';
import { createUser, createUsers, type TestUser } from '../../factories/users.js';
import { checkout, expectInvariantsHold, hold, listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);

describe('receipts and credit notes', () => {
  let t: TestApp;
  let base: string;
  let work: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 20 });
    base = await listen(t.app);
    work = await mkdtemp(path.join(tmpdir(), 'boxoffice-receipts-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await t.close();
  });

  const numbersOf = async (organizerId: string, kind: 'receipt' | 'credit_note'): Promise<number[]> =>
    (
      await t.deps.db
        .selectFrom('receipts')
        .select('number')
        .where('organizer_id', '=', organizerId)
        .where('kind', '=', kind)
        .orderBy('number')
        .execute()
    ).map((r) => r.number);

  const pdfText = async (bytes: Buffer, name: string): Promise<string> => {
    const file = path.join(work, name);
    await writeFile(file, bytes);
    return (await run('pdftotext', ['-layout', file, '-'])).stdout;
  };

  async function buy(user: TestUser, eventId: string, seatIds: string[]): Promise<string> {
    const h = await hold(t.app, user, eventId, { seatIds });
    expect(h.statusCode).toBe(201);
    const res = await checkout(t.app, user, h.json().hold.id, `receipt-${h.json().hold.id}`);
    expect(res.json().order.status).toBe('confirmed');
    return res.json().order.id as string;
  }

  it('200 orders of one organizer confirmed at once (two events) get receipts 1..200 from racing mails and downloads, no gap, no duplicate; another organizer counts apart', async () => {
    const organizer = await createUser(t.deps, ['organizer']);
    const a = await createPublishedEvent(t.deps, { organizer, seatedRows: 10, seatsPerRow: 10 });
    const b = await createPublishedEvent(t.deps, { organizer, seatedRows: 10, seatsPerRow: 10 });
    const other = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 10 });
    const fans = await createUsers(t.deps, 220);
    const seats = [
      ...a.seatIds.map((s) => [a.eventId, s]),
      ...b.seatIds.map((s) => [b.eventId, s]),
      ...other.seatIds.map((s) => [other.eventId, s]),
    ];
    const holds = await Promise.all(
      fans.map(async (fan, i) => {
        const [eventId, seatId] = seats[i]!;
        const res = await hold(t.app, fan, eventId!, { seatIds: [seatId] });
        expect(res.statusCode).toBe(201);
        return res.json().hold.id as string;
      }),
    );
    // Real sockets, the real pool: 220 confirmations at once.
    const replies = await Promise.all(
      fans.map((fan, i) =>
        postJson(
          base,
          `/holds/${holds[i]}/checkout`,
          fan,
          { payment: { method: 'card', token: 'tok_visa' } },
          { 'idempotency-key': `race-${holds[i]}` },
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(220).fill(201));
    // Receipts are numbered when first needed (migration 0032), not by the confirmation: none is taken yet.
    expect(await numbersOf(organizer.id, 'receipt')).toEqual([]);
    const orderIds = replies.map((r) => r.body.order.id as string);
    // Then every way of issuing one races for the two counter rows: four outbox workers rendering the confirmation
    // mails, and each buyer downloading the receipt twice at the same time, over real sockets.
    const downloads = fans.flatMap((fan, i) =>
      [0, 1].map(async () => {
        const res = await fetch(`${base}/api/v1/orders/${orderIds[i]}/receipt.pdf`, { headers: fan.auth });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const [statuses] = await Promise.all([
      Promise.all(downloads),
      ...Array.from({ length: 4 }, () => deliverOutbox(t.deps, { max: 1000, batch: 20 })),
    ]);
    expect(statuses).toEqual(Array(440).fill(200));
    expect(await numbersOf(organizer.id, 'receipt')).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await numbersOf(other.organizer.id, 'receipt')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const receipts = await t.deps.db.selectFrom('receipts').select('order_id').where('order_id', 'in', orderIds).execute();
    expect(new Set(receipts.map((r) => r.order_id)).size).toBe(220);
    const counter = await t.deps.db
      .selectFrom('document_counters')
      .select('last_number')
      .where('organizer_id', '=', organizer.id)
      .where('series', '=', 'receipt')
      .executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(200);
    await expectInvariantsHold(t.deps, [a.eventId, b.eventId, other.eventId]);
  });

  it("a confirmation does not wait for the organizer's receipt counter while another receipt is being numbered", async () => {
    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    // A transaction that has bumped the organizer's counter and not committed yet (an issuance under way; rolled back).
    let bumped!: () => void;
    let finish!: () => void;
    const counterTaken = new Promise<void>((r) => (bumped = r));
    const done = new Promise<void>((r) => (finish = r));
    const issuing = t.deps.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into document_counters as c (organizer_id, series, last_number) values (${ev.organizer.id}::uuid, 'receipt', 1)
                  on conflict (organizer_id, series) do update set last_number = c.last_number + 1`.execute(tx);
        bumped();
        await done;
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await counterTaken;
    const buyer = await createUser(t.deps);
    const h = await hold(t.app, buyer, ev.eventId, { seatIds: [ev.seatIds[0]!] });
    const paying = checkout(t.app, buyer, h.json().hold.id, `no-wait-${h.json().hold.id}`);
    try {
      // Before migration 0032 the confirmation numbered the receipt itself and waited here until the other committed.
      const answer = await Promise.race([paying, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 5000))]);
      expect(answer === 'waiting' ? answer : answer.json().order.status).toBe('confirmed');
    } finally {
      finish();
      await Promise.all([issuing, paying]);
    }
  });

  it('the receipt PDF names both parties, one line per seat, the tax at the venue rate and the total; it is mailed with the tickets', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 4,
      taxRateBasisPoints: 2000,
      timezone: 'Europe/Berlin',
      price: { amount: 2500, currency: 'EUR' },
    });
    const buyer = await createUser(t.deps);
    const orderId = await buy(buyer, ev.eventId, [ev.seatIds[0]!, ev.seatIds[1]!]);
    const res = await t.app.inject({ url: `/api/v1/orders/${orderId}/receipt.pdf`, headers: buyer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="R-000001.pdf"');
    const text = await pdfText(res.rawPayload, 'receipt.pdf');
    expect(text).toContain('Receipt R-000001');
    expect(text).toContain(`Order ${orderId}`);
    expect(text).toMatch(new RegExp(`ISSUED BY\\s+Test User\\s+${ev.organizer.email}\\s+BILLED TO\\s+Test User\\s+${buyer.email}`));
    expect(text).toMatch(/Ticket: Stalls, row A, seat 1\s+€25\.00 \(EUR\)/);
    expect(text).toMatch(/Ticket: Stalls, row A, seat 2\s+€25\.00 \(EUR\)/);
    // €50.00 all-in with 20 % tax included: €41.67 + €8.33.
    expect(text).toMatch(/Price before tax\s+€41\.67 \(EUR\)/);
    expect(text).toMatch(/Tax included \(20%\)\s+€8\.33 \(EUR\)/);
    expect(text).toMatch(/Booking fee\s+€0\.00 \(EUR\)/);
    expect(text).toMatch(/Total paid\s+€50\.00 \(EUR\)/);

    // The organizer of the event may fetch it; another customer or organizer may not.
    expect((await t.app.inject({ url: `/api/v1/orders/${orderId}/receipt.pdf`, headers: ev.organizer.auth })).statusCode).toBe(200);
    const stranger = await createUser(t.deps);
    const rival = await createUser(t.deps, ['organizer']);
    for (const u of [stranger, rival]) {
      const denied = await t.app.inject({ url: `/api/v1/orders/${orderId}/receipt.pdf`, headers: u.auth });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('FORBIDDEN');
    }
    expect((await t.app.inject({ url: `/api/v1/orders/${orderId}/credit-note.pdf`, headers: buyer.auth })).statusCode).toBe(404);

    await deliverOutbox(t.deps);
    const mail = await PostalMime.parse(await readFile(path.join(t.deps.config.dataDir, 'mail', `order-confirmed-${orderId}.eml`)));
    const attached = mail.attachments.find((a) => a.filename === 'receipt-R-000001.pdf');
    expect(attached?.mimeType).toBe('application/pdf');
    expect(await pdfText(Buffer.from(attached!.content as ArrayBuffer), 'mailed.pdf')).toContain('Receipt R-000001');
  });

  it('a refund issues a credit note in its own gapless series that references the receipt; a rolled-back one gives its number back', async () => {
    const ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 4,
      taxRateBasisPoints: 1000,
      price: { amount: 1100, currency: 'EUR' },
    });
    const buyer = await createUser(t.deps);
    const first = await buy(buyer, ev.eventId, [ev.seatIds[0]!]);
    const second = await buy(await createUser(t.deps), ev.eventId, [ev.seatIds[1]!]);

    // A cancellation that rolls back after numbering the receipt and the credit note: neither number is lost.
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        expect(await issueReceipt(tx, first, t.deps.clock.now())).toBe(1);
        expect(await issueCreditNote(tx, first, t.deps.clock.now())).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await numbersOf(ev.organizer.id, 'receipt')).toEqual([]);

    const cancelled = await postJson(base, `/orders/${first}/cancel`, buyer, {});
    expect(cancelled.status).toBe(200);
    expect(await numbersOf(ev.organizer.id, 'credit_note')).toEqual([1]);
    const note = await t.deps.db
      .selectFrom('receipts as c')
      .innerJoin('receipts as r', 'r.id', 'c.credits_receipt_id')
      .select(['c.number', 'c.amount', 'r.number as receipt_number', 'r.order_id'])
      .where('c.order_id', '=', first)
      .where('c.kind', '=', 'credit_note')
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ number: 1, amount: '1100', receipt_number: 1, order_id: first });
    // Cancelling again (a replay) issues nothing more.
    await postJson(base, `/orders/${first}/cancel`, buyer, {});
    expect(await numbersOf(ev.organizer.id, 'credit_note')).toEqual([1]);

    const res = await t.app.inject({ url: `/api/v1/orders/${first}/credit-note.pdf`, headers: buyer.auth });
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload, 'credit-note.pdf');
    expect(text).toContain('Credit note CN-000001');
    expect(text).toContain('Credits receipt R-000001 in full');
    expect(text).toMatch(/Total refunded\s+-€11\.00 \(EUR\)/);
    expect(text).toMatch(/Tax included \(10%\)\s+-€1\.00 \(EUR\)/);
    // The receipt stays available after the refund; the other order's receipt takes the next number.
    expect((await t.app.inject({ url: `/api/v1/orders/${first}/receipt.pdf`, headers: buyer.auth })).statusCode).toBe(200);
    expect(await numbersOf(ev.organizer.id, 'receipt')).toEqual([1]);
    expect(await issueReceipt(t.deps.db, second, t.deps.clock.now())).toBe(2);

    await deliverOutbox(t.deps);
    const mail = await PostalMime.parse(await readFile(path.join(t.deps.config.dataDir, 'mail', `order-cancelled-${first}.eml`)));
    expect(mail.attachments.map((a) => a.filename)).toEqual(['credit-note-CN-000001.pdf']);
    expect(mail.text).toContain('The credit note CN-000001 is attached.');
  });
});
