import type { QueuePolicy, QueueState, QueueStatus, QueueTicket } from './queue.types.js';

export const defaultQueuePolicy: QueuePolicy = {
  enabled: false,
  maxAdmitPerTick: 500,
  admitWindowSeconds: 300,
  ticketsPerOrder: 2,
};

const bounded = (v: unknown, min: number, max: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fallback;

/** The event's `queue` JSON is free-form for older clients; anything unusable takes the default. */
export function parseQueuePolicy(raw: unknown): QueuePolicy {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    enabled: o.enabled === true,
    maxAdmitPerTick: Math.floor(bounded(o.maxAdmitPerTick, 1, 100_000, defaultQueuePolicy.maxAdmitPerTick)),
    admitWindowSeconds: Math.floor(bounded(o.admitWindowSeconds, 10, 86_400, defaultQueuePolicy.admitWindowSeconds)),
    ticketsPerOrder: bounded(o.ticketsPerOrder, 1, 50, defaultQueuePolicy.ticketsPerOrder),
  };
}

/**
 * Pre-open arrivals are spread uniformly over positions 1..N by their draw, so
 * arriving early or joining often buys nothing (ties are admitted together);
 * later arrivals queue behind them in arrival order. Null while N is unknown.
 */
export function positionOf(ticket: QueueTicket, preOpenCount: number | null): number | null {
  if (preOpenCount === null) return null;
  if (ticket.kind === 'number') return preOpenCount + ticket.seq;
  return 1 + Math.min(Math.max(preOpenCount, 1) - 1, Math.floor(ticket.draw * Math.max(preOpenCount, 1)));
}

export interface AdmissionFacts {
  now: Date;
  policy: QueuePolicy;
  state: Pick<QueueState, 'servingUpTo' | 'admissions'>;
  /** Everyone who joined: pre-open block plus later arrivals. */
  joined: number;
  /** Seats that are free now (expired holds count as free). */
  freeSeats: number;
  liveHeldSeats: number;
  /** Live holds plus confirmed bookings: admitted customers who used their turn. */
  liveBookings: number;
  /** Seats in live holds and sold, to measure seats per order. */
  bookedSeats: number;
}

export interface AdmissionStep {
  servingUpTo: number;
  admitted: number;
  closed: boolean;
  admissions: [number, number][];
}

/**
 * How far to serve the queue now. Admitted customers who have not booked yet
 * (within the admission window) are demand already let in; the room left is
 * what the free seats can still absorb at the measured seats per order. As
 * checkouts complete and holds expire the room reopens, so admission follows
 * the rate at which the booking path actually absorbs customers.
 */
export function admissionStep(f: AdmissionFacts): AdmissionStep {
  const nowMs = f.now.getTime();
  const windowStart = nowMs - f.policy.admitWindowSeconds * 1000;
  const servedBeforeWindow = f.state.admissions.filter(([at]) => at <= windowStart).reduce((m, [, upTo]) => Math.max(m, upTo), 0);
  const pending = Math.max(0, f.state.servingUpTo - Math.max(f.liveBookings, servedBeforeWindow));
  const perOrder = f.liveBookings > 0 ? Math.max(1, f.bookedSeats / f.liveBookings) : f.policy.ticketsPerOrder;
  const room = Math.ceil(f.freeSeats / perOrder) - pending;
  const closed = f.freeSeats === 0 && f.liveHeldSeats === 0;
  const step = closed ? 0 : Math.max(0, Math.min(room, f.policy.maxAdmitPerTick, f.joined - f.state.servingUpTo));
  const servingUpTo = f.state.servingUpTo + step;
  // Keep the pairs inside the window plus the newest one before it: enough to know what was served by then.
  const kept = f.state.admissions.filter(([at]) => at > windowStart);
  const older = f.state.admissions.filter(([at]) => at <= windowStart).at(-1);
  const admissions: [number, number][] = [...(older ? [older] : []), ...kept];
  if (step > 0) admissions.push([nowMs, servingUpTo]);
  return { servingUpTo, admitted: step, closed, admissions: admissions.slice(-600) };
}

export function statusView(eventId: string, active: boolean, saleIsOpen: boolean, state: QueueState | undefined): QueueStatus {
  return {
    eventId,
    active,
    saleOpen: saleIsOpen,
    servingUpTo: state?.servingUpTo ?? 0,
    preOpenCount: state?.preOpenCount ?? null,
    joined: state?.joined ?? 0,
    closed: state?.closed ?? false,
    admittedPerMinute: state ? admittedPerMinute(state) : 0,
    updatedAt: state ? state.updatedAt.toISOString() : null,
  };
}

/**
 * Positions admitted in the minute before the last admission pass, from the
 * recent admission pairs the state keeps anyway: the pace a waiting fan's
 * estimate divides by. Measured at the pass, not the request, so every client
 * of one state sees the same answer.
 */
export function admittedPerMinute(state: Pick<QueueState, 'servingUpTo' | 'admissions' | 'updatedAt'>): number {
  const windowStart = state.updatedAt.getTime() - 60_000;
  const before = state.admissions.filter(([at]) => at <= windowStart).reduce((m, [, upTo]) => Math.max(m, upTo), 0);
  return Math.max(0, state.servingUpTo - before);
}

/**
 * Seconds a client should wait before asking for the status again (sent as
 * Retry-After): every second while the line moves, less often before the
 * opening, rarely once it is closed or off.
 */
export function statusPollSeconds(status: Pick<QueueStatus, 'active' | 'saleOpen' | 'closed'>): number {
  if (!status.active || status.closed) return 30;
  return status.saleOpen ? 1 : 5;
}
