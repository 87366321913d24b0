import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorStatus, wireErrorCodes } from '../../src/domain/errors.js';
import { createPublishedEvent } from '../factories/catalogue.js';
import { createUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: { properties?: { error?: { properties: { code: unknown } } } } }> }>;
}

/** The wire contract the web app and other clients build on, as the OpenAPI document states it. */
describe('API contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 3 });
    paths = (await t.app.inject('/api/v1/openapi.json')).json().paths;
  });
  afterAll(() => t.close());

  it('lists the closed set of error codes as an enum on every error reply', () => {
    expect(wireErrorCodes).toEqual([...Object.keys(errorStatus), 'BAD_REQUEST', 'INTERNAL_ERROR']);
    const codeSchemas = Object.values(paths)
      .flatMap((ops) => Object.values(ops))
      .flatMap((op) => Object.entries(op.responses).filter(([status]) => Number(status) >= 400))
      .map(([, reply]) => reply.content?.['application/json']?.schema.properties?.error?.properties.code)
      // Replies that are not error objects (readiness reports its checks with 503).
      .filter((code) => code !== undefined);
    expect(codeSchemas.length).toBeGreaterThan(50);
    for (const schema of codeSchemas) expect(schema).toEqual(expect.objectContaining({ type: 'string', enum: wireErrorCodes }));
  });

  it('declares Idempotency-Key required on checkout, and a missing one keeps its own code and message', async () => {
    const params = paths['/api/v1/holds/{id}/checkout']!.post!.parameters ?? [];
    expect(params).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true }));

    const ev = await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 2 });
    const user = await createUser(t.deps);
    const h = (await hold(t.app, user, ev.eventId, { seatIds: [ev.seatIds[0]] })).json().hold;
    const missing = await checkout(t.app, user, h.id, null);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      error: { code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Send an Idempotency-Key header so a retried checkout never charges twice' },
    });
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/v1/holds/${h.id}/checkout`,
      headers: { ...user.auth, 'idempotency-key': '' },
      payload: { payment: { method: 'card', token: 'tok_visa' } },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'headers/idempotency-key' }] } });
    // Nothing was written: the hold is still active and can be paid with a key.
    expect((await checkout(t.app, user, h.id, `key-${h.id}`)).statusCode).toBe(201);
  });

  it('answers framework 4xx without a closer code as BAD_REQUEST, within the enum', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });
});
