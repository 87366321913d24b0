import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, openPage, screenshot } from './support/browser.js';
import { drawnSeats } from './support/seat-map.js';
import { startE2E, type E2E } from './support/server.js';
import { publishDemoStadium } from './support/stadium.js';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Time to interactive budgets (issue 9): on localhost, and with the CPU slowed
 * four times as a mid-range phone is. Speed is a benchmark, not a timed test:
 * `npm test` prints the figures (beside other test files, on a shared machine);
 * `npm run bench:seatmap` (SEATMAP_BUDGET=1, run alone) holds them to the
 * budgets, scaled by SEATMAP_BUDGET_SCALE (default 1).
 */
const enforceBudget = process.env.SEATMAP_BUDGET === '1';
const budgetScale = Number(process.env.SEATMAP_BUDGET_SCALE ?? 1);
const budgetMs = { localhost: 1000 * budgetScale, throttled: 2500 * budgetScale };

/**
 * The demo seed's 55,000-place stadium in Chromium: the seat map's payload
 * (compact rows at an immutable URL, against the one-object-per-seat JSON),
 * its time to interactive with and without CPU throttling, and render and
 * frame times while zooming and panning; the map never puts every seat in the DOM.
 */
describeInBrowser('seat map of the 55,000-place demo stadium', () => {
  let e2e: E2E;
  let eventId: string;
  let seated: number;

  beforeAll(async () => {
    // As in production (READ_CACHE defaults on): the layout is built once per version, not per request.
    e2e = await startE2E({ config: { readCache: true } });
    ({ eventId, seated } = await publishDemoStadium(e2e.t.deps));
  });
  afterAll(() => e2e?.close());

  /** Opens the event page in a fresh context (empty HTTP cache) and returns ms from navigation to the map taking input. */
  async function timeToInteractive(ctx: BrowserContext, cpuSlowdown: number) {
    const { page, errors, failedRequests } = await openPage(ctx);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.goto(`${e2e.base}/events/${eventId}`);
    await page.getByRole('application', { name: /seat map/i }).waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('seatmap-interactive').length > 0);
    const timing = await page.evaluate(() => {
      const layout = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.includes('/seat-layout'));
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const path = (r: PerformanceResourceTiming) => new URL(r.name).pathname;
      const eventReads = resources.filter((r) => /^\/api\/v1\/events\/[^/]+$/.test(path(r)));
      const pageChunk = resources.find((r) => /\/assets\/event-page-[^/]+\.js$/.test(path(r)));
      return {
        eventReads: eventReads.length,
        // Started as the app boots: before the event page's own code has even arrived.
        eventReadBeforePageCode: !!eventReads[0] && !!pageChunk && eventReads[0].startTime < pageChunk.responseEnd,
        interactiveMs: performance.getEntriesByName('seatmap-interactive')[0]!.startTime,
        modelMs: performance.getEntriesByName('seatmap-model')[0]?.duration ?? 0,
        layoutRequestMs: layout ? layout.responseEnd - layout.startTime : 0,
        layoutTransferBytes: layout?.encodedBodySize ?? 0,
      };
    });
    // The old payload's cost on the same page and CPU: one object per seat, fetched and parsed.
    const verboseMs = await page.evaluate(async (id) => {
      const started = performance.now();
      await (await fetch(`/api/v1/events/${id}/seatmap`, { cache: 'no-store' })).json();
      return performance.now() - started;
    }, eventId);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return { page, errors, failedRequests, verboseMs, ...timing };
  }

  it('serves the layout compact and immutable, and measures time to interactive on localhost and at 4x CPU throttle', async () => {
    const verbose = await fetch(`${e2e.base}/api/v1/events/${eventId}/seatmap`);
    const verboseBody = Buffer.from(await verbose.arrayBuffer());
    const pointer = await fetch(`${e2e.base}/api/v1/events/${eventId}/seat-layout`, { redirect: 'manual' });
    expect(pointer.status).toBe(307);
    const layoutUrl = new URL(pointer.headers.get('location')!, `${e2e.base}/api/v1/events/${eventId}/seat-layout`);
    const compact = await fetch(layoutUrl);
    expect(compact.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const compactBody = Buffer.from(await compact.arrayBuffer());
    const sizes = {
      verboseRawKB: Math.round(verboseBody.length / 1024),
      verboseGzipKB: Math.round(gzipSync(verboseBody).length / 1024),
      compactRawKB: Math.round(compactBody.length / 1024),
      compactGzipKB: Math.round(gzipSync(compactBody).length / 1024),
    };
    expect(compactBody.length).toBeLessThan(verboseBody.length / 20);

    const runs: Record<string, { interactiveMs: number; budgetMs: number } & Record<string, number>> = {};
    for (const [name, rate, budget] of [
      ['localhost', 1, budgetMs.localhost],
      ['throttled4x', 4, budgetMs.throttled],
    ] as const) {
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const r = await timeToInteractive(ctx, rate);
      runs[name] = {
        interactiveMs: Math.round(r.interactiveMs),
        budgetMs: budget,
        modelMs: Math.round(r.modelMs),
        layoutRequestMs: Math.round(r.layoutRequestMs),
        layoutTransferKB: Math.round(r.layoutTransferBytes / 1024),
        verboseFetchParseMs: Math.round(r.verboseMs),
      };
      expect(r.eventReads, 'the event is read once').toBe(1);
      expect(r.eventReadBeforePageCode, "the event's read starts as the app boots").toBe(true);
      expect(r.errors).toEqual([]);
      expect(r.failedRequests).toEqual([]);
      await ctx.close();
    }
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`[e2e] stadium seat map payload and time to interactive (load ${load}): ${JSON.stringify({ seated, ...sizes, ...runs })}`);
    if (!enforceBudget) return;
    for (const [name, run] of Object.entries(runs)) expect(run.interactiveMs, `${name} time to interactive`).toBeLessThan(run.budgetMs);
  });

  it('draws blocks at overview, seats only for the blocks in view, and stays responsive while zooming and panning', async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors, failedRequests } = await openPage(ctx);
    await page.goto(`${e2e.base}/events/${eventId}`);
    const canvas = page.getByRole('application', { name: /seat map/i });
    await canvas.waitFor();
    await page.getByText('Live: seats taken by others').waitFor();
    await page.getByRole('option', { name: /Block 101 — 728 left/ }).waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: 'Choose your seats' }).evaluate((h) => h.scrollIntoView());

    // Overview: blocks only, a few DOM nodes for 55,000 places.
    expect(await drawnSeats(page, 'available')).toBe(0);
    const overviewNodes = await page.locator('.seat-map-canvas svg *').count();
    expect(overviewNodes).toBeLessThan(300);
    await screenshot(page, 'event-stadium-overview');
    await expectAccessible(page, 'stadium event page');

    const initial = await page.evaluate(() => ({
      model: performance.getEntriesByName('seatmap-model').map((e) => e.duration),
      renders: performance.getEntriesByName('seatmap-render').map((e) => e.duration),
    }));

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

    // Zoom in on the north stand with the wheel until seats appear.
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    for (let i = 0; i < 7; i++) {
      await page.mouse.wheel(0, -250);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    await expect.poll(() => drawnSeats(page, 'available')).toBeGreaterThan(0);
    const zoomedSeats = await drawnSeats(page, 'available');
    expect(zoomedSeats).toBeLessThan(seated);
    const zoomedNodes = await page.locator('.seat-map-canvas svg *').count();
    expect(zoomedNodes).toBeLessThan(300);

    // Pan along the stand by dragging.
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
      places: seated + 8000,
      modelBuildMs: +Math.max(...initial.model).toFixed(1),
      overviewRenderMaxMs: +Math.max(...initial.renders).toFixed(1),
      overviewNodes,
      zoomedSeats,
      zoomedNodes,
      renders: stats.renders.length,
      renderMedianMs: +percentile(stats.renders, 50).toFixed(1),
      renderP95Ms: +percentile(stats.renders, 95).toFixed(1),
      frames: stats.intervals.length,
      frameP50Ms: +percentile(stats.intervals, 50).toFixed(1),
      frameP95Ms: +percentile(stats.intervals, 95).toFixed(1),
    };
    console.log(`[e2e] stadium seat map (headless Chromium, software rendering): ${JSON.stringify(result)}`);
    expect(stats.renders.length).toBeGreaterThan(10);

    expect(errors).toEqual([]);
    expect(failedRequests).toEqual([]);
    await ctx.close();
  });
});
