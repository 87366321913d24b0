import { Type, type Static, type TSchema } from 'typebox';
import { webhookEventTypes } from '../../../domain/webhooks/webhook.types.js';
import { Uuid } from '../../schemas/common.js';

const closed = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const WebhookEventType = Type.Enum(webhookEventTypes, {
  type: 'string',
  description: 'An outbox topic an organizer may subscribe to (docs/webhooks.md)',
});

export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      description: 'http(s) endpoint; private and loopback addresses are refused in production',
    }),
    eventTypes: Type.Array(WebhookEventType, { minItems: 1, maxItems: webhookEventTypes.length, uniqueItems: true }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const WebhookSubscription = Type.Object({
  id: Uuid,
  organizerId: Uuid,
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  description: Type.String(),
  createdAt: DateTime,
});
export type WebhookSubscription = Static<typeof WebhookSubscription>;

export const CreatedWebhookReply = Type.Object({
  subscription: WebhookSubscription,
  secret: Type.String({ description: 'The signing secret, shown this once (whsec_…)' }),
});
export type CreatedWebhookReply = Static<typeof CreatedWebhookReply>;

export const WebhookListReply = Type.Object({ subscriptions: Type.Array(WebhookSubscription) });
export type WebhookListReply = Static<typeof WebhookListReply>;

export const WebhookDelivery = Type.Object({
  id: Uuid,
  subscriptionId: Uuid,
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  responseStatus: Nullable(Type.Integer({ description: "The receiver's last HTTP status; null if it never answered" })),
  durationMs: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  nextAttemptAt: Nullable(DateTime),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
  redeliveryOf: Nullable(Uuid),
  body: Type.String({ description: 'The exact JSON body sent and signed' }),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryReply = Type.Object({ delivery: WebhookDelivery });
export type WebhookDeliveryReply = Static<typeof WebhookDeliveryReply>;
export const WebhookDeliveriesReply = Type.Object({ deliveries: Type.Array(WebhookDelivery) });
export type WebhookDeliveriesReply = Static<typeof WebhookDeliveriesReply>;
