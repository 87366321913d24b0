import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { searchRepresentation } from '../../cache/catalogue-reads.js';
import { cacheControl, sendRepresentation, serializerFor } from '../../cache/representation.js';
import { errorReplies } from '../../schemas/common.js';
import { NotModified, IfNoneMatchHeaders } from '../catalogue/catalogue.schemas.js';
import { SearchQuery, SearchReply } from './search.schemas.js';

export async function searchRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/events',
    {
      config: { anonymous: true },
      schema: {
        tags: ['catalogue'],
        summary: 'Search published, upcoming events',
        description:
          'Full text (typo-tolerant, accent-insensitive, prefix on the last word) with filters and keyset pagination. ' +
          'Cacheable for a few seconds (CDN: stale-while-revalidate); ETag/If-None-Match supported.',
        querystring: SearchQuery,
        headers: IfNoneMatchHeaders,
        response: { 200: SearchReply, 304: NotModified, 400: errorReplies[400] },
      },
    },
    async (request, reply) => {
      const rep = await searchRepresentation(deps, request.query, serializerFor(reply));
      return sendRepresentation(request, reply, rep, cacheControl.listing);
    },
  );
}
