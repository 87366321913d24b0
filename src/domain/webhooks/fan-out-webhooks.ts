import type { Deps } from '../../context.js';
import { eventWebhookFacts, insertDeliveries, orderWebhookFacts } from '../../db/repositories/webhooks.repository.js';
import { money } from '../money.js';
import { isWebhookEventType } from './webhook.rules.js';

export interface WebhookSource {
  /** The outbox row: the delivery's stable id, which receivers deduplicate on. */
  outboxId: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Turns an outbox message into one pending delivery per subscription of the
 * organizer concerned that wants its type. The body is built once here, so
 * every retry and redelivery sends the same bytes; it carries ids, states and
 * amounts, never the buyer's personal data. Idempotent: the outbox delivers at
 * least once.
 */
export async function fanOutWebhooks(deps: Deps, m: WebhookSource): Promise<number> {
  if (!isWebhookEventType(m.topic)) return 0;
  const now = deps.clock.now();
  let subscriptionIds: string[];
  let data: Record<string, unknown>;
  if (m.topic.startsWith('order.')) {
    const o = await orderWebhookFacts(deps.db, m.aggregateId, m.topic);
    if (!o) return 0;
    subscriptionIds = o.subscription_ids;
    data = {
      orderId: o.id,
      eventId: o.event_id,
      eventTitle: o.title,
      status: o.status,
      total: money(o.total_amount, o.currency),
      tickets: Number(o.tickets ?? 0),
      confirmedAt: o.confirmed_at?.toISOString() ?? null,
      cancelledAt: o.cancelled_at?.toISOString() ?? null,
      ...(typeof m.payload.reason === 'string' ? { reason: m.payload.reason } : {}),
    };
  } else if (m.topic.startsWith('ticket.')) {
    // Which ticket and event, and what happened to it; never who holds it (personal data stays out of webhooks).
    const eventId = typeof m.payload.eventId === 'string' ? m.payload.eventId : '';
    const e = await eventWebhookFacts(deps.db, eventId, m.topic);
    if (!e) return 0;
    subscriptionIds = e.subscription_ids;
    data = { ticketId: m.aggregateId, eventId: e.id, title: e.title, ...ticketChange(m) };
  } else {
    const eventId = typeof m.payload.eventId === 'string' ? m.payload.eventId : m.aggregateId;
    const e = await eventWebhookFacts(deps.db, eventId, m.topic);
    if (!e) return 0;
    subscriptionIds = e.subscription_ids;
    data = {
      eventId: e.id,
      title: e.title,
      status: e.status,
      startsAt: e.starts_at.toISOString(),
      ...(Array.isArray(m.payload.fields) ? { fields: m.payload.fields } : {}),
      ...(m.topic === 'event.cancelled' ? { reason: e.cancel_reason } : {}),
    };
  }
  if (subscriptionIds.length === 0) return 0;
  const body = JSON.stringify({ id: `evt_${m.outboxId}`, type: m.topic, createdAt: now.toISOString(), data });
  return (await insertDeliveries(deps.db, { subscriptionIds, outboxId: m.outboxId, eventType: m.topic, body, now })).length;
}

/** The fields of each ticket topic beside the ticket and its event. */
function ticketChange(m: WebhookSource): Record<string, unknown> {
  const p = m.payload;
  if (m.topic === 'ticket.transferred') return { transferId: p.transferId ?? null };
  if (m.topic === 'ticket.checked_in') return { checkedInAt: p.checkedInAt ?? null, gate: p.gate ?? null, source: p.source ?? null };
  return {};
}
