import type { Deps } from '../../context.js';
import { auditPage, type AuditFilter } from '../../db/repositories/audit.repository.js';
import { AppError } from '../errors.js';

export interface AuditEntryView {
  id: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: unknown;
  at: Date;
}

const scope = 'admin-audit';

const invalidCursor = (): AppError =>
  new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ field: 'querystring/cursor', message: 'is not a cursor this API returned' }]);

/**
 * The audit log for admins (who did what to whom), newest first. Entries hold
 * ids only, never personal data, so reading them is not itself audited.
 */
export async function listAuditEntries(
  deps: Pick<Deps, 'db' | 'cursors'>,
  query: AuditFilter & { cursor?: string; limit: number },
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  const { cursor, limit, ...filter } = query;
  // The cursor is bound to the filters: replayed against other filters it is refused, not misread.
  const listing = `${scope}:${JSON.stringify([filter.subjectType, filter.subjectId, filter.actorId, filter.action])}`;
  let afterId: string | null = null;
  if (cursor) {
    const p = deps.cursors.decode(listing, cursor) as { id?: unknown } | null;
    if (typeof p?.id !== 'string' || !/^[0-9]{1,19}$/.test(p.id)) throw invalidCursor();
    afterId = p.id;
  }
  const rows = await auditPage(deps.db, filter, afterId, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
      at: r.created_at,
    })),
    nextCursor: rows.length > limit && last ? deps.cursors.encode(listing, { id: last.id }) : null,
  };
}
