import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { lookUpUser } from '../../../domain/users/look-up-user.js';
import type { AdminUserView } from '../../../domain/users/users.types.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { ErrorResponse, IdParams } from '../../schemas/common.js';
import { AdminUserQuery, AdminUserResponse } from './accounts.schemas.js';

const adminOnly = {
  tags: ['accounts'],
  security: [{ bearer: [] }],
  description: 'Role admin. Every look-up is written to the audit log (user.viewed).',
};
const shape = (user: AdminUserView) => ({
  user: { ...user, createdAt: user.createdAt.toISOString(), erasedAt: user.erasedAt?.toISOString() ?? null },
});
const replies = { 200: AdminUserResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export async function adminUserRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/admin/users',
    {
      preValidation: requireRole('admin'),
      schema: { ...adminOnly, summary: 'Find an account by email', querystring: AdminUserQuery, response: replies },
    },
    async (request) => shape(await lookUpUser(deps, principalOf(request).userId, { email: request.query.email })),
  );

  app.get(
    '/admin/users/:id',
    { preValidation: requireRole('admin'), schema: { ...adminOnly, summary: 'Read an account', params: IdParams, response: replies } },
    async (request) => shape(await lookUpUser(deps, principalOf(request).userId, { id: request.params.id })),
  );
}
