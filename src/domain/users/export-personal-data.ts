import type { Deps } from '../../context.js';
import { listAuditEntriesAbout } from '../../db/repositories/audit.repository.js';
import { getCurrentUser } from './get-current-user.js';
import { personalDataExporters } from './personal-data.js';
import type { User } from './users.types.js';

export interface PersonalDataExport {
  exportedAt: Date;
  user: User;
  /** Who did what with this account (sign-up, admin views), without the actors' identities. */
  activity: { action: string; at: Date }[];
  /** One entry per feature in `personalDataExporters` (orders, tickets, …). */
  sections: Record<string, unknown>;
}

export async function exportPersonalData(deps: Deps, userId: string): Promise<PersonalDataExport> {
  const user = await getCurrentUser(deps, userId);
  const activity = await listAuditEntriesAbout(deps.db, 'user', userId);
  const sections: Record<string, unknown> = {};
  for (const exporter of personalDataExporters) {
    sections[exporter.section] = await exporter.collect(deps, userId);
  }
  return {
    exportedAt: deps.clock.now(),
    user,
    activity: activity.map((a) => ({ action: a.action, at: a.created_at })),
    sections,
  };
}
