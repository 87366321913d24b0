import type { Deps } from '../../context.js';
import { listSubscriptions } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { subscriptionView } from './webhook-access.js';
import type { WebhookSubscriptionView } from './webhook.types.js';

/** The caller's subscriptions, newest first; an admin sees every organizer's. */
export async function listWebhookSubscriptions(deps: Deps, actor: Principal): Promise<WebhookSubscriptionView[]> {
  const rows = await listSubscriptions(deps.db, actor.roles.includes('admin') ? null : actor.userId);
  return rows.map(subscriptionView);
}
