// End to end: the built site in real Chromium. Load the home page, run the default program in the debugger's
// worker, and check the registers against the outcome stated in default.asm's header.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex16, parseExpectedOutcome } from '../programs/program-header';
import { openSite, waitForEditor, type Site } from './browser';

const SCREENSHOT = 'test-results/home.png';

const expected = parseExpectedOutcome(readFileSync('static/programs/default.asm', 'utf8'));

describe('home page', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite();
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows the title and the default program in the editor', async () => {
    const { page } = site;
    expect(await page.locator('h1').textContent()).toBe('Hyperstep');
    await waitForEditor(page);
    await expect.poll(() => page.locator('.monaco-editor .view-lines').textContent()).toContain('sum_loop');
    // Monaco starts its worker a little after the first paint.
    await expect.poll(() => site.workers.some((url) => url.includes('editor.worker'))).toBe(true);
  });

  it('loads the program into the debugger in a Web Worker', async () => {
    const { page } = site;
    await expect.poll(() => page.getByTestId('reg-ip').textContent(), { timeout: 15_000 }).toBe('0x0100');
    // One worker runs the engine and assembles (besides Monaco's own editor worker).
    expect(site.workers.filter((url) => !url.includes('editor.worker'))).toEqual([
      expect.stringContaining('engine.worker')
    ]);
  });

  it('steps one instruction', async () => {
    const { page } = site;
    await page.getByTestId('btn-step').click();
    await expect.poll(() => page.getByTestId('reg-ip').textContent()).not.toBe('0x0100');
    expect(await page.getByTestId('step-count').textContent()).toBe('1');
  });

  it('runs to HLT and shows the expected registers and flags', async () => {
    const { page } = site;
    await page.getByTestId('btn-run').click();
    await expect
      .poll(() => page.getByTestId('exec-state').textContent(), { timeout: 30_000 })
      .toBe('halted (HLT)');
    for (const [name, value] of Object.entries(expected.registers)) {
      expect(await page.getByTestId(`reg-${name}`).textContent(), `register ${name}`).toBe(hex16(value));
    }
    for (const [name, value] of Object.entries(expected.flags)) {
      expect(await page.getByTestId(`flag-${name.toLowerCase()}`).textContent(), `flag ${name}`).toBe(
        String(value)
      );
    }
    expect(await page.getByTestId('debug-messages').textContent()).toContain('HLT');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('resets to the loaded program', async () => {
    const { page } = site;
    await page.getByTestId('btn-reset').click();
    await expect.poll(() => page.getByTestId('reg-ip').textContent()).toBe('0x0100');
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('0');
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(site.errors).toEqual([]);
  });
});
