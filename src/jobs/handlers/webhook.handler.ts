import { fanOutWebhooks } from '../../domain/webhooks/fan-out-webhooks.js';
import { isWebhookEventType } from '../../domain/webhooks/webhook.rules.js';
import type { OutboxHandler } from './index.js';

/**
 * Puts the organizer-webhook fan-out in front of the handlers of the topics
 * organizers may subscribe to. The fan-out only writes delivery rows (the
 * webhook worker POSTs them later, so a slow receiver never delays mail or
 * refunds) and is idempotent, so a failing handler's retry adds nothing.
 */
export function withWebhookFanOut(handlers: Record<string, OutboxHandler>): Record<string, OutboxHandler> {
  const out = { ...handlers };
  for (const [topic, handler] of Object.entries(handlers)) {
    if (!isWebhookEventType(topic)) continue;
    out[topic] = async (deps, m) => {
      await fanOutWebhooks(deps, { outboxId: m.id, topic: m.topic, aggregateId: m.aggregateId, payload: m.payload });
      await handler(deps, m);
    };
  }
  return out;
}
