import { randomBytes } from 'node:crypto';
import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { insertSubscription, listSubscriptions } from '../../db/repositories/webhooks.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { AppError } from '../errors.js';
import { allowsInternalTargets, subscriptionView, webhookSecretSealer } from './webhook-access.js';
import { webhookUrlProblem } from './webhook.rules.js';
import type { WebhookEventType } from './webhook.types.js';
import type { WebhookSubscriptionView } from './webhook.types.js';

/** Subscriptions one organizer may have. */
const maxSubscriptions = 20;

export interface CreateWebhookInput {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string;
}

/**
 * Adds an endpoint for the caller's own events and orders. The signing secret
 * is returned this once; only its sealed form is kept (the worker must sign
 * with it, so it cannot be hashed like a password).
 */
export async function createWebhookSubscription(
  deps: Deps,
  actor: Principal,
  input: CreateWebhookInput,
): Promise<{ subscription: WebhookSubscriptionView; secret: string }> {
  const problem = webhookUrlProblem(input.url, allowsInternalTargets(deps));
  if (problem) throw new AppError('VALIDATION_FAILED', `url ${problem}`, [{ field: 'body/url', message: problem }]);
  const eventTypes = [...new Set(input.eventTypes)];
  const existing = await listSubscriptions(deps.db, actor.userId);
  if (existing.length >= maxSubscriptions) throw new AppError('LIMIT_EXCEEDED', `At most ${maxSubscriptions} webhook subscriptions`);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (tx) => {
    const created = await insertSubscription(tx, {
      organizerId: actor.userId,
      url: input.url,
      eventTypes,
      secretSealed: webhookSecretSealer(deps).encrypt(secret),
      description: input.description?.trim() ?? '',
      now,
    });
    await writeAudit(tx, [
      { actorId: actor.userId, action: 'webhook.created', subjectType: 'webhook', subjectId: created.id, details: { eventTypes } },
    ]);
    return created;
  });
  return { subscription: subscriptionView(row), secret };
}
