import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEventAttendees } from '../../../src/domain/door/export-event-attendees.js';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** RFC 4180 as spreadsheets read it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('door tools: orders and attendees of an event for its organizer', () => {
  let t: TestApp;
  let ev: PublishedEvent;
  let admin: TestUser;
  const buyers: Record<string, { user: TestUser; orderId: string; seats: number }> = {};

  async function named(name: string): Promise<TestUser> {
    const u = await createUser(t.deps);
    await t.deps.db
      .updateTable('users')
      .set({ name_cipher: await t.deps.pii.seal(u.id, name) })
      .where('id', '=', u.id)
      .execute();
    return u;
  }
  async function buy(user: TestUser, seatIds: string[], token = 'tok_visa') {
    const h = await hold(t.app, user, ev.eventId, { seatIds });
    expect(h.statusCode).toBe(201);
    return checkout(t.app, user, h.json().hold.id, `door-${h.json().hold.id}`, token);
  }
  const get = (user: TestUser | null, url: string) =>
    t.app.inject({ url: `/api/v1/admin/events/${ev.eventId}/${url}`, headers: user ? user.auth : {} });

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 4, perUserLimit: 4 });
    admin = await createUser(t.deps, ['admin']);
    const plan: [string, number[]][] = [
      ['Ada Lovelace', [0, 1]],
      ['José Martínez', [4]],
      ['=HYPERLINK("http://evil.example","click")', [2, 3]],
    ];
    for (const [name, seats] of plan) {
      const user = await named(name);
      const res = await buy(
        user,
        seats.map((i) => ev.seatIds[i]!),
      );
      expect(res.json().order.status).toBe('confirmed');
      buyers[name] = { user, orderId: res.json().order.id, seats: seats.length };
    }
    // A declined payment is no order of the event's; a cancelled one is listed as cancelled, without attendees.
    expect((await buy(await named('Declined Dora'), [ev.seatIds[5]!], 'tok_chargeDeclined')).statusCode).toBe(402);
    const carl = await named('Cancelled Carl');
    const carlOrder = (await buy(carl, [ev.seatIds[6]!])).json().order.id;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${carlOrder}/cancel`, headers: carl.auth })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it('pages through the attendees in seat order with the total, and through the orders newest first', async () => {
    const seen: string[] = [];
    for (const offset of [0, 2, 4]) {
      const res = await get(ev.organizer, `attendees?limit=2&offset=${offset}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total: 5, offset, limit: 2 });
      seen.push(...res.json().items.map((a: { row: string; number: number }) => `${a.row}${a.number}`));
    }
    expect(seen).toEqual(['A1', 'A2', 'A3', 'A4', 'B1']);
    const first = (await get(ev.organizer, 'attendees?limit=1')).json().items[0];
    expect(first).toMatchObject({ name: 'Ada Lovelace', email: buyers['Ada Lovelace']!.user.email, section: 'Stalls', status: 'valid' });
    expect(first.orderId).toBe(buyers['Ada Lovelace']!.orderId);

    const orders = (await get(ev.organizer, 'orders?limit=10')).json();
    expect(orders.total).toBe(4);
    expect(orders.items.map((o: { name: string; status: string; seats: number }) => [o.name, o.status, o.seats])).toEqual([
      ['Cancelled Carl', 'cancelled', 1],
      ['=HYPERLINK("http://evil.example","click")', 'confirmed', 2],
      ['José Martínez', 'confirmed', 1],
      ['Ada Lovelace', 'confirmed', 2],
    ]);
    expect(orders.items[3].total).toEqual({ amount: 10000, currency: 'EUR' });
    const page2 = (await get(ev.organizer, 'orders?limit=3&offset=3')).json();
    expect(page2.items.map((o: { name: string }) => o.name)).toEqual(['Ada Lovelace']);
  });

  it('searches by part of a name (any case, any accents), a whole e-mail, an order number prefix and a ticket code prefix', async () => {
    const names = async (q: string, list = 'attendees') =>
      (await get(ev.organizer, `${list}?q=${encodeURIComponent(q)}`)).json().items.map((a: { name: string }) => a.name);
    expect(await names('jose')).toEqual(['José Martínez']);
    expect(await names('LOVE')).toEqual(['Ada Lovelace', 'Ada Lovelace']);
    expect(await names(buyers['José Martínez']!.user.email.toUpperCase())).toEqual(['José Martínez']);
    expect(await names('nobody')).toEqual([]);
    expect(await names('carl')).toEqual([]); // cancelled: no attendee
    expect(await names('carl', 'orders')).toEqual(['Cancelled Carl']);
    const ada = buyers['Ada Lovelace']!.orderId;
    expect(await names(ada.slice(0, 8))).toEqual(['Ada Lovelace', 'Ada Lovelace']);
    expect(await names(ada, 'orders')).toEqual(['Ada Lovelace']);
    const serial = (await get(ev.organizer, 'attendees?limit=1&offset=4')).json().items[0].serial as string;
    expect(await names(serial.slice(0, 9).toLowerCase())).toEqual(['José Martínez']);
    const res = await get(ev.organizer, 'attendees?q=ada&limit=1&offset=1');
    expect(res.json()).toMatchObject({ total: 2, items: [{ name: 'Ada Lovelace' }] });
  });

  it('exports CSV as a stream: every attendee, formula cells defused, the search applied', async () => {
    const res = await get(ev.organizer, 'attendees.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="attendees-${ev.eventId}.csv"`);
    expect(res.body.startsWith('\uFEFForder_number,')).toBe(true);
    const rows = parseCsv(res.body.slice(1));
    expect(rows[0]).toEqual(['order_number', 'ticket_code', 'ticket_status', 'section', 'row', 'seat', 'name', 'email']);
    expect(rows.slice(1).map((r) => `${r[4]}${r[5]} ${r[6]}`)).toEqual([
      'A1 Ada Lovelace',
      'A2 Ada Lovelace',
      `A3 '=HYPERLINK("http://evil.example","click")`,
      `A4 '=HYPERLINK("http://evil.example","click")`,
      'B1 José Martínez',
    ]);
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);

    const searched = parseCsv((await get(ev.organizer, 'attendees.csv?q=martinez')).body.slice(1));
    expect(searched.slice(1).map((r) => r[6])).toEqual(['José Martínez']);

    // Batches smaller than the list: the keyset carries on across them, nothing twice or lost.
    let text = '';
    for await (const chunk of await exportEventAttendees(t.deps, { userId: admin.id, roles: admin.roles }, ev.eventId, undefined, 2)) {
      text += chunk;
    }
    expect(text).toBe(res.body);
  });

  it('answers only the event organizer and admins (403 for another organizer and a customer), and audits every access', async () => {
    const auditCount = async () =>
      (
        await t.deps.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('subject_id', '=', ev.eventId).execute()
      ).filter((r) => r.action.startsWith('event.attendees') || r.action === 'event.orders.viewed');
    const before = (await auditCount()).length;
    const otherOrganizer = await createUser(t.deps, ['organizer']);
    const customer = buyers['Ada Lovelace']!.user;
    for (const url of ['orders', 'attendees', 'attendees.csv']) {
      expect((await get(otherOrganizer, url)).statusCode).toBe(403);
      expect((await get(customer, url)).statusCode).toBe(403);
      expect((await get(null, url)).statusCode).toBe(401);
      expect((await get(admin, url)).statusCode).toBe(200);
    }
    const missing = await t.app.inject({ url: '/api/v1/admin/events/00000000-0000-4000-8000-000000000000/attendees', headers: admin.auth });
    expect(missing.statusCode).toBe(404);
    const bad = await get(ev.organizer, 'attendees?limit=500');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('querystring/limit');

    await get(ev.organizer, `attendees?q=${encodeURIComponent(customer.email)}`);
    const after = await auditCount();
    // Refused calls write nothing; the three admin reads and the organizer's search do.
    expect(after.length - before).toBe(4);
    const last = after.slice(before);
    expect(last.map((r) => r.action).sort()).toEqual([
      'event.attendees.exported',
      'event.attendees.viewed',
      'event.attendees.viewed',
      'event.orders.viewed',
    ]);
    expect(last.filter((r) => r.actor_id === admin.id)).toHaveLength(3);
    // The audit never becomes a store of what was searched for.
    expect(JSON.stringify(last)).not.toContain(customer.email);
    expect(last.find((r) => r.actor_id === ev.organizer.id)!.details).toMatchObject({ search: true });
  });
});
