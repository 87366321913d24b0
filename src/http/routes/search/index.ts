import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { searchEvents } from '../../../domain/search/search-events.js';
import { errorReplies } from '../../schemas/common.js';
import { SearchQuery, SearchReply } from './search.schemas.js';

export async function searchRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/events',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Search published, upcoming events',
        description: 'Full text (typo-tolerant, accent-insensitive, prefix on the last word) with filters and keyset pagination.',
        querystring: SearchQuery,
        response: { 200: SearchReply, 400: errorReplies[400] },
      },
    },
    async (request) => searchEvents(deps, request.query),
  );
}
