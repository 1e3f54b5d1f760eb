/**
 * What every browser test needs: the dashboard built (the server serves web/build),
 * Debian's Chromium driven by playwright-core with the flags this machine needs, a server
 * and a browser for the tests of a describe (useDashboard), and a signed-in page (signedInPage).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const INDEX = path.join(WEB, 'build', 'index.html');

/** Newest modification time under a directory (the dashboard's sources). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Builds web/build when it is missing or older than web/src. */
export async function ensureWebBuild(): Promise<void> {
  const sources = Math.max(newest(path.join(WEB, 'src')), ...['svelte.config.js', 'vite.config.ts'].map((f) => fs.statSync(path.join(WEB, f)).mtimeMs));
  if (fs.existsSync(INDEX) && fs.statSync(INDEX).mtimeMs >= sources) return;
  await promisify(execFile)('npm', ['run', 'build:web'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

/** Debian's Chromium (/usr/bin/chromium), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export interface Dashboard {
  /** Set once the describe's beforeAll has run. */
  server: TestServer;
  browser: Browser;
}

/**
 * Inside a describe: builds the dashboard if its build is stale, starts a server (by default a
 * plain test server) and Chromium before the tests, and closes both after them. Read `server`
 * and `browser` from the returned object inside tests (they are set by then).
 */
export function useDashboard(
  start: () => Promise<TestServer> = () => startTestServer(),
  stop: (server: TestServer) => Promise<void> = (server) => server.close(),
): Dashboard {
  const dashboard = {} as Dashboard;
  beforeAll(async () => {
    await ensureWebBuild();
    dashboard.server = await start();
    dashboard.browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await dashboard.browser?.close();
    if (dashboard.server) await stop(dashboard.server);
  }, 60_000);
  return dashboard;
}

const DESKTOP = { width: 1280, height: 900 };

/**
 * A new page signed in with `token` (put where the dashboard keeps it, as signing in does),
 * collecting uncaught page errors in `problems` (a test ends by expecting it empty). Pass a
 * context to share its storage with other pages.
 */
export async function signedInPage(
  { server, browser }: Dashboard,
  token: string,
  options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = options.context ? await options.context.newPage() : await browser.newPage({ viewport: options.viewport ?? DESKTOP });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${server.url}/signin`);
  await page.evaluate((t) => localStorage.setItem('fnbox.token', t), token);
  return { page, problems };
}
