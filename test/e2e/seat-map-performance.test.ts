import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../factories/users.js';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { apiAs, publishShow, uniqueWord } from './support/data.js';
import { drawnSeats } from './support/seat-map.js';
import { startE2E, type E2E } from './support/server.js';

const stands = 10;
const rowsPerStand = 50;
const seatsPerRow = 100;
const seated = stands * rowsPerStand * seatsPerRow;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * A 50,000-seat stadium in Chromium: the map never puts every seat in the DOM,
 * and its render and frame times while zooming and panning are measured (and
 * printed; they are figures to report, not pass/fail thresholds).
 */
describeInBrowser('seat map of a 50,000-seat stadium', () => {
  let e2e: E2E;
  let eventId: string;

  beforeAll(async () => {
    e2e = await startE2E();
    const organizer = await createUser(e2e.t.deps, ['organizer']);
    const rows = Array.from({ length: rowsPerStand }, (_, i) => ({ label: String(i + 1), seats: seatsPerRow }));
    ({ eventId } = await publishShow(apiAs(e2e.base, organizer.token), {
      title: `Cup Final ${uniqueWord()}`,
      category: 'sports',
      daysAhead: 12,
      venueName: 'Estádio Grande',
      sections: [
        ...Array.from({ length: stands }, (_, i) => ({ name: `Stand ${String.fromCharCode(65 + i)}`, kind: 'seated' as const, rows })),
        { name: 'Pitch standing', kind: 'ga' as const, capacity: 5000 },
      ],
      prices: [9500, 7500, 6000, 4500, 3500],
    }));
  });
  afterAll(() => e2e?.close());

  it('draws sections at overview, seats only for the stands in view, and stays responsive while zooming and panning', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    const started = Date.now();
    await page.goto(`${e2e.base}/events/${eventId}`);
    const canvas = page.getByRole('application', { name: /seat map/i });
    await canvas.waitFor();
    await page.getByText('Live: seats taken by others').waitFor();
    await page.getByRole('option', { name: /Stand A — 5000 left/ }).waitFor({ state: 'attached' });
    const loadMs = Date.now() - started;
    await page.getByRole('heading', { name: 'Choose your seats' }).evaluate((h) => h.scrollIntoView());

    // Overview: sections only, a handful of DOM nodes for 55,000 places.
    expect(await drawnSeats(page, 'available')).toBe(0);
    const overviewNodes = await page.locator('.seat-map-canvas svg *').count();
    expect(overviewNodes).toBeLessThan(200);
    await screenshot(page, 'event-stadium-overview');
    await expectAccessible(page, 'stadium event page');

    // Indexing 50,000 seats, and the first renders at overview.
    const initial = await page.evaluate(() => ({
      model: performance.getEntriesByName('seatmap-model').map((e) => e.duration),
      renders: performance.getEntriesByName('seatmap-render').map((e) => e.duration),
      seatmapBytes:
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.endsWith('/seatmap'))
          ?.encodedBodySize ?? 0,
    }));

    // Measure every frame from here on, and each render of the map.
    await page.evaluate(() => {
      performance.clearMeasures('seatmap-render');
      const w = window as unknown as { frames_: number[] };
      w.frames_ = [];
      const tick = (t: number) => {
        w.frames_.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });

    // Zoom in on stand C with the wheel until seats appear.
    const box = (await canvas.boundingBox())!;
    const target = { x: box.x + box.width * 0.25, y: box.y + box.height * 0.45 };
    await page.mouse.move(target.x, target.y);
    for (let i = 0; i < 7; i++) {
      await page.mouse.wheel(0, -250);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    await expect.poll(() => drawnSeats(page, 'available')).toBeGreaterThan(0);
    const zoomedSeats = await drawnSeats(page, 'available');
    expect(zoomedSeats).toBeLessThan(seated);
    const zoomedNodes = await page.locator('.seat-map-canvas svg *').count();
    expect(zoomedNodes).toBeLessThan(300);

    // Pan across the stands by dragging.
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width * 0.8 - i * 20, box.y + box.height / 2 + (i % 5));
    await page.mouse.up();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    await screenshot(page, 'event-stadium-zoomed');

    // A seat picked by keyboard on the zoomed map.
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => drawnSeats(page, 'selected')).toBe(1);

    const stats = await page.evaluate(() => {
      const frames = (window as unknown as { frames_: number[] }).frames_;
      const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
      const renders = performance.getEntriesByName('seatmap-render').map((e) => e.duration);
      return { intervals, renders };
    });
    const result = {
      places: seated + 5000,
      loadMs,
      seatmapKB: Math.round(initial.seatmapBytes / 1024),
      modelBuildMs: +Math.max(...initial.model).toFixed(1),
      overviewRenderMaxMs: +Math.max(...initial.renders).toFixed(1),
      overviewNodes,
      zoomedSeats,
      zoomedNodes,
      renders: stats.renders.length,
      renderMedianMs: +percentile(stats.renders, 50).toFixed(1),
      renderP95Ms: +percentile(stats.renders, 95).toFixed(1),
      renderMaxMs: +Math.max(...stats.renders).toFixed(1),
      frames: stats.intervals.length,
      frameP50Ms: +percentile(stats.intervals, 50).toFixed(1),
      frameP95Ms: +percentile(stats.intervals, 95).toFixed(1),
      frameMaxMs: +Math.max(...stats.intervals).toFixed(1),
    };
    console.log(`[e2e] stadium seat map (headless Chromium, software rendering): ${JSON.stringify(result)}`);
    expect(stats.renders.length).toBeGreaterThan(10);

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
