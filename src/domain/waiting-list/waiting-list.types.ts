import type { WaitingListStatus } from '../../db/schema.js';

/** A fan's entry as the fan sees it. */
export interface WaitingListEntryView {
  id: string;
  eventId: string;
  tier: { id: string; name: string } | null;
  quantity: number;
  status: WaitingListStatus;
  /** 1 = the next fan to be offered seats; null once seats are offered. */
  place: number | null;
  /** The hold holding the offered seats (it lists under GET /me/holds): pay for it or release it before `expiresAt`. */
  offer: { holdId: string; expiresAt: string } | null;
  joinedAt: string;
}

/** An entry as the organizer sees it: no personal data, only what ordering the list needs. */
export interface ManagedEntryView {
  id: string;
  /** 1-based place among the waiting entries; null for offers and closed entries. */
  place: number | null;
  tier: { id: string; name: string } | null;
  quantity: number;
  status: WaitingListStatus;
  offerExpiresAt: string | null;
  joinedAt: string;
  closedAt: string | null;
  closeReason: string | null;
}
