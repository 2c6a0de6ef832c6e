// End to end: the guest's console and keyboard, and the remaining debugger controls, in real Chromium. A program
// typed into the editor prints through the BIOS and the console shows exactly the text its header states; a
// program waiting in INT 16h says so and gets a key typed into the console; a slow run shows its steps one by
// one; reverse-continue goes back to the previous breakpoint hit; run to cursor stops on the cursor's line; a
// conditional breakpoint `cx == 3` stops at the iteration worked out by hand; breakpoints follow edited lines.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import { openSite, waitForEditor, type Site } from './browser';

/** Sum CX = 5, 4, 3, 2, 1 into AX. The `add` runs with CX = 5, 4, 3, 2, 1 and AX before it 0, 5, 9, 12, 14. */
const LOOP = [
  'org 0x100',
  '        mov cx, 5',
  'again:',
  '        add ax, cx',
  '        loop again',
  '        hlt',
  ''
].join('\n');
const ADD_LINE = 4;
const HLT_LINE = 6;

/** Wait for one key (INT 16h AH=00h), print it twice (INT 10h AH=0Eh keeps AL), stop. */
const READ_KEY = [
  'org 0x100',
  '        mov ah, 0x00',
  '        int 0x16',
  '        mov ah, 0x0E',
  '        int 0x10',
  '        int 0x10',
  '        hlt',
  ''
].join('\n');

const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent()) ?? '';
/** Text as Monaco renders it: its spaces are no-break spaces. */
const plain = (shown: string | null) => (shown ?? '').replace(/\u00a0/g, ' ');

/** Replace the editor's text, wait until it has assembled, and Reset so the machine runs it. */
async function loadProgram(page: Page, source: string): Promise<void> {
  const bytes = assemble(source).image.length;
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
  await expect.poll(() => text(page, 'assembly-status')).toBe(`assembled: ${bytes} bytes`);
  await page.getByTestId('btn-reset').click();
  await expect.poll(() => text(page, 'step-count')).toBe('0');
  await expect.poll(() => text(page, 'reg-ip')).toBe('0x0100');
}

/** The vertical middle of a line number in the editor's margin (the line must be on screen). */
async function lineY(page: Page, line: number): Promise<number> {
  const box = await page
    .locator('.monaco-editor .margin .line-numbers')
    .getByText(String(line), { exact: true })
    .boundingBox();
  if (!box) throw new Error(`line ${line} is not on screen`);
  return box.y + box.height / 2;
}

async function glyphMargin(page: Page, line: number, button: 'left' | 'right' = 'left'): Promise<void> {
  const margin = (await page.locator('.monaco-editor .margin').boundingBox())!;
  await page.mouse.click(margin.x + 8, await lineY(page, line), { button });
}

