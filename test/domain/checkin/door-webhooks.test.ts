import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import type { TestUser } from '../../factories/users.js';
import { listen, postJson } from '../../support/booking-helpers.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from './checkin-support.js';

/** Admissions (online and offline), voids and reissues reach the organizer's webhooks; refusals do not. */
describe('door changes as organizer webhooks', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await createTestApp({ clock, poolSize: 20 });
  });
  afterAll(() => t.close());

  async function subscribe(organizer: TestUser): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/webhooks',
      headers: organizer.auth,
      payload: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['ticket.checked_in', 'ticket.voided', 'ticket.reissued'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().subscription.id;
  }

  async function delivered(subscriptionId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    await deliverOutbox(t.deps);
    const rows = await t.deps.db.selectFrom('webhook_deliveries').select(['body']).where('subscription_id', '=', subscriptionId).execute();
    return rows.map((r) => JSON.parse(r.body));
  }

  it('announces an admission once, with the gate and time, and never a refused scan or the holder', async () => {
    const b = await buyTickets(t, 2);
    const sub = await subscribe(b.event.organizer);
    const [first, second] = b.ticketIds as [string, string];
    const code = await codeOf(t, b.customer, first);
    const admittedAt = clock.now().toISOString();
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code, gate: 'North' })).json().result).toBe('admitted');
    clock.advance(1000);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code, gate: 'South' })).json().result).toBe('already_used');
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code: `${code.slice(0, -3)}AAA` })).json().result).toBe('invalid');

    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${second}/void`, headers: b.event.organizer.auth, payload: {} });
    clock.advance(1000);
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/tickets/${second}/reissue`, headers: b.event.organizer.auth, payload: {} });

    const bodies = await delivered(sub);
    // Each change is its own outbox row; the worker may deliver them in any order.
    const byType = new Map(bodies.map((x) => [x.type, x.data]));
    expect(bodies).toHaveLength(3);
    expect([...byType.keys()].sort()).toEqual(['ticket.checked_in', 'ticket.reissued', 'ticket.voided']);
    expect(byType.get('ticket.checked_in')).toMatchObject({
      ticketId: first,
      eventId: b.event.eventId,
      gate: 'North',
      source: 'online',
      checkedInAt: admittedAt,
    });
    expect(byType.get('ticket.voided')).toMatchObject({ ticketId: second, eventId: b.event.eventId });
    expect(byType.get('ticket.reissued')).toMatchObject({ ticketId: second, eventId: b.event.eventId });
    const raw = JSON.stringify(bodies);
    expect(raw).not.toContain(b.customer.id);
    expect(raw).not.toContain(b.customer.email);
  });

  it('announces an offline admission with the scan time when it is uploaded, and once whatever the retries', async () => {
    const b = await buyTickets(t, 1);
    const sub = await subscribe(b.event.organizer);
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const scannedAt = clock.now().toISOString();
    clock.advance(5 * 60_000);
    const scans = [{ scanId: randomUUID(), code, gate: 'Side', scannedAt }];
    const url = `/api/v1/admin/events/${b.event.eventId}/checkin/sync`;
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url, headers: b.event.organizer.auth, payload: { scans } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const bodies = await delivered(sub);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ type: 'ticket.checked_in', data: { source: 'offline', gate: 'Side', checkedInAt: scannedAt } });
  });

  it('writes one announcement when 50 scans of one ticket race', async () => {
    const b = await buyTickets(t, 1);
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    const base = await listen(t.app);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => postJson(base, '/checkin/scan', b.event.organizer, { eventId: b.event.eventId, code })),
    );
    expect(replies.filter((r) => r.body.result === 'admitted')).toHaveLength(1);
    const rows = await t.deps.db
      .selectFrom('outbox')
      .select('id')
      .where('topic', '=', 'ticket.checked_in')
      .where('aggregate_id', '=', b.ticketIds[0]!)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
