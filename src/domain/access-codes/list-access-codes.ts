import type { Deps } from '../../context.js';
import { accessCodesPage } from '../../db/repositories/access-codes.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { pageOf, positionAfter, type Page } from '../page-cursor.js';
import type { AccessCodeView } from './access-code.types.js';
import { accessCodeView } from './access-code-view.js';

/** An event's codes with their uses, newest first. */
export async function listAccessCodes(
  deps: Deps,
  actor: Principal,
  eventId: string,
  opts: { limit: number; cursor?: string | undefined },
): Promise<Page<AccessCodeView>> {
  await managedEvent(deps.db, actor, eventId);
  const scope = `access-codes:${eventId}`;
  const rows = await accessCodesPage(deps.db, eventId, opts.limit + 1, positionAfter(deps.cursors, scope, opts.cursor));
  return pageOf(rows, opts.limit, accessCodeView, deps.cursors, scope);
}
