import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Hostile input from the API's own description: every operation of the
 * OpenAPI document is sent wrong types, huge strings and arrays, NUL bytes,
 * lone surrogates, deep nesting, absurd numbers, missing and extra fields,
 * malformed JSON and wrong content types. Nothing may answer 5xx, and a
 * rejected request may write nothing. FUZZ_RUNS raises the count.
 */

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Target {
  method: string;
  path: string;
  op: Operation;
}

const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 40);

/** Values no well-behaved client sends. */
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFFx',
    '😀\uD83D',
    '%00',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '{{7*7}}',
    'null',
    'NaN',
    '-0',
    '1e309',
    '0x10',
    ' ',
    '\t\n',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(-1, 0, -2147483649, 2 ** 53 + 1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(100_000)),
  fc.constant(Array.from({ length: 5_000 }, (_, i) => i)),
  fc.constant(JSON.parse('['.repeat(60) + ']'.repeat(60)) as unknown),
  fc.constant({ ['\u0000']: 1, __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 4 }) },
);

/** Bodies shaped like the schema (so requests reach deep), with fields dropped, added or replaced by hostile values. */
function bodyLike(schema: Schema | undefined, plausible: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const variants = (schema?.anyOf ?? schema?.oneOf ?? [schema ?? {}]).filter((s) => s.properties);
  if (variants.length === 0) return hostileValue;
  return fc.constantFrom(...variants).chain((s) => {
    const fields = Object.entries(s.properties ?? {}).map(([name, prop]) => [name, valueFor(prop, plausible)] as const);
    return fc.record(Object.fromEntries(fields), { requiredKeys: [] }).chain((record) =>
      fc.oneof(
        fc.constant(record),
        fc.record({ extra: hostileValue }).map((extra) => ({ ...record, ...extra })),
        hostileValue,
      ),
    );
  });
}

function valueFor(schema: Schema, plausible: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const good: fc.Arbitrary<unknown>[] = [];
  if (schema.enum && schema.enum.length > 0) good.push(fc.constantFrom(...schema.enum));
  if (schema.format === 'uuid') good.push(plausible);
  if (schema.type === 'integer' || schema.type === 'number') good.push(fc.integer({ min: -5, max: 5000 }));
  if (schema.type === 'string') good.push(fc.string({ maxLength: 20 }));
  if (schema.type === 'object' && schema.properties) good.push(bodyLike(schema, plausible));
  if (schema.type === 'array' && schema.items) good.push(fc.array(valueFor(schema.items, plausible), { maxLength: 3 }));
  return good.length > 0 ? fc.oneof(fc.oneof(...good), hostileValue) : hostileValue;
}

const stringOf = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Percent-encodes, sending a lone surrogate as the invalid UTF-8 it would be (encodeURIComponent throws on it). */
function encodePart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

/** Raw bodies a parser must refuse. */
const malformed = fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"a":1}}', 'undefined', "{'a':1}", '\uFEFF{}', '{"a":"\\ud800"}', ',');
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
);

