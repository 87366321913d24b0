import type { Page } from 'playwright-core';

/** Where a seat (map coordinates from GET /seatmap) is on screen right now. */
export async function seatOnScreen(page: Page, seat: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector('.seat-map-canvas')!;
    const g = canvas.querySelector('svg > g')!;
    const m = /translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '');
    if (!m) throw new Error('seat map transform not found');
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + Number(m[1]) + x * Number(m[3]), y: rect.top + Number(m[2]) + y * Number(m[3]) };
  }, seat);
}

/** How many seats the map currently draws in a state (each seat is one subpath). */
export async function drawnSeats(page: Page, state: 'available' | 'held' | 'sold' | 'selected'): Promise<number> {
  return page.evaluate((s) => {
    const selector = s === 'selected' ? '[data-state="selected"] path:first-child' : `path[data-state="${s}"]`;
    return [...document.querySelectorAll(selector)].reduce((n, p) => n + ((p.getAttribute('d') ?? '').match(/M/g)?.length ?? 0), 0);
  }, state);
}

export function waitForDrawnSeats(page: Page, state: 'available' | 'held' | 'sold', count: number, timeout = 10_000): Promise<unknown> {
  return page.waitForFunction(
    ({ s, n }) =>
      [...document.querySelectorAll(`path[data-state="${s}"]`)].reduce(
        (sum, p) => sum + ((p.getAttribute('d') ?? '').match(/M/g)?.length ?? 0),
        0,
      ) === n,
    { s: state, n: count },
    { timeout, polling: 'raf' },
  );
}