describe('console, keyboard and the debugger controls', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite({ width: 1280, height: 900 });
    await waitForEditor(site.page);
    await site.page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('runs dos-hello.asm typed into the editor and shows exactly the text its header states', async () => {
    const { page } = site;
    const source = readFileSync('static/programs/dos-hello.asm', 'utf8');
    // `expect-console: Hello, world!\r\n`: a CR LF ends the line on a teletype.
    const stated = /expect-console: (.*)$/m.exec(source)![1];
    const shown = stated.replace(/\\r\\n/g, '\n');
    await loadProgram(page, source);
    expect(plain(await page.locator('.monaco-editor .view-lines').textContent())).toContain('Hello, world!');
    expect(await text(page, 'console')).toBe('');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('halted (HLT)');
    expect(await text(page, 'console')).toBe(shown);
    // Going back in time takes printed text back: with no breakpoint, reverse-continue goes to the start.
    await page.getByTestId('btn-reverse-continue').click();
    await expect.poll(() => text(page, 'step-count')).toBe('0');
    expect(await text(page, 'console')).toBe('');
    // Run again: the same text once (not twice).
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('halted (HLT)');
    expect(await text(page, 'console')).toBe(shown);
  });

  it('a program waiting for a key says so, and gets the key typed into the console', async () => {
    const { page } = site;
    await loadProgram(page, READ_KEY);
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('waiting for a key');
    await page.getByTestId('waiting-for-key').waitFor();
    await page.getByTestId('console').click();
    await page.keyboard.press('q');
    await expect.poll(() => text(page, 'exec-state')).toBe('halted (HLT)');
    expect(await text(page, 'console')).toBe('qq');
    // 'q' is ASCII 71h; AH was set to 0Eh for the teletype, which leaves AX as it was.
    expect(await text(page, 'reg-ax')).toBe('0x0E71');
  });

  it('at 10 steps a second, Run shows the steps one by one', async () => {
    const { page } = site;
    await loadProgram(page, LOOP);
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('btn-run').click();
    const seen = new Set<string>();
    const started = Date.now();
    while (Date.now() - started < 700) {
      seen.add(await text(page, 'step-count'));
      await page.waitForTimeout(25);
    }
    await page.getByTestId('btn-pause').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('paused');
    // In 0.7 s at 10 steps a second: steps 1…7 or so, each shown (the loop is 11 steps long, far from done).
    const steps = [...seen].map(Number).filter((n) => n > 0);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...steps)).toBeLessThanOrEqual(9);
    await page.getByTestId('speed').selectOption('full');
    expect(await page.evaluate(() => localStorage.getItem('hyperstep:speed'))).toBe('full');
  });

  it('reverse-continue from a later hit goes back to the previous breakpoint hit', async () => {
    const { page } = site;
    await loadProgram(page, LOOP);
    await glyphMargin(page, ADD_LINE);
    await expect.poll(() => page.locator('.hs-breakpoint').count()).toBe(1);
    for (const cx of ['0x0005', '0x0004', '0x0003']) {
      await page.getByTestId('btn-run').click();
      await expect.poll(() => text(page, 'reg-cx')).toBe(cx);
    }
    // At the third hit (CX = 3, AX = 5 + 4 = 9); back to the second: CX = 4, AX = 5.
    expect(await text(page, 'reg-ax')).toBe('0x0009');
    await page.getByTestId('btn-reverse-continue').click();
    await expect.poll(() => text(page, 'reg-cx')).toBe('0x0004');
    expect(await text(page, 'reg-ax')).toBe('0x0005');
    // The key does the same: back to the first hit (CX = 5, AX = 0).
    await page.keyboard.press('Control+Shift+F5');
    await expect.poll(() => text(page, 'reg-cx')).toBe('0x0005');
    expect(await text(page, 'reg-ax')).toBe('0x0000');
  });

  it('run to cursor stops on the cursor line', async () => {
    const { page } = site;
    await glyphMargin(page, ADD_LINE); // the breakpoint off, so nothing stops on the way
    await expect.poll(() => page.locator('.hs-breakpoint').count()).toBe(0);
    const lines = (await page.locator('.monaco-editor .view-lines').boundingBox())!;
    await page.mouse.click(lines.x + 200, await lineY(page, HLT_LINE));
    await page.keyboard.press('Control+F10');
    await expect.poll(() => text(page, 'reg-ip')).toBe('0x0107');
    // Before the HLT at 0107h (mov cx 3 bytes, add 2, loop 2): AX = 5+4+3+2+1 = 15, CX = 0, not yet halted.
    expect(await text(page, 'reg-ax')).toBe('0x000F');
    expect(await text(page, 'reg-cx')).toBe('0x0000');
    expect(await text(page, 'exec-state')).toBe('paused');
  });

  it('a conditional breakpoint `cx == 3` stops at the third iteration; a bad condition shows its column', async () => {
    const { page } = site;
    await page.getByTestId('btn-reset').click();
    await expect.poll(() => text(page, 'step-count')).toBe('0');
    await glyphMargin(page, ADD_LINE, 'right');
    const dialog = page.getByTestId('breakpoint-dialog');
    await dialog.waitFor();
    await page.getByTestId('bp-condition').fill('cx ==');
    await page.getByTestId('bp-save').click();
    // `cx ==` ends where a value should be: column 6, one past its 5 characters.
    await expect.poll(() => text(page, 'bp-error')).toContain('Column 6');
    await page.getByTestId('bp-condition').fill('cx == 3');
    await page.getByTestId('bp-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.hs-breakpoint-conditional').count()).toBe(1);
    await page.getByTestId('btn-run').click();
    // The add runs with CX = 5, 4, 3: stopped before the third one, AX = 5 + 4 = 9.
    await expect.poll(() => text(page, 'reg-cx')).toBe('0x0003');
    expect(await text(page, 'reg-ax')).toBe('0x0009');
    expect(await text(page, 'debug-messages')).toContain(`breakpoint on line ${ADD_LINE}`);
    // The inline values on the current line: the `add ax, cx` line shows AX and CX.
    await expect
      .poll(async () => plain(await page.locator('.hs-inline-values').textContent()))
      .toContain('ax=0x0009 cx=0x0003');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/console-conditional.png' });
  });

  it('breakpoints follow inserted lines, and Reset sends them at their new lines', async () => {
    const { page } = site;
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter'); // a blank first line: everything moves down one
    await expect
      .poll(async () => {
        const glyph = (await page.locator('.hs-breakpoint').boundingBox())!;
        return Math.abs(glyph.y + glyph.height / 2 - (await lineY(page, ADD_LINE + 1)));
      })
      .toBeLessThan(6);
    // Only a blank line: the code is the same, so the machine runs on, its current line the moved one …
    await expect
      .poll(async () => {
        const current = (await page.locator('.hs-current-line').boundingBox())!;
        return Math.abs(current.y + current.height / 2 - (await lineY(page, ADD_LINE + 1)));
      })
      .toBeLessThan(6);
    // … and Reset sends the breakpoint at its new line: Run stops at it as before.
    await page.getByTestId('btn-reset').click();
    await expect.poll(() => text(page, 'step-count')).toBe('0');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'reg-cx')).toBe('0x0003');
    expect(await text(page, 'debug-messages')).toContain(`breakpoint on line ${ADD_LINE + 1}`);
  });

  it('lists the debugger keys in the Keys help', async () => {
    const { page } = site;
    await page.getByTestId('btn-keys').click();
    const help = page.getByTestId('keys-help');
    await help.waitFor();
    for (const keys of ['Ctrl+Shift+F5', 'Ctrl+F10', 'Ctrl+Shift+F11', 'F9'])
      expect(await help.textContent()).toContain(keys);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('btn-reverse-continue').getAttribute('title')).toContain('Ctrl+Shift+F5');
    expect(await page.getByTestId('btn-run-to-cursor').getAttribute('title')).toContain('Ctrl+F10');
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(site.errors).toEqual([]);
  });
});
