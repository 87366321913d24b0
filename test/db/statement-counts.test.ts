import { Kysely, PostgresDialect } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedProvider } from '../../src/adapters/payments/simulated-provider.js';
import { createDeps, type Deps } from '../../src/context.js';
import type { Database } from '../../src/db/schema.js';
import { systemClock } from '../../src/domain/clock.js';
import { fanOutWebhooks } from '../../src/domain/webhooks/fan-out-webhooks.js';
import { sendOrderMail } from '../../src/jobs/handlers/order-mail.handler.js';
import { buildApp, type AppInstance } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { testConfig, testKeyPrefix } from '../support/test-app.js';

/**
 * Round trips to PostgreSQL per step of the booking path (issue 9): every
 * `client.query` the pool's connections send is one, BEGIN and COMMIT
 * included. The simulated payment provider keeps its ledger in the same
 * database; its statements are counted apart (a real provider is an HTTPS
 * call, not ours to save). Every authenticated request also checks its
 * session (one look-up, src/http/plugins/auth.ts), which is the same for
 * every route and counted apart too, except the hold, whose statement checks
 * the session itself, the checkout, whose first statement does, and the
 * waiting-room join, which takes the signature's word. The figures are in docs/performance.md.
 */
const isSessionCheck = (sql: string): boolean => sql.includes('from "sessions" as "s"');

