// End to end: the IDE as a learner uses it, in real Chromium. Step the default program and see what changed, make
// a typo and see the marker where it is, stop at a breakpoint set in the gutter, step back, keep edits over a reload.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, waitForEditor, type Site } from './browser';

const SOURCE_LINES = readFileSync('static/programs/default.asm', 'utf8').split('\n');
/** 1-based line of the first line containing `text` in default.asm. */
function lineOf(text: string): number {
  const index = SOURCE_LINES.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`default.asm has no line with '${text}'`);
  return index + 1;
}

const REGISTERS = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'cs', 'ds', 'es', 'ss', 'ip', 'flags'];

async function registers(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of REGISTERS) values[name] = (await page.getByTestId(`reg-${name}`).textContent()) ?? '';
  return values;
}

async function changedRegisters(page: Page): Promise<string[]> {
  const names: string[] = [];
  for (const name of REGISTERS) {
    const row = page.getByTestId(`reg-${name}`).locator('xpath=..');
    if ((await row.getAttribute('data-changed')) === 'true') names.push(name);
  }
  return names;
}

async function stepCount(page: Page): Promise<string> {
  return (await page.getByTestId('step-count').textContent()) ?? '';
}

/** The on-screen box of a line number in the editor's margin (the line must be in view). */
function lineNumber(page: Page, line: number) {
  return page.locator('.monaco-editor .margin .line-numbers').getByText(String(line), { exact: true });
}

/** Scroll the editor with the mouse wheel until `line`'s number is on screen, a few lines from the edges. */
async function scrollToLine(page: Page, line: number): Promise<void> {
  const lines = page.locator('.monaco-editor .view-lines');
  const box = (await lines.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let tries = 0; tries < 20; tries++) {
    const shown = (await page.locator('.monaco-editor .margin .line-numbers').allTextContents())
      .map(Number)
      .filter((n) => n > 0);
    const first = Math.min(...shown);
    const last = Math.max(...shown);
    if (line >= first + 3 && line <= last - 3) return;
    await page.mouse.wheel(0, line < first + 3 ? -105 : 105);
    await page.waitForTimeout(50);
  }
  throw new Error(`could not scroll line ${line} into view`);
}

