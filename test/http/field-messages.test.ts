import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVenueWith } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Validation errors speak to people: a sentence per field, machine codes kept, no schema jargon. */
describe('field-level validation messages', () => {
  let t: TestApp;
  let organizer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    organizer = await createUser(t.deps, ['organizer']);
  });
  afterAll(() => t.close());

  const jargon =
    /must NOT|must match format|must be equal to constant|Invalid (body|querystring|params)|instancePath|body\/|querystring\/|params\//;

  it('an empty tier sections list names the field in words and keeps its path and code', async () => {
    const venue = await createVenueWith(t.deps, organizer, {
      sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 2 }] }],
    });
    const post = (category: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/events',
        headers: organizer.auth,
        payload: {
          title: 'Gala',
          description: '',
          category,
          venueId: venue.id,
          startsAt: new Date(Date.now() + 86_400_000 * 9).toISOString(),
          performers: ['A'],
          priceTiers: [{ name: 'Stalls', price: { amount: 100, currency: 'EUR' }, sectionIds: [] }],
        },
      });
    const res = await post('concert');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Price tier 1: sections needs at least 1 entry.',
      details: { fields: [{ field: 'body/priceTiers/0/sectionIds', code: 'minItems', message: 'needs at least 1 entry' }] },
    });
    const { error } = (await post('gala')).json();
    expect(error.message).not.toMatch(jargon);
    expect(error.details.fields).toEqual([
      { field: 'body/category', code: 'enum', message: expect.stringMatching(/^must be one of: concert, theatre, .*conference$/) },
    ]);
    // Each allowed value once, not one "must be equal to constant" per member.
    const category = error.details.fields.find((f: { field: string }) => f.field === 'body/category');
    expect(category.message.match(/concert/g)).toHaveLength(1);
    expect(error.details.fields.filter((f: { field: string }) => f.field === 'body/category')).toHaveLength(1);
  });

  it('a malformed id and a backwards date range read as sentences', async () => {
    const id = await t.app.inject({ method: 'GET', url: '/api/v1/events/not-a-uuid' });
    expect(id.statusCode).toBe(400);
    expect(id.json().error.message).toBe('Id is not a valid id.');
    expect(id.json().error.details.fields).toEqual([{ field: 'params/id', code: 'format', message: 'is not a valid id' }]);

    const range = await t.app.inject({ method: 'GET', url: '/api/v1/events?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z' });
    expect(range.statusCode).toBe(400);
    expect(range.json().error.message).toBe('To must not be before from.');
    expect(range.json().error.details.fields).toEqual([{ field: 'querystring/to', code: 'invalid', message: 'must not be before from' }]);
  });

  it('a missing field and an unknown one', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.test', pasword: 'x' } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.message).not.toMatch(jargon);
    expect(error.details.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'body/password', code: 'required', message: 'is required' })]),
    );
  });
});
