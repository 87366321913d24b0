import { expect } from 'vitest';
import type { Deps } from '../../src/context.js';
import { formatReport, verifyInvariants } from '../../src/domain/invariants/verify-invariants.js';
import { verifyMoney } from '../../src/domain/invariants/verify-money.js';
import type { AppInstance } from '../../src/http/app.js';
import type { TestUser } from '../factories/users.js';

/** Parsed JSON reply; tests read the fields they expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reply shapes vary per route
type ReplyBody = any;

/** Listens on a real port so racing requests really race (separate sockets, the real pool). */
export async function listen(app: AppInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

export async function postJson(
  base: string,
  path: string,
  user: TestUser | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ReplyBody }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? user.auth : {}), ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function hold(app: AppInstance, user: TestUser, eventId: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/holds`,
    headers: { ...user.auth, ...headers },
    payload: body as object,
  });
}

export async function checkout(app: AppInstance, user: TestUser, holdId: string, key: string | null, token = 'tok_visa') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/checkout`,
    headers: { ...user.auth, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { payment: { method: 'card', token } },
  });
}

/** The organizer (or an admin) cancels a published event with a reason. */
export async function cancelEvent(app: AppInstance, user: TestUser, eventId: string, reason: string) {
  return app.inject({ method: 'POST', url: `/api/v1/admin/events/${eventId}/cancel`, headers: user.auth, payload: { reason } });
}

/**
 * Row counts the malformed-input tests compare before and after, narrowed to
 * the given users and events (the file's other tests write to the same database).
 */
export async function bookingCounts(deps: Deps, scope: { userIds: string[]; eventIds: string[] }): Promise<Record<string, number>> {
  const db = deps.db;
  const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }): Promise<number> =>
    Number((await q.executeTakeFirstOrThrow()).n);
  const orders = db.selectFrom('orders').select('id').where('user_id', 'in', scope.userIds);
  const out: Record<string, number> = {
    holds: await n(
      db
        .selectFrom('holds')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', 'in', scope.userIds),
    ),
    hold_seats: await n(
      db
        .selectFrom('hold_seats as hs')
        .innerJoin('holds as h', 'h.id', 'hs.hold_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('h.user_id', 'in', scope.userIds),
    ),
    orders: await n(
      db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', 'in', scope.userIds),
    ),
    payments: await n(
      db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('order_id', 'in', orders),
    ),
    refunds: await n(
      db
        .selectFrom('refunds')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('order_id', 'in', orders),
    ),
    tickets: await n(
      db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('order_id', 'in', orders),
    ),
  };
  const seats = await db
    .selectFrom('event_seats')
    .select(['status'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('event_id', 'in', scope.eventIds)
    .groupBy('status')
    .execute();
  for (const s of seats) out[`seats_${s.status}`] = Number(s.n);
  return out;
}

/** Every scenario ends here: invariants 1–4 hold, and the money agrees with the provider's books. */
export async function expectInvariantsHold(deps: Deps, eventIds?: string[]): Promise<void> {
  const scope = eventIds ? { eventIds } : {};
  const report = await verifyInvariants(deps.db, deps.clock.now(), scope);
  const money = await verifyMoney(deps, deps.clock.now(), scope);
  const all = { ...report, ok: report.ok && money.length === 0, breaches: [...report.breaches, ...money] };
  expect(all.ok, formatReport(all)).toBe(true);
}
