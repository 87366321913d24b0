import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../../db/pg-errors.js';
import { checkReadiness } from '../../../domain/readiness.js';
import { ErrorResponse } from '../../schemas/common.js';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) });

export async function healthRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  // Liveness touches nothing outside the process: a database outage must not get every instance restarted.
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Process is up', response: { 200: Health } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Database reachable and migrated to what this build knows; Redis reachable (when configured)',
        // A 503 may also come from before the handler (a signed-in caller's session look-up with the database away).
        response: { 200: Ready, 503: Type.Union([Ready, ErrorResponse]) },
      },
    },
    async (_request, reply) => {
      const ready = await checkReadiness(deps);
      if (ready.status !== 'unavailable') return reply.status(200).send(ready);
      // Like every other 503: a client (or a probe that honours it) knows when to look again.
      return reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send(ready);
    },
  );
}
