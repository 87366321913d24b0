import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { eraseAccount } from '../../../domain/users/erase-account.js';
import { exportPersonalData } from '../../../domain/users/export-personal-data.js';
import { getCurrentUser } from '../../../domain/users/get-current-user.js';
import { principalOf, requireAuth } from '../../plugins/auth.js';
import { ErrorResponse } from '../../schemas/common.js';
import { EraseResponse, ExportResponse, MeResponse } from './accounts.schemas.js';

const authenticated = { tags: ['accounts'], security: [{ bearer: [] }] };

export async function meRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me',
    {
      preHandler: requireAuth,
      schema: { ...authenticated, summary: 'The signed-in account', response: { 200: MeResponse, 401: ErrorResponse } },
    },
    async (request) => {
      const user = await getCurrentUser(deps, principalOf(request).userId);
      return { user: { id: user.id, email: user.email, name: user.name, roles: user.roles } };
    },
  );

  app.get(
    '/me/export',
    {
      preHandler: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Download all personal data held about me',
        response: { 200: ExportResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const data = await exportPersonalData(deps, principalOf(request).userId);
      return reply.header('content-disposition', 'attachment; filename="boxoffice-personal-data.json"').send({
        exportedAt: data.exportedAt.toISOString(),
        user: { ...data.user, createdAt: data.user.createdAt.toISOString() },
        activity: data.activity.map((a) => ({ action: a.action, at: a.at.toISOString() })),
        sections: data.sections,
      });
    },
  );

  app.delete(
    '/me',
    {
      preHandler: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Erase my account',
        description: 'Personal data is erased at once; orders are kept for accounting under the pseudonymous account id.',
        response: { 202: EraseResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { erasedAt } = await eraseAccount(deps, principalOf(request).userId);
      return reply.status(202).send({ status: 'erased' as const, erasedAt: erasedAt.toISOString() });
    },
  );
}
