import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SeatLayout } from '../../src/http/routes/catalogue/catalogue.schemas.js';
import { describeInBrowser, openPage, screenshot } from './support/browser.js';
import { drawnSeats, seatOnScreen } from './support/seat-map.js';
import { startE2E, type E2E } from './support/server.js';
import { publishDemoStadium } from './support/stadium.js';

/** Seat `number` of row `label` in a block, where the layout puts it (map coordinates). */
function seatIn(layout: SeatLayout, block: string, label: string, number: number): { x: number; y: number } {
  const s = layout.sections.find((x) => x.name === block)!;
  const i = s.rows.label.indexOf(label);
  const k = number - s.rows.firstNumber[i]!;
  return { x: s.rows.x[i]! + k * s.rows.dx[i]!, y: s.rows.y[i]! + k * s.rows.dy[i]! };
}

/** Pixels per seat width right now. */
function mapScale(page: Page): Promise<number> {
  return page.evaluate(() => {
    const t = document.querySelector('.seat-map-canvas svg > g')!.getAttribute('transform') ?? '';
    return Number(/scale\(([-\d.e]+)\)/.exec(t)![1]);
  });
}

/**
 * The stadium map as fans use it: a click on a block lands at seat level with
 * row labels and seat numbers; hovering or focusing a seat tells block, row,
 * seat, price and flags; on a phone, pinch and double tap zoom (real touch
 * input through Chromium's DevTools protocol, hasTouch/isMobile context).
 */
describeInBrowser('stadium seat map interaction', () => {
  let e2e: E2E;
  let eventId: string;
  let layout: SeatLayout;

  beforeAll(async () => {
    e2e = await startE2E();
    ({ eventId } = await publishDemoStadium(e2e.t.deps));
    layout = (await (await fetch(`${e2e.base}/api/v1/events/${eventId}/seat-layout`)).json()) as SeatLayout;
  });
  afterAll(() => e2e?.close());

  it('zooms from a click on a block to seat level, with row labels, seat numbers and seat details on hover and focus', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/events/${eventId}`);
    const canvas = page.getByRole('application', { name: /seat map/i });
    await canvas.waitFor({ timeout: 90_000 });
    await page.getByText('Live: seats taken by others').waitFor();
    await page.getByRole('heading', { name: 'Choose your seats' }).evaluate((h) => h.scrollIntoView());
    expect(await drawnSeats(page, 'available')).toBe(0);

    const middle = await seatOnScreen(page, seatIn(layout, 'Block 104', '14', 13));
    await page.mouse.click(middle.x, middle.y);
    await expect.poll(() => drawnSeats(page, 'available')).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-labels="rows"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-labels="seats"]').count()).toBeGreaterThan(0);
    expect(await mapScale(page)).toBeGreaterThanOrEqual(20);

    // Hover: block, row, seat and the tier price; the back row's end seats are wheelchair spaces.
    const seat = await seatOnScreen(page, seatIn(layout, 'Block 104', '10', 7));
    await page.mouse.move(seat.x, seat.y);
    const tip = page.getByRole('tooltip');
    await expect.poll(() => tip.textContent({ timeout: 2000 })).toMatch(/Block 104 · Row 10 · Seat 7.*95[.,]00.*available/);
    await screenshot(page, 'event-stadium-seat-level');
    // One step out (the minus key) brings the whole block into view; seats stay drawn.
    await canvas.focus();
    await page.keyboard.press('-');
    const wheelchair = await seatOnScreen(page, seatIn(layout, 'Block 104', '28', 1));
    await page.mouse.move(wheelchair.x, wheelchair.y);
    await expect.poll(() => tip.textContent({ timeout: 2000 })).toMatch(/Block 104 · Row 28 · Seat 1.*wheelchair space/);

    // Keyboard: the focused seat has the same details, and Enter still selects it.
    await page.mouse.move(5, 5);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tip.textContent({ timeout: 2000 })).toMatch(/Block \d+ · Row \d+ · Seat \d+/);
    await page.keyboard.press('Enter');
    await expect.poll(() => drawnSeats(page, 'selected')).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('zooms with a double tap and a two-finger pinch on a phone', async () => {
    const ctx = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    });
    const { page, errors } = await openPage(ctx);
    await page.goto(`${e2e.base}/events/${eventId}`);
    const canvas = page.getByRole('application', { name: /seat map/i });
    await canvas.waitFor({ timeout: 90_000 });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // Above the bowl: the map fits the canvas's width, so there is room with no block under a tap.
    const empty = { x: centre.x, y: box.y + 20 };

    // Double tap: zooms in about the tap. The four touch events go out back to back, so a slow
    // machine cannot stretch the two taps further apart than a double tap allows.
    await page.waitForFunction(() => performance.getEntriesByName('seatmap-interactive').length > 0);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
    const before = await mapScale(page);
    const cdp = await ctx.newCDPSession(page);
    const point = [{ x: empty.x, y: empty.y, id: 1 }];
    await Promise.all([
      cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
    ]);
    await expect.poll(() => mapScale(page)).toBeGreaterThanOrEqual(before * 1.9);
    await page.getByRole('button', { name: 'Show whole venue' }).tap();
    await expect.poll(() => mapScale(page)).toBeCloseTo(before, 3);

    // Pinch: two fingers 60 px apart moving to 240 px apart zoom about four times.
    const fingers = (spread: number) => [
      { x: centre.x - spread / 2, y: centre.y, id: 1 },
      { x: centre.x + spread / 2, y: centre.y, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(60) });
    for (let spread = 80; spread <= 240; spread += 20) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => mapScale(page)).toBeGreaterThan(before * 3);
    expect(await mapScale(page)).toBeLessThan(before * 5);
    await screenshot(page, 'event-stadium-phone-pinch');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
