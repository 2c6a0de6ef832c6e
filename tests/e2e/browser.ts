// Shared set-up of the end-to-end tests: the built site served in-process and a headless Debian Chromium with a
// fresh profile, a page that records its workers and every page error, console error and failed request.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/site.mjs';
import { serveStatic, type StaticServer } from './static-server';

export const BUILD_DIR = 'build';

export interface Site {
  server: StaticServer;
  browser: Browser;
  page: Page;
  /** URLs of the Web Workers the page started. */
  workers: string[];
  /** Page errors, console errors and HTTP errors, in order. */
  errors: string[];
  close(): Promise<void>;
}

/** Serve build/, launch Chromium, open the home page and wait until it is hydrated. */
export async function openSite(viewport = { width: 1280, height: 900 }): Promise<Site> {
  if (!existsSync(`${BUILD_DIR}/index.html`)) {
    throw new Error(`${BUILD_DIR}/index.html is missing: run \`npm run build\` before the e2e tests`);
  }
  const server = await serveStatic(BUILD_DIR);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  const workers: string[] = [];
  const errors: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(server.url);
  await page.locator('body[data-hydrated]').waitFor();
  return {
    server,
    browser,
    page,
    workers,
    errors,
    close: async () => {
      await browser.close();
      await server.close();
    }
  };
}

/** Wait until the editor shows its text (Monaco loads lazily). */
export async function waitForEditor(page: Page): Promise<void> {
  await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
}
