import type { Deps } from '../../context.js';
import { listDeliveries } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { deliveryView, subscriptionOf } from './webhook-access.js';
import type { WebhookDeliveryView } from './webhook.types.js';

/** A subscription's delivery log, the latest 100 first. */
export async function listWebhookDeliveries(deps: Deps, actor: Principal, subscriptionId: string): Promise<WebhookDeliveryView[]> {
  await subscriptionOf(deps, actor, subscriptionId);
  return (await listDeliveries(deps.db, subscriptionId, 100)).map(deliveryView);
}
