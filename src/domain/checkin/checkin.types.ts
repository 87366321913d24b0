import type { ScanResult } from '../../db/schema.js';

export type { ScanResult };

/** Who may work a door: admins, the event's organizer, and scanners assigned to it. */
export type DoorRole = 'admin' | 'organizer' | 'scanner';

/** What the door shows about a ticket: never the holder's personal data. */
export interface ScannedTicket {
  id: string;
  serial: string;
  seat: { section: string; row: string | null; number: number };
  status: 'valid' | 'used' | 'void';
}

export interface ScanOutcome {
  result: ScanResult;
  /** Why, in words the gate staff can act on. */
  reason: string;
  ticket?: ScannedTicket;
  /** When and where the ticket was checked in (admitted now, or already used). */
  usedAt?: string;
  gate?: string;
}

export interface TicketCode {
  code: string;
  expiresAt: string;
}

export interface CheckinBundle {
  eventId: string;
  title: string;
  /** Raw Ed25519 public key, base64url (WebCrypto imports it as 'raw'). */
  publicKey: string;
  algorithm: 'Ed25519';
  stepSeconds: number;
  graceSeconds: number;
  skewSeconds: number;
  ticketCount: number;
  /** Tickets voided or reissued: codes below `minVersion`, or any code of a void ticket, are refused. */
  revocations: { ticketId: string; minVersion: number; void: boolean }[];
  /** Tickets already checked in when the bundle was made. */
  used: { ticketId: string; usedAt: string; gate: string }[];
  generatedAt: string;
}

export interface OfflineScan {
  /** The scanner's own id for the scan, so a retried upload records it once. */
  scanId: string;
  code: string;
  gate?: string | undefined;
  scannedAt: string;
}

export interface SyncedScan {
  scanId: string;
  /** recorded: the check-in stands; conflict: the server disagrees (see result); duplicate: uploaded before. */
  status: 'recorded' | 'conflict' | 'duplicate';
  result: ScanResult;
  reason: string;
  ticketId?: string;
  usedAt?: string;
  gate?: string;
}

export interface GateStats {
  gate: string;
  admitted: number;
  refused: number;
  lastScanAt: string | null;
}

export interface CheckinStats {
  eventId: string;
  tickets: number;
  checkedIn: number;
  remaining: number;
  voided: number;
  gates: GateStats[];
  refusedByResult: Record<Exclude<ScanResult, 'admitted'>, number>;
  at: string;
}

export interface DoorEvent {
  id: string;
  title: string;
  startsAt: string;
  venueName: string;
  city: string;
}

export interface ScannerView {
  id: string;
  email: string | null;
  name: string | null;
  assignedAt: string;
}
