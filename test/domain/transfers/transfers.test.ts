import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { expectInvariantsHold } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from '../checkin/checkin-support.js';
import { transferCalls } from './transfer-support.js';

describe('ticket transfers between fans', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  const { confirmedFan, offer, settle } = transferCalls(() => ({ t, clock }));
  const mine = async (user: TestUser) => (await t.app.inject({ url: '/api/v1/me/transfers', headers: user.auth })).json();

  it('hands the ticket over with a new code: the sender loses it, the recipient gets in, money stays with the buyer', async () => {
    const b = await buyTickets(t, 2);
    const [ticketId, keptId] = b.ticketIds as [string, string];
    const friend = await confirmedFan();
    const oldCode = await codeOf(t, b.customer, ticketId);

    const offered = await offer(b.customer, ticketId, `  ${friend.email.toUpperCase()} `);
    expect(offered.statusCode, offered.body).toBe(201);
    const transfer = offered.json().transfer;
    expect(transfer).toMatchObject({ status: 'pending', to: expect.stringMatching(/^u•••@test\.boxoffice$/) });
    expect(transfer.faceValue.amount).toBeGreaterThan(0);
    // Until accepted the ticket is still the sender's and still admits.
    expect((await mine(friend)).incoming.map((x: { id: string }) => x.id)).toEqual([transfer.id]);
    expect((await mine(b.customer)).outgoing[0]).toMatchObject({ id: transfer.id, status: 'pending' });

    const accepted = await settle(friend, transfer.id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().transfer.status).toBe('accepted');

    // The sender's code (app or printed, same version) is refused; the recipient's admits.
    expect((await t.app.inject({ url: `/api/v1/tickets/${ticketId}/code`, headers: b.customer.auth })).statusCode).toBe(403);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: oldCode })).json().result).toBe('void');
    const newCode = await codeOf(t, friend, ticketId);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: newCode })).json().result).toBe('admitted');
    expect((await mine(friend)).received).toEqual([expect.objectContaining({ id: ticketId, status: 'used' })]);

    // The order stays the buyer's for accounting, marks the ticket as handed on, and can no longer be cancelled by them.
    const order = (await t.app.inject({ url: `/api/v1/orders/${b.orderId}`, headers: b.customer.auth })).json().order;
    expect(order.tickets.find((x: { id: string }) => x.id === ticketId)).toMatchObject({ transferred: true });
    expect(order.tickets.find((x: { id: string }) => x.id === keptId)).toMatchObject({ transferred: false });
    expect(order.cancellableUntil).toBeNull();
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${b.orderId}/cancel`, headers: b.customer.auth });
    expect(cancel.statusCode).toBe(422);
    expect(cancel.json().error.message).toMatch(/transferred/);
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', ticketId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['ticket.transfer_offered', 'ticket.transferred']);
    await expectInvariantsHold(t.deps, [b.event.eventId]);
  });

  it('refuses bad offers with clear errors and writes nothing', async () => {
    const b = await buyTickets(t, 1);
    const ticketId = b.ticketIds[0]!;
    const stranger = await confirmedFan();
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('ticket_transfers')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();

    expect((await offer(b.customer, ticketId, 'not-an-address')).statusCode).toBe(400);
    const own = await offer(b.customer, ticketId, b.customer.email);
    expect(own.statusCode).toBe(400);
    expect(own.json().error.details.fields).toEqual([
      expect.objectContaining({ field: 'body/email', message: expect.stringMatching(/your own/) }),
    ]);
    expect((await offer(stranger, ticketId, 'someone@example.org')).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/transfer`, payload: { email: 'a@b.co' } })).statusCode,
    ).toBe(401);
    expect(await count()).toBe(before);

    // One open offer per ticket; the sender may take it back and offer again.
    const first = await offer(b.customer, ticketId, 'first@example.org');
    expect(first.statusCode).toBe(201);
    expect((await offer(b.customer, ticketId, 'second@example.org')).statusCode).toBe(409);
    expect((await settle(stranger, first.json().transfer.id, 'cancel')).statusCode).toBe(404);
    expect((await settle(b.customer, first.json().transfer.id, 'cancel')).json().transfer.status).toBe('cancelled');
    expect((await settle(b.customer, first.json().transfer.id, 'cancel')).statusCode).toBe(409);
    expect((await offer(b.customer, ticketId, 'second@example.org')).statusCode).toBe(201);

    // Nobody may offer a ticket they do not hold.
    const other = await offer(b.customer, (await buyTickets(t, 1, b.event)).ticketIds[0]!, 'x@example.org');
    expect(other.statusCode).toBe(403);
  });

  it('lets only the confirmed owner of the address accept, and closes at the cut-off', async () => {
    const b = await buyTickets(t, 1);
    const ticketId = b.ticketIds[0]!;
    const unconfirmed = await createUser(t.deps);
    const transfer = (await offer(b.customer, ticketId, unconfirmed.email)).json().transfer;
    expect(await mine(unconfirmed)).toMatchObject({ emailVerified: false, incoming: [] });
    expect((await settle(unconfirmed, transfer.id, 'accept')).statusCode).toBe(403);
    const someoneElse = await confirmedFan();
    expect((await settle(someoneElse, transfer.id, 'accept')).statusCode).toBe(404);
    // The sender, once confirmed, is not the addressee either.
    await t.deps.db.updateTable('users').set({ email_verified_at: clock.now() }).where('id', '=', b.customer.id).execute();
    expect((await settle(b.customer, transfer.id, 'accept')).statusCode).toBe(404);

    await t.deps.db.updateTable('users').set({ email_verified_at: clock.now() }).where('id', '=', unconfirmed.id).execute();
    // The organizer's cut-off (60 minutes by default) has passed once the event is 59 minutes away.
    const event = await t.deps.db
      .selectFrom('events')
      .select(['starts_at', 'transfer_cutoff_minutes'])
      .where('id', '=', b.event.eventId)
      .executeTakeFirstOrThrow();
    expect(event.transfer_cutoff_minutes).toBe(60);
    const another = await buyTickets(t, 1, b.event);
    const soon = new Date(clock.now().getTime() + 59 * 60_000);
    await t.deps.db.updateTable('events').set({ starts_at: soon }).where('id', '=', b.event.eventId).execute();
    const late = await settle(unconfirmed, transfer.id, 'accept');
    expect(late.statusCode).toBe(422);
    expect(late.json().error.message).toMatch(/closed/);
    expect((await offer(another.customer, another.ticketIds[0]!, 'late@example.org')).statusCode).toBe(422);
    await t.deps.db.updateTable('events').set({ starts_at: event.starts_at }).where('id', '=', b.event.eventId).execute();
    expect((await settle(unconfirmed, transfer.id, 'decline')).json().transfer.status).toBe('declined');
    expect((await settle(unconfirmed, transfer.id, 'accept')).statusCode).toBe(409);
  });

  it('hands a ticket over at most once: 50 racing acceptances and scans of the old code', async () => {
    const b = await buyTickets(t, 1);
    const ticketId = b.ticketIds[0]!;
    const friend = await confirmedFan();
    const oldCode = await codeOf(t, b.customer, ticketId);
    const transfer = (await offer(b.customer, ticketId, friend.email)).json().transfer;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? settle(friend, transfer.id, 'accept').then((r) => `accept ${r.statusCode}`)
          : scan(t, b.event.organizer, { eventId: b.event.eventId, code: oldCode }).then((r) => `scan ${r.json().result}`),
      ),
    );
    const tally = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }), {});
    const ticket = await t.deps.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    const admitted = tally['scan admitted'] ?? 0;
    const acceptedCount = tally['accept 200'] ?? 0;
    // Either the sender got in before the hand-over (and it then failed) or the hand-over won and the old code stopped working.
    expect(admitted + acceptedCount, JSON.stringify(tally)).toBe(1);
    if (acceptedCount === 1) expect(ticket).toMatchObject({ holder_id: friend.id, status: 'valid' });
    else expect(ticket).toMatchObject({ holder_id: null, status: 'used' });
    await expectInvariantsHold(t.deps, [b.event.eventId]);
  });

  it('orders an acceptance and the buyer cancelling: never a refund for a ticket someone else holds', async () => {
    for (let round = 0; round < 5; round++) {
      const b = await buyTickets(t, 1);
      const friend = await confirmedFan();
      const transfer = (await offer(b.customer, b.ticketIds[0]!, friend.email)).json().transfer;
      const [accept, cancel] = await Promise.all([
        settle(friend, transfer.id, 'accept'),
        t.app.inject({ method: 'POST', url: `/api/v1/orders/${b.orderId}/cancel`, headers: b.customer.auth }),
      ]);
      expect([accept.statusCode, cancel.statusCode].filter((s) => s === 200).length, `${accept.body} ${cancel.body}`).toBe(1);
      const ticket = await t.deps.db
        .selectFrom('tickets')
        .select(['holder_id', 'status'])
        .where('id', '=', b.ticketIds[0]!)
        .executeTakeFirstOrThrow();
      expect(ticket).toEqual(accept.statusCode === 200 ? { holder_id: friend.id, status: 'valid' } : { holder_id: null, status: 'void' });
    }
  });

  it("tells the organizer's webhooks which ticket changed hands, without saying who holds it", async () => {
    const b = await buyTickets(t, 1);
    const ticketId = b.ticketIds[0]!;
    const sub = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/webhooks',
      headers: b.event.organizer.auth,
      payload: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['ticket.transferred'] },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const friend = await confirmedFan();
    const transfer = (await offer(b.customer, ticketId, friend.email)).json().transfer;
    expect((await settle(friend, transfer.id, 'accept')).statusCode).toBe(200);
    await deliverOutbox(t.deps);
    const deliveries = await t.deps.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'body'])
      .where('subscription_id', '=', sub.json().subscription.id)
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.event_type).toBe('ticket.transferred');
    const body = JSON.parse(deliveries[0]!.body);
    expect(body).toMatchObject({ type: 'ticket.transferred', data: { ticketId, eventId: b.event.eventId, transferId: transfer.id } });
    expect(deliveries[0]!.body).not.toContain(friend.id);
    expect(deliveries[0]!.body).not.toContain(friend.email);
  });
});
