import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../client.js';

type Condition = RawBuilder<unknown>;

/**
 * One scan for breaches of an ARCHITECTURE.md invariant (1–4): every row it
 * returns is a breach. `live` is the condition "hold h is live"; `scope(column)`
 * limits the scan to the requested events.
 */
export interface InvariantCheck {
  invariant: 1 | 2 | 3 | 4;
  check: string;
  query: (live: Condition, scope: (column: string) => Condition) => RawBuilder<Record<string, unknown>>;
}

export const invariantChecks: InvariantCheck[] = [
  {
    invariant: 1,
    check: 'seat claimed by more than one live hold',
    query: (live, scope) => sql`select hs.event_id, hs.seat_id, count(*)::int as holds from hold_seats hs join holds h on h.id = hs.hold_id
               where ${live} and ${scope('hs.event_id')} group by hs.event_id, hs.seat_id having count(*) > 1`,
  },
  {
    invariant: 1,
    check: 'live hold whose seat is not held by it or sold to its order',
    query: (live, scope) => sql`select h.id as hold_id, hs.seat_id from hold_seats hs join holds h on h.id = hs.hold_id
               join event_seats es on es.event_id = hs.event_id and es.seat_id = hs.seat_id
               left join orders o on o.id = es.order_id
               where ${live} and ${scope('h.event_id')} and not (
                 (h.status = 'active' and es.status = 'held' and es.hold_id = h.id) or
                 (h.status = 'purchased' and es.status = 'sold' and o.hold_id = h.id))`,
  },
  {
    invariant: 1,
    // A scarce code is inventory too (migration 0029): each use is a redemption not given back.
    check: 'access code uses differ from its redemptions not given back',
    query: (live, scope) => sql`select c.id as access_code_id, c.uses from access_codes c
               where ${scope('c.event_id')} and c.uses <> (select count(*) from access_code_redemptions r
                                                          where r.access_code_id = c.id and r.returned_at is null)`,
  },
  {
    invariant: 1,
    check: 'seat sold without a confirmed order',
    query: (live, scope) => sql`select es.event_id, es.seat_id, es.order_id from event_seats es left join orders o on o.id = es.order_id
               where es.status = 'sold' and ${scope('es.event_id')} and (o.id is null or o.status <> 'confirmed' or o.event_id <> es.event_id)`,
  },
  {
    invariant: 1,
    check: 'seat held by a hold that is not active',
    query: (live, scope) => sql`select es.event_id, es.seat_id, es.hold_id from event_seats es left join holds h on h.id = es.hold_id
               where es.status = 'held' and ${scope('es.event_id')} and (h.id is null or h.status <> 'active')`,
  },
  {
    invariant: 1,
    check: "waiting-list offer whose hold is not the fan's active hold",
    query: (live, scope) => sql`select w.id as entry_id, w.offered_hold_id, h.status from waiting_list_entries w
               left join holds h on h.id = w.offered_hold_id
               where w.status = 'offered' and ${scope('w.event_id')} and (h.id is null or h.status <> 'active' or h.user_id <> w.user_id)`,
  },
  {
    invariant: 2,
    check: 'user with more than one live booking for an event',
    query: (
      live,
      scope,
    ) => sql`select h.event_id, h.user_id, count(*)::int as bookings from holds h where ${live} and ${scope('h.event_id')}
               group by h.event_id, h.user_id having count(*) > 1`,
  },
  {
    invariant: 2,
    check: 'booking over the event per-user limit',
    query: (live, scope) => sql`select h.id as hold_id, count(*)::int as seats, e.per_user_limit from holds h
               join hold_seats hs on hs.hold_id = h.id join events e on e.id = h.event_id
               where ${live} and ${scope('h.event_id')} group by h.id, e.per_user_limit having count(*) > e.per_user_limit`,
  },
  {
    invariant: 3,
    check: 'order confirmed without a captured payment covering it',
    query: (live, scope) => sql`select o.id as order_id from orders o where o.status = 'confirmed' and ${scope('o.event_id')} and coalesce(
                 (select sum(p.amount) from payments p where p.order_id = o.id and p.status = 'captured'), 0)
                 - coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0) < o.total_amount`,
  },
  {
    invariant: 3,
    check: 'captured payment not refunded although its order is not confirmed',
    query: (live, scope) => sql`select p.id as payment_id, p.order_id, o.status from payments p join orders o on o.id = p.order_id
               where p.status = 'captured' and o.status <> 'confirmed' and ${scope('o.event_id')}
                 and p.amount > coalesce((select sum(r.amount) from refunds r where r.payment_id = p.id), 0)`,
  },
  {
    invariant: 3,
    check: 'order total differs from its locked seat prices less its access-code discount',
    query: (live, scope) => sql`select o.id as order_id from orders o join holds h on h.id = o.hold_id
               where ${scope('o.event_id')}
                 and o.total_amount <> coalesce((select sum(hs.price_amount) from hold_seats hs where hs.hold_id = o.hold_id), 0) - h.discount_amount`,
  },
  {
    invariant: 4,
    check: 'sold seats and valid tickets differ',
    query: (live, scope) => sql`select * from (
                 select coalesce(s.event_id, t.event_id) as event_id, s.seat_id as sold_seat, t.seat_id as ticket_seat
                 from (select event_id, seat_id, order_id from event_seats where status = 'sold') s
                 full join (select event_id, seat_id, order_id from tickets where status <> 'void') t
                   on t.event_id = s.event_id and t.seat_id = s.seat_id and t.order_id = s.order_id
                 where s.seat_id is null or t.seat_id is null) x
               where ${scope('x.event_id')}`,
  },
  {
    invariant: 4,
    check: 'confirmed order without its order.confirmed outbox row',
    query: (live, scope) => sql`select o.id as order_id from orders o where o.confirmed_at is not null and ${scope('o.event_id')}
               and not exists (select 1 from outbox x where x.topic = 'order.confirmed' and x.aggregate_id = o.id::text)`,
  },
  {
    invariant: 4,
    check: 'waiting-list offer without its waitlist.offered outbox row',
    query: (
      live,
      scope,
    ) => sql`select w.id as entry_id from waiting_list_entries w where w.offered_at is not null and ${scope('w.event_id')}
               and not exists (select 1 from outbox x where x.topic = 'waitlist.offered' and x.aggregate_id = w.id::text)`,
  },
];

/**
 * The check's offending rows. A hold is live while 'purchased', or 'active' and
 * not yet expired at `now`; `eventIds` narrows the scan (tests running side by
 * side check only their own events).
 */
export function breachQuery(c: InvariantCheck, now: Date, eventIds?: string[]): RawBuilder<Record<string, unknown>> {
  const live = sql`(h.status = 'purchased' or (h.status = 'active' and h.expires_at > ${now}))`;
  const scope = (column: string): Condition => (eventIds ? sql`${sql.ref(column)} = any(${eventIds}::uuid[])` : sql`true`);
  return c.query(live, scope);
}

export async function findBreaches(db: Executor, c: InvariantCheck, now: Date, eventIds?: string[]): Promise<Record<string, unknown>[]> {
  return (await breachQuery(c, now, eventIds).execute(db)).rows;
}
