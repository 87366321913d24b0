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
