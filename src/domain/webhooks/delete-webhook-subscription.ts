import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { deleteSubscription } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { subscriptionOf } from './webhook-access.js';

/** Removes an endpoint and its delivery log; nothing more is sent to it. */
export async function deleteWebhookSubscription(deps: Deps, actor: Principal, id: string): Promise<void> {
  await subscriptionOf(deps, actor, id);
  await deps.db.transaction().execute(async (tx) => {
    await deleteSubscription(tx, id);
    await writeAudit(tx, [{ actorId: actor.userId, action: 'webhook.deleted', subjectType: 'webhook', subjectId: id, details: {} }]);
  });
}
