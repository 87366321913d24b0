import type { OutboxMessage } from '../../db/repositories/outbox.repository.js';

/**
 * The outbox row of an admission, written in the admitting transaction: the
 * organizer's webhooks hear of it even when the scan was made offline and
 * uploaded later (then `checkedInAt` is the scan's own time). Which ticket,
 * where and when, never whose.
 */
export function checkedInMessage(ticketId: string, eventId: string, at: Date, gate: string, source: 'online' | 'offline'): OutboxMessage {
  return { topic: 'ticket.checked_in', aggregateId: ticketId, payload: { eventId, checkedInAt: at.toISOString(), gate, source } };
}
