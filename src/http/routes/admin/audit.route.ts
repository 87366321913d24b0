import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { listAuditEntries } from '../../../domain/privacy/list-audit-entries.js';
import { requireRole } from '../../plugins/auth.js';
import { ErrorResponse } from '../../schemas/common.js';
import { AuditQuery, AuditResponse } from './audit.schemas.js';

export async function adminAuditRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/admin/audit',
    {
      preValidation: requireRole('admin'),
      schema: {
        tags: ['admin'],
        security: [{ bearer: [] }],
        summary: 'The audit log, newest first',
        description: 'Role admin. Filter by subject, actor or action; page with nextCursor.',
        querystring: AuditQuery,
        response: { 200: AuditResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const { limit = 50, ...rest } = request.query;
      const page = await listAuditEntries(deps, { ...rest, limit });
      return { ...page, items: page.items.map((i) => ({ ...i, at: i.at.toISOString() })) };
    },
  );
}
