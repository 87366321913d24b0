import { Type, type Static } from 'typebox';
import { errorReplies, Uuid } from '../../schemas/common.js';
import { literalUnion } from '../../schemas/literal-union.js';

const closed = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time' });

export const ScanResultSchema = literalUnion(['admitted', 'already_used', 'void', 'wrong_event', 'expired', 'invalid'] as const);

const Code = Type.String({
  minLength: 1,
  maxLength: 400,
  description: "The text of the QR code (BO1.…): the app's rotating code or a PDF ticket's print code",
});
const Gate = Type.String({ maxLength: 40, description: 'Which entrance; blank or absent means "main"' });

export const TicketCodeReply = Type.Object({
  code: Type.String({ description: 'BO1. + base64url(49-byte payload ‖ Ed25519 signature); show as a QR code' }),
  expiresAt: Type.String({ format: 'date-time', description: 'Fetch a new code before this (the app does every 15 s)' }),
});
export type TicketCodeReply = Static<typeof TicketCodeReply>;

export const ScanBody = Type.Object(
  { eventId: Uuid, code: Code, gate: Type.Optional(Gate) },
  { ...closed, description: 'eventId is the event this door admits to: a code of another event answers wrong_event' },
);
export type ScanBody = Static<typeof ScanBody>;

export const ScannedTicketSchema = Type.Object({
  id: Type.String(),
  serial: Type.String(),
  seat: Type.Object({ section: Type.String(), row: Type.Union([Type.String(), Type.Null()]), number: Type.Integer() }),
  status: Type.Union([Type.Literal('valid'), Type.Literal('used'), Type.Literal('void')]),
});

export const ScanReply = Type.Object({
  result: ScanResultSchema,
  reason: Type.String(),
  ticket: Type.Optional(ScannedTicketSchema),
  usedAt: Type.Optional(DateTime),
  gate: Type.Optional(Type.String()),
});
export type ScanReply = Static<typeof ScanReply>;

export const DoorEventsReply = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.String(), title: Type.String(), startsAt: DateTime, venueName: Type.String(), city: Type.String() }),
  ),
});
export type DoorEventsReply = Static<typeof DoorEventsReply>;

export const BundleReply = Type.Object({
  eventId: Type.String(),
  title: Type.String(),
  publicKey: Type.String({ description: 'Raw Ed25519 public key, base64url' }),
  algorithm: Type.Literal('Ed25519'),
  stepSeconds: Type.Integer(),
  graceSeconds: Type.Integer(),
  skewSeconds: Type.Integer(),
  ticketCount: Type.Integer({ description: 'Tickets that are not void' }),
  revocations: Type.Array(Type.Object({ ticketId: Type.String(), minVersion: Type.Integer(), void: Type.Boolean() })),
  used: Type.Array(Type.Object({ ticketId: Type.String(), usedAt: DateTime, gate: Type.String() })),
  generatedAt: DateTime,
});
export type BundleReply = Static<typeof BundleReply>;

export const SyncBody = Type.Object(
  {
    scans: Type.Array(
      Type.Object(
        {
          scanId: Type.String({ minLength: 1, maxLength: 64, description: "The device's own id for the scan" }),
          code: Code,
          gate: Type.Optional(Gate),
          scannedAt: DateTime,
        },
        closed,
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  closed,
);
export type SyncBody = Static<typeof SyncBody>;

export const SyncReply = Type.Object({
  results: Type.Array(
    Type.Object({
      scanId: Type.String(),
      status: Type.Union([Type.Literal('recorded'), Type.Literal('conflict'), Type.Literal('duplicate')]),
      result: ScanResultSchema,
      reason: Type.String(),
      ticketId: Type.Optional(Type.String()),
      usedAt: Type.Optional(DateTime),
      gate: Type.Optional(Type.String()),
    }),
  ),
});
export type SyncReply = Static<typeof SyncReply>;

const Count = Type.Integer({ minimum: 0 });
export const StatsReply = Type.Object({
  eventId: Type.String(),
  tickets: Count,
  checkedIn: Count,
  remaining: Count,
  voided: Count,
  gates: Type.Array(Type.Object({ gate: Type.String(), admitted: Count, refused: Count, lastScanAt: Type.Union([DateTime, Type.Null()]) })),
  refusedByResult: Type.Object({ already_used: Count, void: Count, wrong_event: Count, expired: Count, invalid: Count }),
  at: DateTime,
});
export type StatsReply = Static<typeof StatsReply>;

export const ScannersReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      assignedAt: DateTime,
    }),
  ),
});
export type ScannersReply = Static<typeof ScannersReply>;

export const AssignScannerBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320, description: 'The email of an account with the scanner role' }) },
  closed,
);
export type AssignScannerBody = Static<typeof AssignScannerBody>;

export const ScannerParams = Type.Object({ id: Uuid, userId: Uuid });
export const SerialQuery = Type.Object({ serial: Type.String({ minLength: 4, maxLength: 40 }) }, closed);

export const DoorTicketReply = Type.Object({
  ticket: Type.Object({
    ...ScannedTicketSchema.properties,
    eventId: Type.String(),
    version: Type.Integer({ description: 'Code version: bumped by void and reissue' }),
    usedAt: Type.Union([DateTime, Type.Null()]),
    gate: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type DoorTicketReply = Static<typeof DoorTicketReply>;

export const EmptyBody = Type.Union([Type.Object({}, closed), Type.Null()]);

export const checkinErrors = { ...errorReplies };
