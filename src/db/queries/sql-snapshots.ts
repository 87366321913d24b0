import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type RawBuilder } from 'kysely';
import type { SearchPlan } from '../../domain/search/search.types.js';
import type { Database } from '../schema.js';
import { admitTicketStatement } from '../repositories/checkin.repository.js';
import { confirmOrderStatement, settleAttemptStatement, startCheckoutStatement } from '../repositories/checkout.repository.js';
import { liveHoldsStatement } from '../repositories/my-holds.repository.js';
import { orderViewRowsStatement } from '../repositories/order-views.repository.js';
import { holdStatements } from '../repositories/holds.repository.js';
import { placeHoldStatement } from '../repositories/place-hold.repository.js';
import { breachQuery, invariantChecks } from '../repositories/invariants.repository.js';
import {
  eventSearchQuery,
  eventWordsQuery,
  matchEstimateQuery,
  statisticsQuery,
  wordLookupQuery,
} from '../repositories/search.repository.js';

/**
 * The hand-tuned statements, compiled with representative parameters and
 * checked in beside their repositories (src/db/queries/<repository>.sql), so
 * a change to their SQL shows in review. `npm run sql:snapshots` rewrites the
 * files; test/sql-snapshots.test.ts fails while they are stale.
 */
const eventId = '00000000-0000-4000-8000-000000000001';
const sectionId = '00000000-0000-4000-8000-000000000002';
const userId = '00000000-0000-4000-8000-000000000003';
const now = new Date('2026-06-01T18:00:00.000Z');

const plan = (p: Partial<SearchPlan>): SearchPlan => ({
  now,
  tsquery: null,
  city: null,
  category: null,
  from: null,
  to: null,
  fromDate: null,
  toDate: null,
  currency: null,
  minPrice: null,
  maxPrice: null,
  available: false,
  sort: 'date',
  limit: 20,
  after: null,
  strategy: 'all',
  walkBudget: 0,
  ...p,
});
const text = "(beatles:* | beetles:*) & 'london'";
const after = { id: eventId };

const start = {
  holdId: eventId,
  userId,
  idempotencyKey: 'key-1',
  newOrderId: sectionId,
  newAttemptKey: `order-${sectionId}-authorize`,
  provider: 'simulated',
  now,
  holdUntil: new Date(now.getTime() + 180_000),
  maxExtensionMs: 600_000,
};

