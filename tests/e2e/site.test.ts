// End to end: the built site in real Chromium. Load the home page, step and run the default program in the
// emulator worker, and check the registers against the outcome stated in default.asm's header.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex16, parseExpectedOutcome } from '../programs/program-header';
import { serveStatic, type StaticServer } from './static-server';

const BUILD_DIR = 'build';
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = 'test-results/home.png';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

const expected = parseExpectedOutcome(readFileSync('static/programs/default.asm', 'utf8'));

describe('home page', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const workers: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(`${BUILD_DIR}/index.html`)) {
      throw new Error(`${BUILD_DIR}/index.html is missing: run \`npm run build\` before the e2e tests`);
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\` (see .ci/run)`);
    }
    server = await serveStatic(BUILD_DIR);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the title and the default program', async () => {
    expect(await page.locator('h1').textContent()).toBe('Hyperstep');
    expect(await page.getByTestId('program-name').textContent()).toBe('default.asm');
    expect(await page.getByTestId('program-source').textContent()).toContain('hlt');
  });

  it('runs the emulator in a Web Worker that loads the program', async () => {
    await expect.poll(() => page.getByTestId('reg-ip').textContent(), { timeout: 15_000 }).toBe('0x0100');
    expect(workers.some((url) => url.includes('machine-worker'))).toBe(true);
  });

  it('steps one instruction', async () => {
    await page.getByTestId('btn-step').click();
    await expect.poll(() => page.getByTestId('reg-ip').textContent()).not.toBe('0x0100');
    expect(await page.getByTestId('steps').textContent()).toBe('1');
  });

  it('runs to HLT and shows the expected registers', async () => {
    await page.getByTestId('btn-run').click();
    await expect.poll(() => page.getByTestId('stop-reason').textContent(), { timeout: 30_000 }).toBe('halt');
    for (const [name, value] of Object.entries(expected.registers)) {
      expect(await page.getByTestId(`reg-${name}`).textContent(), `register ${name}`).toBe(hex16(value));
    }
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('resets to the loaded program', async () => {
    await page.getByTestId('btn-reset').click();
    await expect.poll(() => page.getByTestId('reg-ip').textContent()).toBe('0x0100');
    expect(await page.getByTestId('steps').textContent()).toBe('0');
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(errors).toEqual([]);
  });
});
