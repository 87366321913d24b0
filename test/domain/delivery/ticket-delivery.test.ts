import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);

/** 20:00 on a January evening in New York (EST, UTC-5): the venue's wall clock, not the server's. */
const startsAt = new Date('2027-01-15T01:00:00Z');

describe('ticket delivery: confirmation mail, tickets PDF, calendar file', () => {
  let t: TestApp;
  let ev: PublishedEvent;
  let buyer: TestUser;
  let orderId: string;
  let work: string;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4, config: { publicUrl: 'https://tickets.example.org' } });
    work = await mkdtemp(path.join(tmpdir(), 'boxoffice-delivery-'));
    ev = await createPublishedEvent(t.deps, {
      seatedRows: 1,
      seatsPerRow: 4,
      timezone: 'America/New_York',
      taxRateBasisPoints: 1000,
      price: { amount: 2200, currency: 'JPY' },
      startsAt,
    });
    buyer = await createUser(t.deps);
    const h = await hold(t.app, buyer, ev.eventId, { seatIds: [ev.seatIds[1], ev.seatIds[2]] });
    expect(h.statusCode).toBe(201);
    const res = await checkout(t.app, buyer, h.json().hold.id, `delivery-${h.json().hold.id}`);
    expect(res.json().order.status).toBe('confirmed');
    orderId = res.json().order.id;
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await t.close();
  });

  it('mails HTML and text with the venue-local time and zone, seats, the total in JPY with its breakdown, a link, a PDF and an .ics', async () => {
    await deliverOutbox(t.deps);
    const eml = await readFile(path.join(t.deps.config.dataDir, 'mail', `order-confirmed-${orderId}.eml`));
    const mail = await PostalMime.parse(eml);
    expect(mail.to?.[0]?.address).toBe(buyer.email);
    const title = (await t.deps.db.selectFrom('events').select('title').where('id', '=', ev.eventId).executeTakeFirstOrThrow()).title;
    expect(mail.subject).toBe(`Your tickets for ${title}`);
    const when = 'Thu, Jan 14, 2027, 8:00 PM EST';
    for (const part of [mail.text!, mail.html!]) {
      expect(part).toContain(orderId);
      expect(part).toContain(title);
      expect(part).toContain(when);
      expect(part).toContain('America/New_York');
      expect(part).toContain('Stalls, row A, seat 2');
      expect(part).toContain('Stalls, row A, seat 3');
      // 2 × ¥2,200 all-in with 10 % tax included: ¥4,000 + ¥400.
      expect(part).toContain('¥4,400 (JPY)');
      expect(part).toContain('¥4,000 (JPY)');
      expect(part).toContain('¥400 (JPY)');
      expect(part).toContain(`https://tickets.example.org/orders/${orderId}`);
    }
    expect(mail.html).toMatch(/<a href="https:\/\/tickets\.example\.org\/orders\/[0-9a-f-]+">/);
    const names = mail.attachments.map((a) => [a.filename, a.mimeType]);
    expect(names).toEqual([
      [`tickets-${orderId}.pdf`, 'application/pdf'],
      [`event-${orderId}.ics`, 'text/calendar'],
      [expect.stringMatching(/^receipt-R-\d{6}\.pdf$/), 'application/pdf'],
    ]);
    const pdf = mail.attachments[0]!.content as ArrayBuffer;
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const ics = new TextDecoder().decode(mail.attachments[1]!.content as ArrayBuffer);
    expect(ics).toContain('DTSTART;TZID=America/New_York:20270114T200000');
  });

  it('GET tickets.pdf: the owner gets one page per ticket that renders, with the seat and the event on it', async () => {
    const res = await t.app.inject({ url: `/api/v1/orders/${orderId}/tickets.pdf`, headers: buyer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tickets-${orderId}.pdf"`);
    const file = path.join(work, 'tickets.pdf');
    await writeFile(file, res.rawPayload);
    const info = (await run('pdfinfo', [file])).stdout;
    expect(info).toMatch(/Pages:\s+2\n/);
    // Page 1 rasterizes: poppler parses the file, fonts and the QR's path.
    await run('pdftoppm', ['-f', '1', '-l', '1', '-r', '50', '-png', file, path.join(work, 'page')]);
    const png = await readFile(path.join(work, 'page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const page1 = (await run('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'])).stdout;
    const title = (await t.deps.db.selectFrom('events').select('title').where('id', '=', ev.eventId).executeTakeFirstOrThrow()).title;
    expect(page1).toContain(title);
    expect(page1).toContain('Stalls, row A, seat 2');
    expect(page1).toContain('Thu, Jan 14, 2027, 8:00 PM EST');
    const serials = await t.deps.db.selectFrom('tickets').select('serial').where('order_id', '=', orderId).orderBy('seat_id').execute();
    expect(page1).toContain(serials[0]!.serial);
    const page2 = (await run('pdftotext', ['-f', '2', '-l', '2', file, '-'])).stdout;
    expect(page2).toContain('Stalls, row A, seat 3');
  });

  it('GET calendar.ics parses as iCalendar with DTSTART in the venue zone at the right instant', async () => {
    const res = await t.app.inject({ url: `/api/v1/orders/${orderId}/calendar.ics`, headers: buyer.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const vtz = cal.getFirstSubcomponent('vtimezone')!;
    expect(vtz.getFirstPropertyValue('tzid')).toBe('America/New_York');
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
    const vevent = cal.getFirstSubcomponent('vevent')!;
    const start = vevent.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('America/New_York');
    const event = new ICAL.Event(vevent);
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(event.uid).toBe(`order-${orderId}@boxoffice`);
    expect(event.description).toContain('Stalls, row A, seat 2');
    expect(vevent.getFirstPropertyValue('url')).toBe(`https://tickets.example.org/orders/${orderId}`);
  });

  it('refuses another customer (403), the signed-out (401), and orders that are not confirmed (422)', async () => {
    const other = await createUser(t.deps);
    for (const file of ['tickets.pdf', 'calendar.ics']) {
      expect((await t.app.inject({ url: `/api/v1/orders/${orderId}/${file}`, headers: other.auth })).statusCode).toBe(403);
      expect((await t.app.inject({ url: `/api/v1/orders/${orderId}/${file}` })).statusCode).toBe(401);
    }
    const admin = await createUser(t.deps, ['admin']);
    expect((await t.app.inject({ url: `/api/v1/orders/${orderId}/tickets.pdf`, headers: admin.auth })).statusCode).toBe(200);

    const h = await hold(t.app, other, ev.eventId, { seatIds: [ev.seatIds[0]] });
    const declined = await checkout(t.app, other, h.json().hold.id, `declined-${h.json().hold.id}`, 'tok_chargeDeclined');
    expect(declined.statusCode).toBe(402);
    const failed = await t.deps.db.selectFrom('orders').select('id').where('user_id', '=', other.id).executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/api/v1/orders/${failed.id}/tickets.pdf`, headers: other.auth });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_STATE');
  });
});
