import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { pingDatabase } from '../../../db/client.js';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({ status: Type.String(), checks: Type.Record(Type.String(), Type.String()) });

export async function healthRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Process is up', response: { 200: Health } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Database (and Redis) reachable', response: { 200: Ready, 503: Ready } } },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      try {
        await pingDatabase(deps.db);
        checks.database = 'ok';
      } catch {
        checks.database = 'unreachable';
      }
      if (deps.config.redisUrl) {
        // Any answer, even a miss, proves Redis is reachable; the call fails fast when it is not.
        checks.redis = await deps.kv.get('readyz').then(
          () => 'ok',
          () => 'unreachable',
        );
      }
      // Redis down still answers 200 "degraded": the API keeps selling on PostgreSQL, so a
      // load balancer must keep routing here; only the database is essential.
      const status = checks.database !== 'ok' ? 'unavailable' : Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'degraded';
      return reply.status(status === 'unavailable' ? 503 : 200).send({ status, checks });
    },
  );
}
