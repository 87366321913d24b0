import type { Deps } from '../../context.js';
import { deleteUnusedAccessCode, setAccessCodeEnabled } from '../../db/repositories/access-codes.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { notFound } from '../errors.js';
import type { AccessCodeView } from './access-code.types.js';
import { accessCodeView } from './access-code-view.js';

/** Turns a code on or off; a disabled code is refused at once (holds already made keep it). */
export async function setAccessCodeEnabledFor(
  deps: Deps,
  actor: Principal,
  eventId: string,
  codeId: string,
  enabled: boolean,
): Promise<AccessCodeView> {
  return deps.db.transaction().execute(async (tx) => {
    await managedEvent(tx, actor, eventId);
    const row = await setAccessCodeEnabled(tx, eventId, codeId, enabled);
    if (!row) throw notFound('Access code');
    await writeAudit(tx, {
      actorId: actor.userId,
      action: enabled ? 'access-code.enabled' : 'access-code.disabled',
      subjectType: 'access_code',
      subjectId: codeId,
    });
    return accessCodeView(row);
  });
}

/** Deletes a code no hold ever used; a used one is disabled instead (its redemptions stay on record). */
export async function deleteAccessCode(
  deps: Deps,
  actor: Principal,
  eventId: string,
  codeId: string,
): Promise<{ deleted: boolean; code: AccessCodeView | null }> {
  return deps.db.transaction().execute(async (tx) => {
    await managedEvent(tx, actor, eventId);
    if (await deleteUnusedAccessCode(tx, eventId, codeId)) {
      await writeAudit(tx, { actorId: actor.userId, action: 'access-code.deleted', subjectType: 'access_code', subjectId: codeId });
      return { deleted: true, code: null };
    }
    const row = await setAccessCodeEnabled(tx, eventId, codeId, false);
    if (!row) throw notFound('Access code');
    await writeAudit(tx, { actorId: actor.userId, action: 'access-code.disabled', subjectType: 'access_code', subjectId: codeId });
    return { deleted: false, code: accessCodeView(row) };
  });
}
