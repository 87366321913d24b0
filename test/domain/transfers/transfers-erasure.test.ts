import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../factories/users.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from '../checkin/checkin-support.js';
import { transferCalls } from './transfer-support.js';

describe('ticket transfers in personal data: export and erasure', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  const { confirmedFan, offer } = transferCalls(() => ({ t, clock }));
  const erase = (u: TestUser) => t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: u.auth, payload: { email: u.email } });

  it("exports each side's transfers and the ticket the recipient now holds, naming the other side only by the masked hint", async () => {
    const b = await buyTickets(t, 1);
    const ticketId = b.ticketIds[0]!;
    const friend = await confirmedFan();
    const transfer = (await offer(b.customer, ticketId, friend.email)).json().transfer;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/transfers/${transfer.id}/accept`, headers: friend.auth })).statusCode).toBe(
      200,
    );
    const exportOf = async (u: TestUser) => {
      const res = await t.app.inject({ url: '/api/v1/me/export', headers: u.auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().sections;
    };
    const sent = await exportOf(b.customer);
    expect(sent.transfers).toEqual([
      expect.objectContaining({ id: transfer.id, ticketId, direction: 'sent', to: transfer.to, status: 'accepted' }),
    ]);
    const received = await exportOf(friend);
    expect(received.transfers).toEqual([expect.objectContaining({ id: transfer.id, ticketId, direction: 'received', status: 'accepted' })]);
    expect(received.transfers[0]).not.toHaveProperty('to');
    expect(received.tickets.map((x: { id: string }) => x.id)).toEqual([ticketId]);
    expect(JSON.stringify(received)).not.toContain(b.customer.email);
  });

  it("cancels the sender's open offers: the recipient can no longer take a ticket erasure voided", async () => {
    const b = await buyTickets(t, 1);
    const friend = await confirmedFan();
    const transfer = (await offer(b.customer, b.ticketIds[0]!, friend.email)).json().transfer;

    const erased = await erase(b.customer);
    expect(erased.statusCode, erased.body).toBe(202);

    const row = await t.deps.db.selectFrom('ticket_transfers').selectAll().where('id', '=', transfer.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', settled_at: expect.any(Date) });
    const accept = await t.app.inject({ method: 'POST', url: `/api/v1/transfers/${transfer.id}/accept`, headers: friend.auth });
    expect(accept.statusCode).toBe(409);
    const ticket = await t.deps.db
      .selectFrom('tickets')
      .select(['status', 'holder_id'])
      .where('id', '=', b.ticketIds[0]!)
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ status: 'void', holder_id: null });
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', b.ticketIds[0]!).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['ticket.transfer_cancelled', 'ticket.transfer_offered']);
  });

  it("leaves a ticket already handed to another fan valid: the buyer's erasure neither voids nor refunds that order", async () => {
    const b = await buyTickets(t, 2);
    const [givenId] = b.ticketIds as [string, string];
    const friend = await confirmedFan();
    const transfer = (await offer(b.customer, givenId, friend.email)).json().transfer;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/transfers/${transfer.id}/accept`, headers: friend.auth })).statusCode).toBe(
      200,
    );

    const preview = (await t.app.inject({ url: '/api/v1/me/erasure-preview', headers: b.customer.auth })).json();
    expect(preview.upcomingTickets).toEqual([]);
    expect(preview.policy).toMatch(/transferred to another fan/);

    expect((await erase(b.customer)).statusCode).toBe(202);
    const order = await t.deps.db.selectFrom('orders').select('status').where('id', '=', b.orderId).executeTakeFirstOrThrow();
    expect(order.status).toBe('confirmed');
    expect(await t.deps.db.selectFrom('refunds').select('id').where('order_id', '=', b.orderId).execute()).toEqual([]);
    const code = await codeOf(t, friend, givenId);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code })).json().result).toBe('admitted');
  });
});
