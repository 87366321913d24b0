import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * Builds the SPA into web/dist, and with `--if-stale` only when a source is
 * newer than the last build, so `npm start` pays for a build once.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.build-stamp');
const lockDir = path.join(webDir, '.build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  const inputs = Math.max(newestSource(webDir), statSync(path.join(root, 'package-lock.json')).mtimeMs);
  return inputs > built;
}

/** Pre-compressed copies let the server send gzip/brotli without compressing per request. */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) precompress(full);
    else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
      const data = readFileSync(full);
      writeFileSync(`${full}.gz`, gzipSync(data, { level: 9 }));
      writeFileSync(`${full}.br`, brotliCompressSync(data));
    }
  }
}

export async function buildWeb(): Promise<void> {
  // Its own process with NODE_ENV=production: inside vitest NODE_ENV is "test",
  // which would otherwise ship React's development build.
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), 'bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  precompress(distDir);
  writeFileSync(stampFile, new Date().toISOString());
}

function lockCreatedAt(): number {
  try {
    return statSync(lockDir).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** Builds if stale; safe when several test files ask at once (a lock folder serialises them). */
export async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A build takes seconds; a lock minutes old was left by a killed process.
      if (Date.now() - lockCreatedAt() > 300_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (webBuildIsStale()) await buildWeb();
  } finally {
    rmdirSync(lockDir);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  const started = Date.now();
  const run = ifStale ? ensureWebBuilt : buildWeb;
  const needed = !ifStale || webBuildIsStale();
  run().then(
    () => {
      if (needed) console.log(`web app built into web/dist in ${Date.now() - started} ms`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
