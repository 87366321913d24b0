import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** Debian's Chromium, installed by apt (.ci/run); nothing ever downloads a browser. */
const chromiumPath = '/usr/bin/chromium';
const haveBrowser = existsSync(chromiumPath);

/**
 * A describe block that needs Chromium. Without it the block is skipped with a
 * loud warning, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (haveBrowser) {
    describe(name, body);
    return;
  }
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${chromiumPath} is missing: apt-get install -y chromium`);
      });
    });
    return;
  }
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING browser tests "${name}": ${chromiumPath} not found.\n!! Install it with: apt-get update && apt-get install -y chromium\n${'!'.repeat(78)}\n`,
  );
  describe.skip(name, body);
}

/** `extraArgs`: e.g. the fake camera of the door-scanner test. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** A page that records console errors and uncaught exceptions, which every test asserts are absent. */
export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions: always a bug. */
  errors: string[];
  /** API answers of 400 and above (Chromium also logs each one to the console): tests say which they expect. */
  failedRequests: string[];
}

export async function openPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The browser's own note on an HTTP error status; the response listener records it precisely.
    if (m.text().startsWith('Failed to load resource: the server responded with a status of')) return;
    errors.push(`console: ${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { page, errors, failedRequests };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Tests never touch tracked files: screenshots go to an ignored folder unless `npm run docs:screenshots` asks for docs/.
const screenshotDir = path.resolve(root, process.env.SCREENSHOT_DIR ?? 'test-results/screenshots');

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Evaluated over the DevTools protocol, not as an inline <script>: the app's CSP rightly blocks those.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}
