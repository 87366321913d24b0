import type { Browser } from 'playwright-core';
import type { Config } from '../../../src/config.js';
import type { Clock } from '../../../src/domain/clock.js';
import { ensureWebBuilt } from '../../../scripts/web-build.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { launchChromium } from './browser.js';

export interface E2E {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The whole product as a user meets it: the SPA (built once if stale) served
 * by the real API on a random port over the test database, and Chromium.
 */
export async function startE2E(opts: { clock?: Clock; config?: Partial<Config> } = {}): Promise<E2E> {
  await ensureWebBuilt();
  const t = await createTestApp({
    poolSize: 10,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.config ? { config: opts.config } : {}),
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  return {
    t,
    base,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
