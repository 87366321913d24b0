import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Executor } from '../client.js';
import type { AuditLogTable } from '../schema.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Never personal data: ids, counts and how the subject was reached only. */
  details?: Record<string, unknown>;
  /** Defaults to the database clock. */
  at?: Date;
}

/** Audit rows join the caller's transaction, so a change and its record commit together. */
export async function writeAudit(ex: Executor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await ex
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        actor_id: e.actorId,
        action: e.action,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        details: JSON.stringify(e.details ?? {}),
        ...(e.at ? { created_at: e.at } : {}),
      })),
    )
    .execute();
}

export async function listAuditEntriesAbout(
  ex: Executor,
  subjectType: string,
  subjectId: string,
): Promise<Pick<Selectable<AuditLogTable>, 'action' | 'created_at'>[]> {
  return ex
    .selectFrom('audit_log')
    .select(['action', 'created_at'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  action?: string;
}

/**
 * Newest recorded first, keyset-paged on the id (an identity, so insertion
 * order; `created_at` may come from a use case's clock and has microseconds a
 * cursor would lose). `limit + 1` rows say whether another page exists.
 */
export async function auditPage(ex: Executor, filter: AuditFilter, afterId: string | null, limit: number) {
  let q = ex.selectFrom('audit_log').select(['id', 'actor_id', 'action', 'subject_type', 'subject_id', 'details', 'created_at']);
  if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (afterId) q = q.where(sql<boolean>`id < ${afterId}::bigint`);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Retention: old entries keep who did what to which subject, but lose their details. */
export async function clearAuditDetailsBefore(ex: Executor, before: Date): Promise<number> {
  const result = await ex
    .updateTable('audit_log')
    .set({ details: '{}' })
    .where('created_at', '<', before)
    .where(sql<boolean>`details <> '{}'::jsonb`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
