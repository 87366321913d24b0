import { describe, expect, it } from 'vitest';
import {
  admissionStep,
  admittedPerMinute,
  defaultQueuePolicy,
  parseQueuePolicy,
  positionOf,
  statusPollSeconds,
} from '../../../src/domain/queue/queue.rules.js';

const now = new Date('2030-01-01T12:00:00Z');
const facts = (over: Partial<Parameters<typeof admissionStep>[0]> = {}) => ({
  now,
  policy: { ...defaultQueuePolicy, enabled: true },
  state: { servingUpTo: 0, admissions: [] as [number, number][] },
  joined: 1000,
  freeSeats: 100,
  liveHeldSeats: 0,
  liveBookings: 0,
  bookedSeats: 0,
  ...over,
});

describe('queue rules', () => {
  it('places pre-open draws uniformly in 1..N and later arrivals after N in order', () => {
    expect(positionOf({ kind: 'draw', draw: 0 }, 10)).toBe(1);
    expect(positionOf({ kind: 'draw', draw: 0.999999 }, 10)).toBe(10);
    expect(positionOf({ kind: 'draw', draw: 0.5 }, null)).toBeNull();
    expect(positionOf({ kind: 'number', seq: 3 }, 10)).toBe(13);
    expect(positionOf({ kind: 'number', seq: 1 }, 0)).toBe(1);
  });

  it('admits what the free seats absorb at the measured seats per order, capped per pass and by who joined', () => {
    expect(admissionStep(facts()).servingUpTo).toBe(50);
    expect(admissionStep(facts({ liveBookings: 10, bookedSeats: 40, freeSeats: 60 })).servingUpTo).toBe(15);
    expect(admissionStep(facts({ joined: 7 })).servingUpTo).toBe(7);
    expect(admissionStep(facts({ freeSeats: 100_000, policy: { ...defaultQueuePolicy, maxAdmitPerTick: 300 } })).admitted).toBe(300);
  });

  it('counts admitted customers who have not booked as pending until their window passes', () => {
    const admitted = facts({ state: { servingUpTo: 50, admissions: [[now.getTime() - 1000, 50]] } });
    expect(admissionStep(admitted).admitted).toBe(0);
    const later = { ...admitted, now: new Date(now.getTime() + 300_000) };
    expect(admissionStep(later).admitted).toBe(50);
  });

  it('closes at sell-out only once no live hold can still come back', () => {
    expect(admissionStep(facts({ freeSeats: 0, liveHeldSeats: 4 })).closed).toBe(false);
    expect(admissionStep(facts({ freeSeats: 0, liveHeldSeats: 0 }))).toMatchObject({ closed: true, admitted: 0 });
  });

  it('reads the stored policy leniently, defaulting anything unusable', () => {
    expect(parseQueuePolicy(null)).toEqual(defaultQueuePolicy);
    expect(parseQueuePolicy({ enabled: true, maxAdmitPerTick: -1, ticketsPerOrder: 3 })).toEqual({
      ...defaultQueuePolicy,
      enabled: true,
      ticketsPerOrder: 3,
    });
  });
});

describe('queue pacing', () => {
  const at = (s: number) => new Date(now.getTime() + s * 1000);
  it('counts the positions admitted in the minute before the last pass', () => {
    const admissions: [number, number][] = [
      [at(-120).getTime(), 10],
      [at(-61).getTime(), 20],
      [at(-30).getTime(), 35],
      [at(0).getTime(), 50],
    ];
    expect(admittedPerMinute({ servingUpTo: 50, admissions, updatedAt: now })).toBe(30);
    expect(admittedPerMinute({ servingUpTo: 50, admissions, updatedAt: at(90) })).toBe(0);
    expect(admittedPerMinute({ servingUpTo: 0, admissions: [], updatedAt: now })).toBe(0);
  });

  it('asks for the status every second while the line moves, less often otherwise', () => {
    expect(statusPollSeconds({ active: true, saleOpen: true, closed: false })).toBe(1);
    expect(statusPollSeconds({ active: true, saleOpen: false, closed: false })).toBe(5);
    expect(statusPollSeconds({ active: true, saleOpen: true, closed: true })).toBe(30);
    expect(statusPollSeconds({ active: false, saleOpen: true, closed: false })).toBe(30);
  });
});
