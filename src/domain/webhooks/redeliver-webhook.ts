import type { Deps } from '../../context.js';
import { findDelivery, insertRedelivery } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { notFound } from '../errors.js';
import { attemptDeliveryNow } from './deliver-webhooks.js';
import { deliveryView, subscriptionOf } from './webhook-access.js';
import type { WebhookDeliveryView } from './webhook.types.js';

/**
 * Sends a delivery's exact body again as a new delivery (its own attempts and
 * retries; the signature is made afresh with a new timestamp), tried at once.
 */
export async function redeliverWebhook(deps: Deps, actor: Principal, deliveryId: string): Promise<WebhookDeliveryView> {
  const original = await findDelivery(deps.db, deliveryId);
  if (!original) throw notFound('Webhook delivery');
  await subscriptionOf(deps, actor, original.subscription_id).catch(() => {
    throw notFound('Webhook delivery');
  });
  const id = await insertRedelivery(deps.db, original, deps.clock.now());
  await attemptDeliveryNow(deps, id);
  return deliveryView((await findDelivery(deps.db, id))!);
}