const statements: Record<string, [name: string, query: RawBuilder<unknown>][]> = {
  'holds.repository': [
    [
      'placeHold (specific seats)',
      placeHoldStatement({ eventId, userId, seatIds: ['11', '12'], sectionId: null, quantity: 0, now, skipLocked: true }),
    ],
    ['placeHold (best available)', placeHoldStatement({ eventId, userId, seatIds: null, sectionId, quantity: 2, now, skipLocked: true })],
    [
      'placeHold (best available, the session checked in the statement: the API)',
      placeHoldStatement({ eventId, userId, seatIds: null, sectionId, quantity: 2, now, skipLocked: true, sessionId: sectionId }),
    ],
    ['expireDueHolds', holdStatements.expireDueHolds({ now, limit: 500 })],
    ['expireDueHolds (some events)', holdStatements.expireDueHolds({ now, limit: 500, eventIds: [eventId] })],
  ],
  'search.repository': [
    ['wordLookupQuery', wordLookupQuery(['beatels', 'londn'])],
    ['eventWordsQuery', eventWordsQuery(eventId)],
    ['statisticsQuery', statisticsQuery()],
    ['matchEstimateQuery', matchEstimateQuery(plan({ tsquery: text, city: 'London', maxPrice: 5000 }))],
    ['eventSearchQuery (relevance, all matches)', eventSearchQuery(plan({ tsquery: text, sort: 'relevance' }))],
    [
      'eventSearchQuery (relevance, walk, next page)',
      eventSearchQuery(
        plan({ tsquery: text, sort: 'relevance', strategy: 'walk', walkBudget: 3000, after: { sort: 'relevance', rank: '0.1', ...after } }),
      ),
    ],
    [
      'eventSearchQuery (date, text, filters)',
      eventSearchQuery(plan({ tsquery: text, category: 'concert', minPrice: 1000, available: true })),
    ],
    [
      'eventSearchQuery (date listing, city, walk, next page)',
      eventSearchQuery(
        plan({
          city: 'London',
          from: now,
          strategy: 'walk',
          walkBudget: 4000,
          after: { sort: 'date', startsUs: '1780336800000000', ...after },
        }),
      ),
    ],
    [
      'eventSearchQuery (venue-local days)',
      eventSearchQuery(
        plan({
          from: new Date('2027-01-14T10:00:00.000Z'),
          to: new Date('2027-01-16T12:00:00.000Z'),
          fromDate: '2027-01-15',
          toDate: '2027-01-15',
          strategy: 'walk',
          walkBudget: 4000,
        }),
      ),
    ],
    [
      'eventSearchQuery (popularity, walk, next page)',
      eventSearchQuery(
        plan({ sort: 'popularity', strategy: 'walk', walkBudget: 4000, after: { sort: 'popularity', popularity: 12, ...after } }),
      ),
    ],
  ],
  'checkout.repository': [
    ['startCheckout', startCheckoutStatement(start)],
    ['startCheckout (the session checked in the statement: the API)', startCheckoutStatement({ ...start, sessionId: sectionId })],
    [
      'settleAttempt (authorised)',
      settleAttemptStatement({
        attemptId: eventId,
        from: 'created',
        to: 'authorized',
        intentId: 'pi_1',
        declineCode: null,
        failureReason: null,
        source: 'checkout',
        awaiting: false,
        now,
        holdUntil: new Date(now.getTime() + 180_000),
        maxExtensionMs: 600_000,
      }),
    ],
    [
      'confirmOrder',
      confirmOrderStatement({
        orderId: eventId,
        attemptId: sectionId,
        intentId: 'pi_1',
        now,
        capturable: ['created', 'processing', 'authorized', 'failed'],
      }),
    ],
    ['liveHoldsOfUser (GET /me/holds)', liveHoldsStatement(userId, now)],
    ['orderViewRows', orderViewRowsStatement([eventId])],
  ],
  'checkin.repository': [
    ['admitTicket', admitTicketStatement({ ticketId: eventId, eventId, version: 1, at: now, gate: 'North', scannerId: userId })],
  ],
  'invariants.repository': invariantChecks.map((c) => [`invariant ${c.invariant}: ${c.check}`, breachQuery(c, now, [eventId])]),
};

const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Template literals keep the source's indentation: strip the common part and blank edges. */
function dedent(sqlText: string): string {
  const lines = sqlText.split('\n').map((l) => l.trimEnd());
  while (lines[0] === '') lines.shift();
  while (lines.at(-1) === '') lines.pop();
  const indent = Math.min(
    ...lines
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.length - l.trimStart().length),
    Infinity,
  );
  return [lines[0]!.trimStart(), ...lines.slice(1).map((l) => l.slice(Number.isFinite(indent) ? indent : 0))].join('\n');
}

const parameter = (v: unknown): string => (v instanceof Date ? `'${v.toISOString()}'` : JSON.stringify(v));

/** File name (under src/db/queries) → its text. */
export function renderSqlSnapshots(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [repository, list] of Object.entries(statements)) {
    const parts = list.map(([name, query]) => {
      const compiled = query.compile(compiler);
      const params = compiled.parameters.map((p, i) => `-- $${i + 1} = ${parameter(p)}`);
      return [`-- ${name}`, ...params, `${dedent(compiled.sql)};`].join('\n');
    });
    files[`${repository}.sql`] =
      `-- Generated by \`npm run sql:snapshots\` from src/db/repositories/${repository}.ts; do not edit.\n\n${parts.join('\n\n')}\n`;
  }
  return files;
}