describe('statements per booking step', () => {
  const sent: string[] = [];
  let deps: Deps;
  let app: AppInstance;
  let db: Kysely<Database>;

  beforeAll(async () => {
    const config = testConfig();
    const pool = new pg.Pool({ connectionString: config.databaseUrl!, max: 10 });
    // The file's database is dropped (WITH FORCE) right after the pool ends, while its connections may still be closing:
    // the server's "terminating connection" then reaches an idle client, which a pool without a listener would throw.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        const first = a[0];
        sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''));
        return query(...a);
      };
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    deps = createDeps({ config, db, clock: systemClock, logger: createLogger('silent'), keyPrefix: testKeyPrefix });
    app = await buildApp(deps);
    await app.ready();
    (deps.payments as SimulatedProvider).setWebhookTarget(async (payload, headers) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload, headers });
      return res.statusCode < 300;
    });
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  /** Statements `step` sends (after warming the instance's one-second caches), ours and the simulated provider's. */
  async function count(step: () => Promise<unknown>): Promise<{ ours: number; provider: number; all: number; statements: string[] }> {
    sent.length = 0;
    await step();
    const statements = sent.filter((s) => !isSessionCheck(s));
    const provider = statements.filter((s) => s.includes('sim_payment_intents')).length;
    return { ours: statements.length - provider, provider, all: sent.length, statements };
  }

  const report: Record<string, number> = {};
  afterAll(() => console.log('statements per step:', JSON.stringify(report)));

  async function newHold(user: TestUser, eventId: string, seatIds: string[]) {
    const res = await hold(app, user, eventId, { seatIds });
    expect(res.statusCode).toBe(201);
    return res.json().hold as { id: string };
  }

  it('public reads answer a signed-in fan without looking up the session; signed-in routes still do', async () => {
    const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 10 });
    const fan = await createUser(deps);
    const urls = [
      `/api/v1/events/${ev.eventId}`,
      `/api/v1/events/${ev.eventId}/availability`,
      `/api/v1/events/${ev.eventId}/queue/status`,
      `/api/v1/events/${ev.eventId}/seat-layout`,
      `/api/v1/events/${ev.eventId}/prices/history`,
      '/api/v1/events?q=concert',
    ];
    for (const url of urls) await app.inject({ method: 'GET', url, headers: fan.auth }); // the caches warm up
    sent.length = 0;
    for (const url of urls) expect((await app.inject({ method: 'GET', url, headers: fan.auth })).statusCode, url).toBeLessThan(400);
    expect(sent.filter(isSessionCheck)).toEqual([]);
    // Credentials that are not good do not spoil a public read either.
    const bad = await app.inject({ method: 'GET', url: urls[1]!, headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.statusCode).toBe(200);
    sent.length = 0;
    expect((await app.inject({ method: 'GET', url: '/api/v1/me/holds', headers: fan.auth })).statusCode).toBe(200);
    expect(sent.filter(isSessionCheck)).toHaveLength(1);
  });

  it('a waiting-room join sends no statement: the signature names the account, the place lives in the store', async () => {
    const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 10 });
    const on = await app.inject({
      method: 'PUT',
      url: `/api/v1/admin/events/${ev.eventId}/queue`,
      headers: ev.organizer.auth,
      payload: { enabled: true },
    });
    expect(on.statusCode).toBe(200);
    const [warm, fan] = [await createUser(deps), await createUser(deps)];
    const join = (user: TestUser) =>
      app.inject({ method: 'POST', url: `/api/v1/events/${ev.eventId}/queue`, headers: user.auth, payload: {} });
    // The instance's copies of the event and of its queue state, as after any earlier join.
    for (let i = 0; i < 2; i++) expect((await join(warm)).statusCode).toBe(200);
    const joined = await count(async () => expect((await join(fan)).statusCode).toBe(200));
    report.queueJoin = joined.all;
    expect(joined.all, joined.statements.join('\n---\n')).toBe(0);
  });

  it('a hold is one statement, session check included, best available or specific seats', async () => {
    const ev = await createPublishedEvent(deps, { seatedRows: 2, seatsPerRow: 10 });
    const [warm, a, b] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    await newHold(warm, ev.eventId, [ev.seatIds[0]!]);
    const best = await count(async () => {
      const res = await hold(app, a, ev.eventId, { sectionId: ev.seatedSectionId, quantity: 2 });
      expect(res.statusCode).toBe(201);
    });
    const specific = await count(() => newHold(b, ev.eventId, [ev.seatIds[10]!, ev.seatIds[11]!]));
    report.holdBestAvailable = best.ours;
    report.holdSpecific = specific.ours;
    expect(best.all, best.statements.join('\n---\n')).toBe(1);
    expect(specific.all, specific.statements.join('\n---\n')).toBe(1);
  });

  it('a burst of holds on an instance that has no copy of the event reads its facts and queue state once', async () => {
    const ev = await createPublishedEvent(deps, { seatedRows: 2, seatsPerRow: 20 });
    const fans = await Promise.all(Array.from({ length: 20 }, () => createUser(deps)));
    const burst = await count(async () => {
      const replies = await Promise.all(fans.map((f, i) => hold(app, f, ev.eventId, { seatIds: [ev.seatIds[i]!] })));
      expect(replies.map((r) => r.statusCode)).toEqual(fans.map(() => 201));
    });
    const facts = burst.statements.filter((s) => s.includes('from "events" as "e"'));
    const states = burst.statements.filter((s) => s.includes('from "queue_states"'));
    report.burstEventFacts = facts.length;
    expect(facts, burst.statements.join('\n---\n')).toHaveLength(1);
    expect(states.length).toBeLessThanOrEqual(1);
  });

  it('GET /me/holds is one statement for many holds', async () => {
    const user = await createUser(deps);
    for (let i = 0; i < 5; i++) {
      const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 4 });
      await newHold(user, ev.eventId, [ev.seatIds[0]!, ev.seatIds[1]!]);
    }
    const listed = await count(async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/me/holds', headers: user.auth });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(5);
    });
    report.myHolds5 = listed.ours;
    expect(listed.ours, listed.statements.join('\n---\n')).toBe(1);
  });

  it('a checkout: start (session check included), settlement of the authorisation, confirmation and the reply', async () => {
    const ev = await createPublishedEvent(deps, { seatedRows: 1, seatsPerRow: 6 });
    const user = await createUser(deps);
    const h = await newHold(user, ev.eventId, [ev.seatIds[0]!, ev.seatIds[1]!]);
    let orderId = '';
    const paid = await count(async () => {
      const res = await checkout(app, user, h.id, 'count-key-1');
      expect(res.statusCode).toBe(201);
      expect(res.json().order.status).toBe('confirmed');
      orderId = res.json().order.id as string;
      // Serials now come from new_ticket_serial() in SQL: the same 16 characters in groups of four.
      for (const t of res.json().order.tickets) expect(t.serial).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
    });
    const replay = await count(async () => {
      const res = await checkout(app, user, h.id, 'count-key-1');
      expect(res.statusCode).toBe(201);
    });
    report.checkout = paid.ours;
    report.checkoutProvider = paid.provider;
    report.checkoutReplay = replay.ours;
    // start_checkout (with the session check), settle_attempt (authorised), confirm_order (captured), the reply's view.
    expect(paid.ours, paid.statements.join('\n---\n')).toBe(4);
    expect(paid.all - paid.provider, paid.statements.join('\n---\n')).toBe(4);
    expect(paid.statements.filter((s) => /start_checkout|settle_attempt|confirm_order/.test(s))).toHaveLength(3);
    // The key's order found, and its view.
    expect(replay.all - replay.provider, replay.statements.join('\n---\n')).toBe(2);

    // The worker's webhook fan-out of the confirmation: the order's facts and its organizer's subscribers in one read.
    const fanned = await count(() =>
      fanOutWebhooks(deps, { outboxId: randomUUID(), topic: 'order.confirmed', aggregateId: orderId, payload: {} }),
    );
    report.webhookFanOutUnsubscribed = fanned.all;
    expect(fanned.all, fanned.statements.join('\n---\n')).toBe(1);

    // The confirmation mail reads the order's view once: the receipt it attaches is drawn from the same view.
    const mailed = await count(() => sendOrderMail(deps, orderId, 'confirmed'));
    report.confirmationMail = mailed.all;
    expect(
      mailed.statements.filter((s) => s.includes(' as captured,')),
      mailed.statements.join('\n---\n'),
    ).toHaveLength(1);
    expect(
      mailed.statements.some((s) => s.includes('issue_receipt')),
      'the mail numbers the receipt',
    ).toBe(true);
    // The PDF's two codes: one read of the order's tickets and the event's key read for the order, not per ticket (this
    // event's first code also makes its key: read, insert, read back).
    const all = mailed.statements.join('\n---\n');
    expect(
      mailed.statements.filter((s) => /from "tickets"/.test(s)),
      all,
    ).toHaveLength(1);
    expect(
      mailed.statements.filter((s) => /^select .* from "event_ticket_keys"/.test(s)),
      all,
    ).toHaveLength(2);
  });
});
