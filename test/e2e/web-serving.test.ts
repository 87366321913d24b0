import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/web-build.js';
import { defaultWebRoot } from '../../src/http/plugins/web.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The built SPA served by the API process: caching, compression, client-side routes, API 404s untouched. */
describe('serving the web app', () => {
  let t: TestApp;
  let script: string;
  beforeAll(async () => {
    await ensureWebBuilt();
    script = readdirSync(path.join(defaultWebRoot, 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  it('serves index.html at / with no-cache, and hashed assets for a year, pre-compressed', async () => {
    const home = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.body).toContain(`/assets/${script}`);

    const asset = await t.app.inject({ url: `/assets/${script}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('answers client-side routes with the app, but keeps JSON 404s for the API and for missing files', async () => {
    for (const url of ['/events/2b9f7a7e-0000-4000-8000-000000000000', '/bookings', '/organizer/events/new?venueId=x']) {
      const page = await t.app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<div id="root"></div>');
    }
    const api = await t.app.inject({ url: '/api/v1/no-such-route', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    const asset = await t.app.inject({ url: '/assets/missing-abc123.js', headers: { accept: '*/*' } });
    expect(asset.statusCode).toBe(404);
    expect(asset.json().error.code).toBe('NOT_FOUND');
  });

  it('keeps the JavaScript of the first page load under 200 KB gzipped (routes are split off)', () => {
    const html = readFileSync(path.join(defaultWebRoot, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(defaultWebRoot, file)), { level: 9 }).length, 0);
    console.log(`[web] first load: ${scripts.length} scripts, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(200 * 1024);
    // The seat map, checkout and organizer pages are not part of it.
    const chunks = readdirSync(path.join(defaultWebRoot, 'assets'));
    for (const lazy of ['event-page', 'checkout-page', 'dashboard-page', 'seat-map']) {
      const chunk = chunks.find((f) => f.startsWith(`${lazy}-`) && f.endsWith('.js'));
      expect(chunk, lazy).toBeDefined();
      expect(scripts).not.toContain(`assets/${chunk}`);
    }
  });

  it('leaves the API and its docs where they were', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const doc = await t.app.inject('/api/v1/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/v1/events/{id}/availability/stream']).toBeDefined();
    expect((await t.app.inject({ url: '/docs', headers: { accept: 'text/html' } })).statusCode).toBeLessThan(400);
  });
});