describe('fuzzing every route from the OpenAPI document', () => {
  let t: TestApp;
  let base: string;
  let targets: Target[];
  let ev: PublishedEvent;
  let buyer: TestUser;
  let ids: string[];
  let fingerprintSql: string;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const doc = (await t.app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    targets = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method !== 'head')
        // Streams never end and answer the same bytes whatever the input; /metrics takes none.
        .filter(([, op]) => !path.endsWith('/stream') && path !== '/metrics' && op !== undefined)
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    ev = await createPublishedEvent(t.deps, { seatedRows: 2, seatsPerRow: 10, gaCapacity: 50 });
    buyer = await createUser(t.deps);
    const h = (await hold(t.app, buyer, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const order = (await checkout(t.app, buyer, h.id, `fuzz-${h.id}`)).json().order;
    // Real ids make many requests get past "not found" into the use cases.
    ids = [ev.eventId, ev.venueId, ev.seatedSectionId, ev.seatIds[1]!, ev.tierIds[0]!, order.id, h.id, buyer.id];
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'schema_migrations%'
      order by 1`.execute(t.deps.db);
    // Row count and newest row version per table: an insert, update or delete changes one of them.
    fingerprintSql = tables.rows
      .map((r) => `select '${r.name}' as t, count(*)::text as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${r.name}"`)
      .join(' union all ');
  });
  afterAll(() => t.close());

  const fingerprint = async () => JSON.stringify((await sql.raw(fingerprintSql).execute(t.deps.db)).rows);

  it('answers what the router and the HTTP parser refuse in the same error body (each found by this fuzzer)', async () => {
    const cases: [string, number][] = [
      [`/api/v1/events/${'x'.repeat(200)}`, 414], // a path parameter over the router's length limit (or no route: 404)
      [`/api/v1/events?q=${'x'.repeat(20_000)}`, 431], // headers over Node's limit: refused by the parser
      ['/api/v1/events?18=x', 400], // a numeric query key made the field label throw (a 500)
    ];
    for (const [url, status] of cases) {
      const res = await fetch(`${base}${url}`);
      expect(status === 414 ? [404, 414] : [status], url.slice(0, 40)).toContain(res.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^(BAD_REQUEST|VALIDATION_FAILED|NOT_FOUND)$/);
      // Never the whole hostile URL echoed back.
      expect(body.error.message.length).toBeLessThan(200);
    }
  });

  it('answers every hostile request below 500 and writes nothing when it refuses one', async () => {
    const plausibleId = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'));
    const failures: string[] = [];
    let sent = 0;
    for (const target of targets) {
      const jsonSchema = target.op.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        path: fc.tuple(...(target.op.parameters ?? []).filter((p) => p.in === 'path').map(() => fc.oneof(plausibleId, hostileValue))),
        query: fc.dictionary(
          fc.oneof(fc.constantFrom(...(target.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), 'x'), fc.string()),
          fc.oneof(plausibleId, hostileValue),
          { maxKeys: 4 },
        ),
        body: fc.oneof(
          {
            weight: 5,
            arbitrary: bodyLike(jsonSchema, plausibleId).map((b) => ({ raw: JSON.stringify(b) ?? 'null', type: 'application/json' })),
          },
          { weight: 1, arbitrary: fc.record({ raw: malformed, type: fc.constant('application/json') }) },
          { weight: 1, arbitrary: fc.record({ raw: fc.string({ maxLength: 50 }), type: contentTypes }) },
        ),
        as: fc.constantFrom('admin', 'organizer', 'buyer', 'anonymous'),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let pathIndex = 0;
          const path = target.path.replace(/\{[^}]+\}/g, () => encodePart(stringOf(r.path[pathIndex++]).slice(0, 4000)));
          const query = new URLSearchParams(Object.entries(r.query).map(([k, v]) => [k, stringOf(v).slice(0, 4000)]));
          // A fresh caller each time: an accepted sign-out or erasure must not decide what the next request can reach.
          const headers: Record<string, string> = {};
          if (r.as === 'admin') Object.assign(headers, (await createUser(t.deps, ['admin'])).auth);
          if (r.as === 'organizer') Object.assign(headers, ev.organizer.auth);
          if (r.as === 'buyer') Object.assign(headers, buyer.auth);
          if (target.method !== 'GET' && target.method !== 'DELETE') headers['content-type'] = r.body.type;
          if (target.path.endsWith('/checkout')) headers['idempotency-key'] = `fuzz-${sent}`;
          const before = await fingerprint();
          const res = await fetch(`${base}${path}${query.size > 0 ? `?${query}` : ''}`, {
            method: target.method,
            headers,
            body: target.method === 'GET' ? undefined : r.body.raw,
            redirect: 'manual',
          });
          const text = await res.text();
          sent++;
          const where = `${target.method} ${path}?${query} [${r.as}, ${r.body.type}: ${r.body.raw.slice(0, 120)}] → ${res.status} ${text.slice(0, 300)}`;
          if (res.status >= 500) failures.push(where);
          else if (res.status >= 400) {
            if (text && res.headers.get('content-type')?.includes('json')) {
              const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
              if (!body.error?.code || /\bat .+\.(ts|js):\d+/.test(text)) failures.push(`bad error body: ${where}`);
            }
            if ((await fingerprint()) !== before) failures.push(`wrote while refusing: ${where}`);
          }
        }),
        { numRuns: runsPerOperation, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
      );
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(targets.length * runsPerOperation);
  }, 600_000);
});