describe('IDE', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite();
    await waitForEditor(site.page);
    await site.page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('steps three times and highlights the registers the last step changed', async () => {
    const { page } = site;
    for (const expected of ['1', '2', '3']) {
      await page.getByTestId('btn-step').click();
      await expect.poll(() => stepCount(page)).toBe(expected);
    }
    // Steps: xor ax, ax · mov cx, 100 · add ax, cx — the third one wrote AX = 0 + 100 = 64h and moved IP.
    expect(await page.getByTestId('reg-ax').textContent()).toBe('0x0064');
    expect(await page.getByTestId('reg-cx').textContent()).toBe('0x0064');
    const changed = await changedRegisters(page);
    expect(changed).toContain('ax');
    expect(changed).toContain('ip');
    expect(changed).not.toContain('cx'); // set by the step before, not by this one
    expect(changed).not.toContain('bx');
    // The next instruction, `loop sum_loop`, is the highlighted line.
    await expect.poll(() => page.locator('.hs-current-line').count()).toBe(1);
  });

  it('steps with the keyboard: F11 steps into, F10 steps over', async () => {
    const { page } = site;
    await page.keyboard.press('F11');
    await expect.poll(() => stepCount(page)).toBe('4');
    await page.keyboard.press('F10');
    await expect.poll(() => stepCount(page)).toBe('5');
  });

  it('steps back to the previous registers', async () => {
    const { page } = site;
    const before = await registers(page);
    await page.getByTestId('btn-step').click();
    await expect.poll(() => stepCount(page)).toBe('6');
    expect(await registers(page)).not.toEqual(before);
    await page.getByTestId('btn-step-back').click();
    await expect.poll(() => stepCount(page)).toBe('5');
    expect(await registers(page)).toEqual(before);
  });

  it('shows hover docs from the opcode table', async () => {
    const { page } = site;
    await scrollToLine(page, lineOf('add ax, cx'));
    await page
      .locator('.monaco-editor .view-line span span')
      .getByText('add', { exact: true })
      .first()
      .hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'dest = dest + src' });
    await hover.waitFor({ timeout: 10_000 });
    expect(await hover.textContent()).toContain('Flags changed: OF SF ZF AF PF CF');
    await page.mouse.move(5, 5);
    await hover.waitFor({ state: 'hidden' });
  });

  it('sets a breakpoint by clicking the glyph margin, and Run stops there', async () => {
    const { page } = site;
    const line = lineOf('mov si, ax');
    await scrollToLine(page, line);
    const number = await lineNumber(page, line).boundingBox();
    const margin = await page.locator('.monaco-editor .margin').boundingBox();
    if (!number || !margin) throw new Error(`line ${line} is not on screen`);
    await page.mouse.click(margin.x + 8, number.y + number.height / 2);
    await expect.poll(() => page.locator('.hs-breakpoint').count()).toBe(1);
    await page.getByTestId('btn-run').click();
    // Why it stopped is a debugger message (the console shows only what the program prints).
    await expect.poll(() => page.getByTestId('debug-messages').textContent()).toContain('breakpoint');
    // Stopped before `mov si, ax`: the loop has summed 1..100 (5050 = 13BAh, default.asm's header) and CX is 0.
    expect(await page.getByTestId('exec-state').textContent()).toBe('paused');
    expect(await page.getByTestId('reg-ax').textContent()).toBe('0x13BA');
    expect(await page.getByTestId('reg-cx').textContent()).toBe('0x0000');
    // The stopped-at line is the highlighted one (the decoration follows the update, so poll).
    await expect
      .poll(async () => {
        const current = await page.locator('.hs-current-line').boundingBox();
        const target = await lineNumber(page, line).boundingBox();
        return current && target ? Math.abs(current.y - target.y) : Infinity;
      })
      .toBeLessThan(3);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/ide-breakpoint.png' });
  });

  it('shows a typo as a marker at its line and column', async () => {
    const { page } = site;
    const line = lineOf('xor ax, ax');
    await scrollToLine(page, line);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home'); // to the first non-blank character: column 9
    await page.keyboard.type('q'); // `qxor ax, ax`: an unknown instruction
    const squiggle = page.locator('.monaco-editor .squiggly-error');
    await squiggle.first().waitFor({ timeout: 10_000 });
    expect(await squiggle.count()).toBe(1);
    await expect.poll(() => page.getByTestId('assembly-status').textContent()).toContain('1 error');
    const box = (await squiggle.boundingBox())!;
    const row = (await lineNumber(page, line).boundingBox())!;
    const text = (await page.locator('.monaco-editor .view-lines').boundingBox())!;
    expect(Math.abs(box.y + box.height / 2 - (row.y + row.height / 2))).toBeLessThan(row.height / 2);
    // The squiggle spans `qxor`: 4 characters from column 9, so it starts 8 character widths into the line.
    const charWidth = box.width / 4;
    expect(Math.round((box.x - text.x) / charWidth) + 1).toBe(9);
  });

  it('keeps unsaved edits over a reload', async () => {
    const { page } = site;
    await page.waitForTimeout(100);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await waitForEditor(page);
    await expect.poll(() => page.locator('.monaco-editor .view-lines').textContent()).toContain('qxor');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
  });

  it('runs an endless loop, and Pause answers', async () => {
    const { page } = site;
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('org 0x100\nspin: jmp spin\n');
    await page.getByTestId('btn-run').and(page.locator(':enabled')).waitFor({ timeout: 10_000 });
    await page.getByTestId('btn-run').click();
    await expect.poll(() => page.getByTestId('exec-state').textContent()).toBe('running');
    await page.waitForTimeout(300);
    await page.getByTestId('btn-pause').click();
    await expect.poll(() => page.getByTestId('exec-state').textContent()).toBe('paused');
    expect(Number((await stepCount(page)).replace(/,/g, ''))).toBeGreaterThan(1000);
    expect(await page.getByTestId('reg-ip').textContent()).toBe('0x0100');
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(site.errors).toEqual([]);
  });
});
