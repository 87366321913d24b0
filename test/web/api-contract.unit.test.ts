import { Type } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { categories } from '../../src/domain/catalogue/catalogue.types.js';
import { searchSorts } from '../../src/domain/search/search.types.js';
import { CreateEventBody } from '../../src/http/routes/admin/admin.schemas.js';
import { SearchQuery as SearchQuerySchema } from '../../src/http/routes/search/search.schemas.js';
import { literalUnion } from '../../src/http/schemas/literal-union.js';
import type { ApiErrorCode } from '../../web/src/api/client.js';
import type { Category, CreateEventBody as CreateEventBodyType, ErrorCode, Order, Role, SearchQuery } from '../../web/src/api/types.js';

/**
 * The web app's API types are the server's schemas (web/src/api/types.ts). The
 * type assertions here are checked by `npm run check` (tsc covers test/); they
 * fail if a closed set on the wire widens to `string` or collapses to `never`.
 */
describe('one API contract for server and web', () => {
  it('types the closed sets of the wire exactly', () => {
    expectTypeOf<SearchQuery['sort']>().toEqualTypeOf<'relevance' | 'date' | 'popularity' | undefined>();
    expectTypeOf<SearchQuery['category']>().toEqualTypeOf<Category | undefined>();
    expectTypeOf<CreateEventBodyType['category']>().toEqualTypeOf<Category>();
    expectTypeOf<Order['status']>().toEqualTypeOf<'pending_payment' | 'confirmed' | 'failed' | 'cancelled'>();
    expectTypeOf<Role>().toEqualTypeOf<'customer' | 'organizer' | 'admin' | 'scanner'>();
    // The error reply's code: a closed union once the schema lists the codes, never an empty one.
    expectTypeOf<ErrorCode>().not.toBeNever();
    expectTypeOf<'PAYMENT_DECLINED' | 'HOLD_EXPIRED' | 'SEATS_UNAVAILABLE'>().toExtend<ErrorCode>();
    expectTypeOf<'NETWORK' | 'HTTP_ERROR'>().toExtend<ApiErrorCode>();
  });

  it('describes a list of literals on the wire exactly as Type.Union of Type.Literal did', () => {
    const listed = <T extends readonly string[]>(values: T) => JSON.parse(JSON.stringify(Type.Union(values.map((v) => Type.Literal(v)))));
    expect(JSON.parse(JSON.stringify(literalUnion(categories)))).toEqual(listed(categories));
    expect(JSON.parse(JSON.stringify(SearchQuerySchema.properties.sort))).toEqual({
      ...listed(searchSorts),
      description: 'Default: relevance with q, else date',
    });
    expect(JSON.parse(JSON.stringify(CreateEventBody.properties.category))).toEqual(listed(categories));
  });
});
