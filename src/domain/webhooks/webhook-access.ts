import type { Deps } from '../../context.js';
import { findSubscription, type DeliveryRow, type SubscriptionRow } from '../../db/repositories/webhooks.repository.js';
import { createSealer } from '../../security/pii-cipher.js';
import { deriveKey } from '../../security/keys.js';
import type { Principal } from '../../security/auth-tokens.js';
import { notFound } from '../errors.js';
import type { WebhookDeliveryView, WebhookSubscriptionView } from './webhook.types.js';

/**
 * The subscription if the caller may manage it: its organizer or an admin.
 * Anyone else is told it does not exist, so ids cannot be probed.
 */
export async function subscriptionOf(deps: Deps, actor: Principal, id: string): Promise<SubscriptionRow & { secret_sealed: string }> {
  const s = await findSubscription(deps.db, id);
  if (!s || (!actor.roles.includes('admin') && s.organizer_id !== actor.userId)) throw notFound('Webhook subscription');
  return s;
}

/** Signing secrets are sealed at rest (AES-256-GCM, a key of their own): the worker needs them in the clear to sign. */
export const webhookSecretSealer = (deps: Pick<Deps, 'config'>) => createSealer(deriveKey(deps.config.secretKey, 'webhook-secret'));

/** Loopback and private targets: allowed outside production unless WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise. */
export const allowsInternalTargets = (deps: Pick<Deps, 'config'>): boolean =>
  deps.config.webhookAllowPrivateTargets ?? deps.config.env !== 'production';

export const subscriptionView = (s: SubscriptionRow): WebhookSubscriptionView => ({
  id: s.id,
  organizerId: s.organizer_id,
  url: s.url,
  eventTypes: s.event_types,
  description: s.description,
  createdAt: s.created_at.toISOString(),
});

export const deliveryView = (d: DeliveryRow): WebhookDeliveryView => ({
  id: d.id,
  subscriptionId: d.subscription_id,
  eventType: d.event_type,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.last_status_code,
  durationMs: d.last_duration_ms,
  error: d.last_error,
  nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  redeliveryOf: d.redelivery_of,
  body: d.body,
});
