import { randomUUID } from 'node:crypto';
import type { Deps } from '../../context.js';
import { findDelivery, insertDeliveries } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { attemptDeliveryNow } from './deliver-webhooks.js';
import { deliveryView, subscriptionOf } from './webhook-access.js';
import type { WebhookDeliveryView } from './webhook.types.js';

/** A signed `ping` to the endpoint, tried at once and logged (and retried) like any delivery. */
export async function sendWebhookTest(deps: Deps, actor: Principal, subscriptionId: string): Promise<WebhookDeliveryView> {
  await subscriptionOf(deps, actor, subscriptionId);
  const now = deps.clock.now();
  const body = JSON.stringify({ id: `ping_${randomUUID()}`, type: 'ping', createdAt: now.toISOString(), data: { subscriptionId } });
  const [id] = await insertDeliveries(deps.db, { subscriptionIds: [subscriptionId], outboxId: null, eventType: 'ping', body, now });
  await attemptDeliveryNow(deps, id!);
  return deliveryView((await findDelivery(deps.db, id!))!);
}
