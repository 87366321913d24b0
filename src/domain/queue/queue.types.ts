/** The organizer's knobs, stored in the event's `queue` JSON; absent fields take defaults. */
export interface QueuePolicy {
  enabled: boolean;
  /** Most customers admitted by one admission pass (about one a second). */
  maxAdmitPerTick: number;
  /** An admitted customer who has not held within this long is presumed gone; their slot is reused. */
  admitWindowSeconds: number;
  /** Seats per order assumed before the event has bookings to measure it from. */
  ticketsPerOrder: number;
}

/** The admission state of one queued event (queue_states row). */
export interface QueueState {
  eventId: string;
  autoEnabled: boolean;
  servingUpTo: number;
  /** Pre-open arrivals, frozen at the opening (null before). */
  preOpenCount: number | null;
  joined: number;
  closed: boolean;
  openedAt: Date | null;
  /** Recent [epoch ms, servingUpTo] pairs. */
  admissions: [number, number][];
  updatedAt: Date;
}

/**
 * What a queue token proves. A pre-open arrival carries a uniform draw in
 * [0, 1) that becomes a position when the sale opens; a later arrival carries
 * its ticket number after the pre-open block.
 */
export type QueueTicket = { kind: 'draw'; draw: number } | { kind: 'number'; seq: number };

export interface QueueTokenClaims {
  eventId: string;
  userId: string;
  ticket: QueueTicket;
}

/** The same for everyone, so a CDN can serve it for a second. */
export interface QueueStatus {
  eventId: string;
  active: boolean;
  saleOpen: boolean;
  servingUpTo: number;
  preOpenCount: number | null;
  joined: number;
  closed: boolean;
  /** Positions admitted in the minute before the last admission pass. */
  admittedPerMinute: number;
  /** When the admission controller last moved; null before its first pass. */
  updatedAt: string | null;
}

export interface QueueJoin {
  token: string;
  /** Null for a pre-open arrival until the sale opens (then the order is drawn). */
  position: number | null;
  admitted: boolean;
  status: QueueStatus;
}

/** What the organizer sees of one event's waiting room. */
export interface QueueOverview {
  eventId: string;
  policy: QueuePolicy;
  /** 'on' by the organizer, 'auto' switched on by demand, 'off'. */
  mode: 'on' | 'auto' | 'off';
  status: QueueStatus;
  /** Arrivals counted by the store right now (null while it is unreachable); the status copies it at each pass. */
  joinedNow: number | null;
  /** Joined but not admitted yet. */
  waiting: number;
  seatsSold: number;
  /** Hold rate that switches the room on by itself (0: never). */
  autoThresholdHoldsPerSecond: number;
}
