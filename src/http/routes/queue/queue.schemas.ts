import { Type, type Static } from 'typebox';
import { ErrorResponse, errorReplies } from '../../schemas/common.js';

export const QueueStatusSchema = Type.Object(
  {
    eventId: Type.String(),
    active: Type.Boolean({ description: 'Holds need an admitted X-Queue-Token' }),
    saleOpen: Type.Boolean(),
    servingUpTo: Type.Integer({ description: 'Every position up to this one is admitted' }),
    preOpenCount: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Arrivals before the opening, placed in random order among positions 1..N; null before the opening',
    }),
    joined: Type.Integer(),
    closed: Type.Boolean({ description: 'Sold out: no new joins' }),
    admittedPerMinute: Type.Integer({ minimum: 0, description: 'Positions admitted in the minute before the last admission pass' }),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { description: 'The same for every client; Cache-Control public, max-age=1, with an ETag' },
);

export const JoinReply = Type.Object({
  token: Type.String({ description: 'Send as X-Queue-Token on hold requests once admitted' }),
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Null when joined before the sale opens: the order of early arrivals is drawn at the opening (join again then to see it)',
  }),
  admitted: Type.Boolean(),
  status: QueueStatusSchema,
});

/** A join carries nothing but the caller's identity; `{}` or no body. */
export const JoinBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);

export const QueuePolicyBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    maxAdmitPerTick: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'Most customers admitted per admission pass (about a second)' }),
    ),
    admitWindowSeconds: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 86_400,
        description: 'An admitted customer who has not held within this long is presumed gone',
      }),
    ),
    ticketsPerOrder: Type.Optional(Type.Number({ minimum: 1, maximum: 50, description: 'Assumed seats per order until measured' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const QueuePolicySchema = Type.Object({
  enabled: Type.Boolean(),
  maxAdmitPerTick: Type.Integer(),
  admitWindowSeconds: Type.Integer(),
  ticketsPerOrder: Type.Number(),
});

export const QueuePolicyReply = Type.Object({ queue: QueuePolicySchema });

export const QueueOverviewReply = Type.Object({
  queue: Type.Object({
    eventId: Type.String(),
    policy: QueuePolicySchema,
    mode: Type.Union([Type.Literal('on'), Type.Literal('auto'), Type.Literal('off')], {
      description: "'on' by the organizer, 'auto' switched on by demand",
    }),
    status: QueueStatusSchema,
    joinedNow: Type.Union([Type.Integer(), Type.Null()], { description: 'Arrivals counted right now; null while the store is away' }),
    waiting: Type.Integer({ minimum: 0, description: 'Joined but not admitted yet' }),
    seatsSold: Type.Integer({ minimum: 0 }),
    autoThresholdHoldsPerSecond: Type.Integer({ minimum: 0, description: 'Hold rate that switches the room on by itself; 0: never' }),
  }),
});

export const queueErrors = {
  ...errorReplies,
  429: ErrorResponse,
  503: ErrorResponse,
} as const;

/** Request and response types, for the web app and other TypeScript clients. */
export type JoinReply = Static<typeof JoinReply>;
export type QueuePolicyBody = Static<typeof QueuePolicyBody>;
export type QueuePolicyReply = Static<typeof QueuePolicyReply>;
export type QueueStatusReply = Static<typeof QueueStatusSchema>;
export type QueueOverviewReply = Static<typeof QueueOverviewReply>;
