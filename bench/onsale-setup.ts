import { sql } from 'kysely';
import type { Deps } from '../src/context.js';
import type { PaymentProvider } from '../src/adapters/payments/payment-provider.js';
import { createEvent } from '../src/domain/catalogue/create-event.js';
import { createVenue } from '../src/domain/catalogue/create-venue.js';
import { publishEvent } from '../src/domain/catalogue/publish-event.js';
import { setQueuePolicy } from '../src/domain/queue/set-queue-policy.js';
import { boundedFor } from './onsale-http.js';

export interface StadiumOptions {
  sections: number;
  rows: number;
  seatsPerRow: number;
  perUserLimit: number;
  /** The sale opens this far ahead; the bench opens it earlier by moving sale_starts_at. */
  opensInMs: number;
  queue: { maxAdmitPerTick: number; admitWindowSeconds: number };
}

export interface Stadium {
  eventId: string;
  sectionIds: string[];
  organizerId: string;
}

/** A stadium event with its waiting room on, created by the real use cases. */
export async function createStadium(deps: Deps, o: StadiumOptions): Promise<Stadium> {
  const organizer = await deps.db
    .insertInto('users')
    .values({ email_hash: null, email_cipher: null, name_cipher: null, password_hash: null, roles: ['organizer'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor = { userId: organizer.id, roles: ['organizer' as const] };
  const rowLabels = Array.from({ length: o.rows }, (_, i) => `R${i + 1}`);
  const venue = await createVenue(deps, actor, {
    name: `On-sale Stadium ${Date.now()}`,
    city: 'Benchville',
    address: '1 Stadium Way',
    timezone: 'UTC',
    sections: Array.from({ length: o.sections }, (_, s) => ({
      name: `Block ${s + 1}`,
      kind: 'seated' as const,
      rows: rowLabels.map((label) => ({ label, seats: o.seatsPerRow })),
    })),
  });
  const now = deps.clock.now().getTime();
  const event = await createEvent(deps, actor, {
    title: `On-sale bench ${new Date(now).toISOString()}`,
    description: 'Flash-sale benchmark',
    category: 'concert',
    venueId: venue.id,
    startsAt: new Date(now + 60 * 86_400_000).toISOString(),
    saleStartsAt: new Date(now + o.opensInMs).toISOString(),
    performers: ['The Flash Crowd'],
    priceTiers: [{ name: 'All', price: { amount: 7500, currency: 'EUR' }, sectionIds: venue.sections.map((s) => s.id) }],
    perUserLimit: o.perUserLimit,
    holdSeconds: 300,
  });
  await publishEvent(deps, actor, event.id);
  await setQueuePolicy(deps, actor, event.id, { enabled: true, ...o.queue });
  await sql`analyze event_seats`.execute(deps.db);
  return { eventId: event.id, sectionIds: venue.sections.map((s) => s.id), organizerId: organizer.id };
}

/** The operator opens the sale now (the bench does not wait for the scheduled minute). */
export async function openSaleNow(deps: Deps, eventId: string): Promise<Date> {
  const now = deps.clock.now();
  await deps.db.updateTable('events').set({ sale_starts_at: now }).where('id', '=', eventId).execute();
  return now;
}

/**
 * Fans are rows written set-based (no password hashing) with tokens signed in-process. Each has an address, sealed
 * under a data key of its own as registration seals it: an account without one is sent no mail, and the sale's
 * confirmation mails (HTML, ticket PDF, .ics, receipt PDF) are part of what it costs.
 */
export async function createFans(deps: Deps, n: number): Promise<{ ids: string[]; tokens: string[] }> {
  const { rows } = await sql<{
    id: string;
  }>`insert into users (roles) select '{customer}' from generate_series(1, ${n}) returning id`.execute(deps.db);
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 2000) {
    const slice = ids.slice(i, i + 2000);
    // Named by the account, not its number in this run: a second run on the same database must not collide.
    const emails = slice.map((id) => `fan-${id}@onsale.example`);
    const ciphers: string[] = [];
    // pii.seal writes each fan's data key: bounded, so the setup does not take every connection at once.
    await boundedFor(0, slice.length, 16, async (k) => {
      ciphers[k] = await deps.pii.seal(slice[k]!, emails[k]!);
    });
    await sql`
      update users u set email_cipher = t.cipher, email_hash = t.hash
        from unnest(${slice}::uuid[], ${ciphers}::text[], ${emails.map((e) => deps.pii.blindIndex(e))}::bytea[]) as t(id, cipher, hash)
       where u.id = t.id`.execute(deps.db);
  }
  return { ids, tokens: await bulkSessionTokens(deps, ids) };
}

/** A live session per account, written set-based, and a signed token naming each. */
export async function bulkSessionTokens(deps: Deps, userIds: string[]): Promise<string[]> {
  const expiresAt = new Date(deps.clock.now().getTime() + deps.config.tokenTtlSeconds * 1000);
  const tokens: string[] = [];
  for (let i = 0; i < userIds.length; i += 2000) {
    const slice = userIds.slice(i, i + 2000);
    const { rows } = await sql<{ id: string; user_id: string }>`
      insert into sessions (user_id, expires_at)
      select u, ${expiresAt} from unnest(${slice}::uuid[]) with ordinality as t(u, n) order by n
      returning id, user_id`.execute(deps.db);
    const byUser = new Map(rows.map((r) => [r.user_id, r.id]));
    tokens.push(...(await Promise.all(slice.map((userId) => deps.tokens.issue({ userId, sessionId: byUser.get(userId)!, expiresAt })))));
  }
  return tokens;
}

/** A payment provider answering after a PSP-like round trip (uniform in [min, max] ms). */
export function withPaymentDelay<P extends PaymentProvider>(provider: P, minMs: number, maxMs: number): P {
  const wait = (): Promise<void> => new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
  return new Proxy(provider, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if ((prop === 'authorize' || prop === 'capture') && typeof value === 'function') {
        return async (...args: unknown[]) => {
          await wait();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface SaleAudit {
  seatsTotal: number;
  seatsSold: number;
  seatsHeld: number;
  seatsLeft: number;
  ordersConfirmed: number;
  /** Orders with more than one captured payment. */
  doubleCharges: number;
  /** Seats with more than one valid ticket. */
  doubleBookings: number;
  /** Confirmed orders whose receipt was issued: the confirmation mail numbers it when it renders (a fan has no other way here). */
  mailsRendered: number;
}

export async function auditSale(deps: Deps, eventId: string): Promise<SaleAudit> {
  const seats = await sql<{ total: string; sold: string; held: string }>`
    select count(*) as total, count(*) filter (where status = 'sold') as sold, count(*) filter (where status = 'held') as held
      from event_seats where event_id = ${eventId}`.execute(deps.db);
  const orders = await sql<{ n: string }>`select count(*) as n from orders where event_id = ${eventId} and status = 'confirmed'`.execute(
    deps.db,
  );
  const charges = await sql<{ n: string }>`
    select count(*) as n from (select p.order_id from payments p join orders o on o.id = p.order_id
     where o.event_id = ${eventId} and p.status = 'captured' group by p.order_id having count(*) > 1) x`.execute(deps.db);
  const doubles = await sql<{ n: string }>`
    select count(*) as n from (select seat_id from tickets where event_id = ${eventId} and status <> 'void' group by seat_id having count(*) > 1) x`.execute(
    deps.db,
  );
  const mails = await sql<{ n: string }>`
    select count(*) as n from receipts r join orders o on o.id = r.order_id
     where o.event_id = ${eventId} and o.status = 'confirmed' and r.kind = 'receipt'`.execute(deps.db);
  const s = seats.rows[0]!;
  return {
    seatsTotal: Number(s.total),
    seatsSold: Number(s.sold),
    seatsHeld: Number(s.held),
    seatsLeft: Number(s.total) - Number(s.sold),
    ordersConfirmed: Number(orders.rows[0]!.n),
    doubleCharges: Number(charges.rows[0]!.n),
    doubleBookings: Number(doubles.rows[0]!.n),
    mailsRendered: Number(mails.rows[0]!.n),
  };
}
