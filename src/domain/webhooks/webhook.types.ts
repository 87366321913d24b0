import type { WebhookDeliveryStatus } from '../../db/schema.js';

/**
 * What an organizer may subscribe to: the outbox topics that concern one
 * organizer's orders and events. `ping` is what "Send test" delivers.
 */
export const webhookEventTypes = [
  'order.confirmed',
  'order.cancelled',
  'order.refunded',
  'event.published',
  'event.updated',
  'event.cancelled',
  'event.removed',
  'ticket.transferred',
  'ticket.checked_in',
  'ticket.voided',
  'ticket.reissued',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export interface WebhookSubscriptionView {
  id: string;
  organizerId: string;
  url: string;
  eventTypes: string[];
  description: string;
  createdAt: string;
}

export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The receiver's last HTTP status; null when it never answered. */
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Set on a manual redelivery: the delivery it repeats. */
  redeliveryOf: string | null;
  /** The exact JSON body sent (and signed). */
  body: string;
}
