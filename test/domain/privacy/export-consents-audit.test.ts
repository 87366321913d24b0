import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/jobs/deliver-outbox.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { buyTickets, codeOf, scan } from '../checkin/checkin-support.js';

describe('personal data export (Art. 15/20), consents (Art. 7) and the admin audit log', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'boxoffice-export-'));
    t = await createTestApp({ poolSize: 10, config: { dataDir } });
    admin = await createUser(t.deps, ['admin']);
  });
  afterAll(() => t.close());

  it('exports every section for a fan with a confirmed order, a check-in and a consent', async () => {
    const b = await buyTickets(t, 2);
    const consent = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/consents/marketing',
      headers: b.customer.auth,
      payload: { granted: true },
    });
    expect(consent.statusCode, consent.body).toBe(200);
    const code = await codeOf(t, b.customer, b.ticketIds[0]!);
    expect((await scan(t, b.event.organizer, { eventId: b.event.eventId, code, gate: 'East' })).json().result).toBe('admitted');
    await deliverOutbox(t.deps);
    // An admin reads the order: the fan sees that it happened, not who it was.
    expect((await t.app.inject({ url: `/api/v1/orders/${b.orderId}`, headers: admin.auth })).statusCode).toBe(200);

    const res = await t.app.inject({ url: '/api/v1/me/export', headers: b.customer.auth });
    expect(res.statusCode, res.body).toBe(200);
    const { user, sections } = res.json();
    expect(user).toMatchObject({ id: b.customer.id, email: b.customer.email, name: 'Test User' });
    expect(sections.consents).toEqual([
      { purpose: 'marketing', wordingVersion: expect.any(String), grantedAt: expect.any(String), withdrawnAt: null },
    ]);
    expect(sections.orders).toEqual([
      expect.objectContaining({ id: b.orderId, eventId: b.event.eventId, status: 'confirmed', total: { amount: 10_000, currency: 'EUR' } }),
    ]);
    expect(sections.tickets.map((x: { id: string }) => x.id).sort()).toEqual([...b.ticketIds].sort());
    expect(sections.tickets.find((x: { id: string }) => x.id === b.ticketIds[0])).toMatchObject({
      status: 'used',
      checkedInGate: 'East',
      seat: { section: 'Stalls', row: 'A' },
    });
    expect(sections.payments).toEqual([
      expect.objectContaining({ orderId: b.orderId, status: 'captured', amount: { amount: 10_000, currency: 'EUR' }, refunds: [] }),
    ]);
    expect(sections.scans).toEqual([
      expect.objectContaining({ ticketId: b.ticketIds[0], eventId: b.event.eventId, gate: 'East', result: 'admitted', source: 'online' }),
    ]);
    expect(sections.holds).toEqual([expect.objectContaining({ eventId: b.event.eventId, status: 'purchased' })]);
    expect(sections.sessions.length).toBeGreaterThan(0);
    const actions = sections.audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['order.confirmed', 'consent.granted', 'order.viewed']));
    const viewed = sections.audit.find((a: { action: string }) => a.action === 'order.viewed');
    expect(viewed).toMatchObject({ subjectId: b.orderId, byThemselves: false });
    expect(JSON.stringify(viewed)).not.toContain(admin.id);
    expect(sections.mail).toEqual([
      expect.objectContaining({ to: b.customer.email, subject: expect.stringMatching(/\S/), content: expect.stringContaining(b.orderId) }),
    ]);
  });

  it('records terms consent at registration with its wording version; grants and withdrawals keep their history', async () => {
    const email = `consent-${Math.random().toString(36).slice(2)}@example.org`;
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'agree to all of it 42', name: 'C' },
    });
    expect(reg.statusCode).toBe(201);
    const auth = { authorization: `Bearer ${reg.json().token}` };
    const first = (await t.app.inject({ url: '/api/v1/me/consents', headers: auth })).json();
    expect(first.consents).toEqual([
      expect.objectContaining({
        purpose: 'terms',
        granted: true,
        grantedVersion: first.consents[0].currentVersion,
        grantedAt: expect.any(String),
      }),
      expect.objectContaining({ purpose: 'marketing', granted: false, grantedVersion: null, grantedAt: null }),
    ]);
    const put = (granted: unknown, purpose = 'marketing') =>
      t.app.inject({ method: 'PUT', url: `/api/v1/me/consents/${purpose}`, headers: auth, payload: { granted } });
    expect((await put(true)).json().consent).toMatchObject({ purpose: 'marketing', granted: true });
    expect((await put(true)).json().consent).toMatchObject({ granted: true });
    expect((await put(false)).json().consent).toMatchObject({ granted: false, grantedAt: null });
    for (const bad of [put('yes'), put(true, 'spam'), put(null)]) {
      const res = await bad;
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const { history } = (await t.app.inject({ url: '/api/v1/me/consents', headers: auth })).json();
    expect(history.map((h: { purpose: string; withdrawnAt: string | null }) => [h.purpose, h.withdrawnAt === null])).toEqual([
      ['terms', true],
      ['marketing', false],
    ]);
  });

  it('lets admins read the audit log by subject, actor and action, paged, and nobody else', async () => {
    const b = await buyTickets(t, 1);
    await t.app.inject({ url: `/api/v1/orders/${b.orderId}`, headers: admin.auth });
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${b.orderId}/cancel`, headers: b.customer.auth, payload: {} });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);

    const get = (query: string, who: TestUser = admin) => t.app.inject({ url: `/api/v1/admin/audit?${query}`, headers: who.auth });
    const bySubject = await get(`subjectType=order&subjectId=${b.orderId}`);
    expect(bySubject.statusCode, bySubject.body).toBe(200);
    const actions = bySubject.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(['order.refunded', 'order.cancelled', 'order.viewed', 'order.confirmed']);
    expect(bySubject.json().items.find((i: { action: string }) => i.action === 'order.viewed').actorId).toBe(admin.id);
    expect(bySubject.json().items[0].details).toMatchObject({ amount: 5000, currency: 'EUR' });

    const byActor = (await get(`actorId=${admin.id}&action=order.viewed`)).json().items;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((i: { actorId: string; action: string }) => i.actorId === admin.id && i.action === 'order.viewed')).toBe(true);

    const page1 = (await get(`subjectId=${b.orderId}&limit=3`)).json();
    expect(page1.items).toHaveLength(3);
    const page2 = (await get(`subjectId=${b.orderId}&limit=3&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((i: { action: string }) => i.action)).toEqual(['order.confirmed']);
    expect(page2.nextCursor).toBeNull();
    // A cursor is bound to its filters.
    const replayed = await get(`subjectId=${b.customer.id}&limit=3&cursor=${page1.nextCursor}`);
    expect(replayed.statusCode).toBe(400);
    for (const bad of ['limit=0', 'limit=201', 'actorId=nope', 'action=DROP%20TABLE', 'cursor=%21%21', 'color=red']) {
      expect((await get(bad)).statusCode, bad).toBe(400);
    }
    for (const who of [b.customer, b.event.organizer, await createUser(t.deps, ['scanner'])]) {
      expect((await get('', who)).statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/v1/admin/audit' })).statusCode).toBe(401);
  });
});
