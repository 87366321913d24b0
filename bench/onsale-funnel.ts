import type { OnsaleOptions } from './onsale-bench.js';

export type Phase = 'admissionWait' | 'turnedAwayWait' | 'availability' | 'think' | 'hold' | 'backoff' | 'checkout';
export const phases: Phase[] = ['admissionWait', 'turnedAwayWait', 'availability', 'think', 'hold', 'backoff', 'checkout'];

/**
 * Little's law over the booking funnel: orders/s = busy fan slots ÷ fan-seconds per order.
 * The split shows what one order costs in slot time (the bench's own think time and payment
 * delay versus server latency and waiting for admission), so a low orders/s can be traced to
 * the bench's concurrency or to the server.
 */
export interface FunnelFigures {
  /** The cap on fans in the funnel at once (`--active-fans`). */
  activeFans: number;
  /** Fans that left the funnel (bought, lost to 409s, or turned away at sell-out). */
  fansServed: number;
  /** Seconds from the opening until the last fan left the funnel (the window of `meanBusyFans`). */
  funnelSeconds: number;
  /** Mean fans in the funnel from the opening until it emptied (time-averaged), at most `activeFans`. */
  meanBusyFans: number;
  /** Funnel slot-seconds per confirmed order, split by phase (checkout includes the provider delay). */
  secondsPerOrder: Record<Phase | 'total', number>;
  /** Think time plus the two provider calls a buyer waits for even on an idle server. */
  benchFloorSecondsPerOrder: number;
  /** activeFans ÷ benchFloorSecondsPerOrder: the most orders/s this bench shape allows on an instant server. */
  benchCeilingOrdersPerSecond: number;
}

export function funnelOf(
  o: Pick<OnsaleOptions, 'activeFans' | 'thinkMs' | 'paymentDelayMs'>,
  slotMs: Record<Phase, number>,
  fansServed: number,
  orders: number,
  funnelSeconds: number,
): FunnelFigures {
  const perOrder = (ms: number): number => round(ms / 1000 / Math.max(orders, 1));
  const totalMs = phases.reduce((sum, p) => sum + slotMs[p], 0);
  const mean = ([a, b]: [number, number]): number => (a + b) / 2;
  // A buyer thinks a third of the think time before the hold and all of it before paying; checkout calls the provider twice.
  const floor = (mean(o.thinkMs) * 4) / 3 / 1000 + (2 * mean(o.paymentDelayMs)) / 1000;
  return {
    activeFans: o.activeFans,
    fansServed,
    funnelSeconds: round(funnelSeconds),
    meanBusyFans: round(totalMs / 1000 / Math.max(funnelSeconds, 0.001)),
    secondsPerOrder: {
      ...(Object.fromEntries(phases.map((p) => [p, perOrder(slotMs[p])])) as Record<Phase, number>),
      total: perOrder(totalMs),
    },
    benchFloorSecondsPerOrder: round(floor),
    benchCeilingOrdersPerSecond: Math.round(o.activeFans / Math.max(floor, 0.001)),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
