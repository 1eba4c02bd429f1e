import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { skipReason } from './skip.ts';

/** Where browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS_DIR = new URL('../../artifacts/', import.meta.url).pathname;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system's Chromium (Debian's `chromium` package), or undefined. */
export function findChromium(): string | undefined {
  try {
    const path = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    return path || undefined;
  } catch {
    return undefined;
  }
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a screenshot of the viewport as `artifacts/<folder>/<name>.png`; returns its path. */
  screenshot(name: string, of?: Page): Promise<string>;
  close(): Promise<void>;
}

/**
 * Headless Chromium through playwright-core, or undefined (with a SKIPPED line) when the machine
 * has none; under CI=true a missing Chromium is an error instead. Each launch runs on a fresh,
 * temporary profile (Playwright's own user-data dir, deleted when the browser closes).
 */
export async function launchBrowser(options: {
  artifacts: string;
  viewport?: { width: number; height: number };
}): Promise<BrowserSession | undefined> {
  const executablePath = findChromium();
  if (skipReason(executablePath ? undefined : 'chromium is not installed')) return undefined;
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1600, height: 1000 },
    deviceScaleFactor: 1,
  });
  // A test that waits for something missing fails in seconds, not after Playwright's 30 s.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const folder = join(ARTIFACTS_DIR, options.artifacts);
  mkdirSync(folder, { recursive: true });
  return {
    browser,
    context,
    page,
    async screenshot(name, of = page) {
      const path = join(folder, `${name}.png`);
      await of.screenshot({ path });
      return path;
    },
    async close() {
      await context.close().catch(() => {});
      await browser.close();
    },
  };
}
