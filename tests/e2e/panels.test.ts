// End to end: the machine panels beside the editor. Step a program and see the disassembly, stack and memory
// follow; edit a register while paused and step (the edit counts, step back keeps it); go to an address; scrub the
// history back to a step seen before; hide a panel and find it still hidden after a reload. Expected values are
// worked out by hand from the program text below.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, waitForEditor, type Site } from './browser';

/**
 * A .COM program at 1000:0100. Bytes by hand: B8 34 12 (mov ax, 1234h) at 100h, 50 (push ax) at 103h,
 * E8 01 00 (call sub: 108h − 107h = 1) at 104h, F4 (hlt) at 107h, sub: 83 C0 10 (add ax, 10h) at 108h, C3 (ret).
 */
const PROGRAM = [
  'org 0x100',
  '        mov ax, 0x1234  ; line 2',
  '        push ax         ; line 3',
  '        call sub        ; line 4',
  '        hlt             ; line 5',
  'sub:    add ax, 0x10    ; line 6',
  '        ret             ; line 7',
  ''
].join('\n');

const REGISTERS = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'cs', 'ds', 'es', 'ss', 'ip', 'flags'];

async function registers(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of REGISTERS) values[name] = (await page.getByTestId(`reg-${name}`).textContent()) ?? '';
  return values;
}

async function stepTo(page: Page, expected: string): Promise<void> {
  await page.getByTestId('btn-step').click();
  await expect.poll(() => page.getByTestId('step-count').textContent()).toBe(expected);
}

const text = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).textContent()) ?? '').trim();

describe('machine panels', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite({ width: 1920, height: 1080 });
    const { page } = site;
    // Start from the program above, as on a first visit with it typed in (the single-file key becomes main.asm).
    await page.evaluate((source) => {
      localStorage.clear();
      localStorage.setItem('hyperstep:source:main.asm', source);
    }, PROGRAM);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await waitForEditor(page);
    await page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows the disassembly, stack and memory at the start', async () => {
    const { page } = site;
    await expect.poll(() => text(page, 'disasm-current')).toContain('mov ax,0x1234');
    expect(await page.getByTestId('disasm-current').locator('.line').textContent()).toContain('2');
    // A .COM starts with SP = FFFEh.
    expect(await text(page, 'stack-top-value')).toBe('0x0000');
    expect(await page.getByTestId('stack-top').textContent()).toContain('1000:FFFE');
    // The memory panel opens on the program: row 1000:0100 holds B8 34 12 50 E8 01 00 F4.
    const row = page.getByTestId('memory-row-10100');
    await expect.poll(() => row.textContent()).toContain('B8 34 12 50 E8 01 00 F4');
    expect(await row.textContent()).toContain('1000:0100');
  });

  it('follows the program: after PUSH the stack top is AX, after CALL it is the return address', async () => {
    const { page } = site;
    await stepTo(page, '1'); // mov ax, 1234h
    await stepTo(page, '2'); // push ax
    expect(await text(page, 'reg-sp')).toBe('0xFFFC');
    expect(await text(page, 'stack-top-value')).toBe(await text(page, 'reg-ax'));
    expect(await text(page, 'stack-top-value')).toBe('0x1234');
    await expect.poll(() => text(page, 'disasm-current')).toContain('call');

    await stepTo(page, '3'); // call sub: pushes 0107h, the address of the hlt on line 5
    expect(await text(page, 'reg-ip')).toBe('0x0108');
    expect(await text(page, 'stack-top-value')).toBe('0x0107');
    expect(await page.getByTestId('stack-top').textContent()).toContain('return to line 5');
    await expect.poll(() => text(page, 'disasm-current')).toContain('add ax,');

    // Following SS:SP marks the byte at 1000:FFFA: 07, the low byte of the return address.
    await page.getByTestId('memory-follow').selectOption('ss:sp');
    const marked = page.getByTestId('memory').locator('.byte.marked');
    await expect.poll(() => marked.textContent()).toBe('07');
    expect(await marked.getAttribute('data-addr')).toBe(String(0x1fffa));
    // The CALL wrote those two bytes (07 01 at FFFAh), and they are marked as changed by the last step.
    const changed = page.getByTestId('memory').locator('.byte.changed');
    expect(await changed.allTextContents()).toEqual(['07', '01']);
  });

  it('edits a register while paused; the next step uses it and step back keeps the edit', async () => {
    const { page } = site;
    await page.getByTestId('reg-ax').getByRole('button').click();
    const input = page.getByTestId('reg-edit-ax');
    await input.fill('xyz');
    await input.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('not hex');
    await input.press('Escape');
    expect(await text(page, 'reg-ax')).toBe('0x1234'); // cancelled: nothing changed

    await page.getByTestId('reg-ax').getByRole('button').click();
    await page.getByTestId('reg-edit-ax').fill('42');
    await page.getByTestId('reg-edit-ax').press('Enter');
    await expect.poll(() => text(page, 'reg-ax')).toBe('0x0042');
    await stepTo(page, '4'); // add ax, 10h: 42h + 10h = 52h
    expect(await text(page, 'reg-ax')).toBe('0x0052');
    await page.getByTestId('btn-step-back').click();
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('3');
    expect(await text(page, 'reg-ax')).toBe('0x0042');

    // A flag toggles by a click (CALL leaves CF as it was: read it, click, see the other value).
    const cf = await text(page, 'flag-cf');
    await page.getByRole('button', { name: /Carry flag CF/ }).click();
    await expect.poll(() => text(page, 'flag-cf')).toBe(cf === '0' ? '1' : '0');
  });

  it('goes to an address, a register pair and a label, and edits a byte', async () => {
    const { page } = site;
    await page.getByTestId('memory-follow').selectOption('none');
    const goto = page.getByTestId('memory-goto');
    const marked = page.getByTestId('memory').locator('.byte.marked');
    await goto.fill('1000:0107');
    await goto.press('Enter');
    await expect.poll(() => marked.textContent()).toBe('F4'); // the hlt
    await goto.fill('0x10103');
    await goto.press('Enter');
    await expect.poll(() => marked.textContent()).toBe('50'); // push ax
    await goto.fill('sub');
    await goto.press('Enter');
    await expect.poll(() => marked.textContent()).toBe('83'); // add ax, imm8
    await goto.fill('1000:zz');
    await goto.press('Enter');
    await expect
      .poll(() => page.getByTestId('memory').getByRole('alert').textContent())
      .toContain('not an offset');

    // Change the byte at 1000:0200 (zero) to 5Ah.
    await goto.fill('1000:0200');
    await goto.press('Enter');
    await expect.poll(() => marked.textContent()).toBe('00');
    await marked.click();
    await page.getByTestId('memory-edit').fill('5a');
    await page.getByTestId('memory-edit').press('Enter');
    await expect.poll(() => page.locator('[data-addr="66048"]').textContent()).toBe('5A'); // 10200h = 66048
    // The same with the keyboard: go to the next byte, then the note's change link.
    await goto.fill('1000:0201');
    await goto.press('Enter');
    await page.getByTestId('memory-edit-marked').press('Enter');
    await page.keyboard.type('77');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-addr="66049"]').textContent()).toBe('77');
  });

  it('scrubs the history back to a step and shows the registers seen there', async () => {
    const { page } = site;
    await page.getByTestId('btn-reset').click();
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('0');
    await stepTo(page, '1');
    const atOne = await registers(page);
    expect(atOne.ax).toBe('0x1234');
    await stepTo(page, '2');
    await stepTo(page, '3');
    const scrubber = page.getByTestId('history-scrubber');
    await scrubber.focus();
    await page.keyboard.press('Home'); // step 0
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('0');
    await page.keyboard.press('ArrowRight'); // step 1
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('1');
    expect(await registers(page)).toEqual(atOne);
    await page.keyboard.press('End'); // the latest step kept
    await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('3');
    expect(await text(page, 'stack-top-value')).toBe('0x0107');
  });

  it('hides a panel, and it stays hidden after a reload', async () => {
    const { page } = site;
    await page.getByTestId('panel-close-ivt').click();
    await expect.poll(() => page.getByTestId('panel-ivt').count()).toBe(0);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('panel-ivt').count()).toBe(0);
    expect(await page.getByTestId('panel-memory').count()).toBe(1);
    // The Panels menu shows it unticked, and ticking it brings the panel back.
    await page.getByTestId('panels-menu').click();
    const toggle = page.getByTestId('panel-toggle-ivt');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(() => page.getByTestId('panel-ivt').count()).toBe(1);
    const stored = await page.evaluate(() => localStorage.getItem('hyperstep:layout'));
    expect(JSON.parse(stored!).hidden).toEqual([]);
  });

  it('shows a disassembly row’s source line in the editor when clicked', async () => {
    const { page } = site;
    // Line 4 is `call sub`: its row in the disassembly carries the line number as a link.
    await page.getByTestId('disassembly').getByRole('button', { name: '4', exact: true }).click();
    await expect.poll(() => page.locator('.monaco-editor .selected-text').count()).toBeGreaterThan(0);
    const selection = (await page.locator('.monaco-editor .selected-text').first().boundingBox())!;
    const line = (await page
      .locator('.monaco-editor .margin .line-numbers')
      .getByText('4', { exact: true })
      .boundingBox())!;
    expect(Math.abs(selection.y - line.y)).toBeLessThan(4);
  });

  it('resizes with the keyboard: the side, and two stacked panels', async () => {
    const { page } = site;
    const splitter = page.getByTestId('splitter-side');
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowLeft'); // the side grows by 16 px
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 16);
    // Between the stack and the console (the wide layout's first column): ArrowDown gives the stack 16 px more.
    const between = page.getByTestId('splitter-stack-console');
    const stack = page.getByTestId('panel-stack');
    const height = (await stack.boundingBox())!.height;
    await between.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Math.round((await stack.boundingBox())!.height - height)).toBe(16);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/panels-1920x1080.png' });
  });

  it('shows physical addresses once the program turns paging on', async () => {
    const { page } = site;
    // paging-remap.asm (its header, worked out by hand): at its HLT, linear page 50h maps frame 71h, where it
    // wrote 5678h; the low 1 MiB is otherwise identity-mapped.
    const source = readFileSync('static/programs/paging-remap.asm', 'utf8');
    await page.evaluate((text) => localStorage.setItem('hyperstep:file:main.asm', text), source);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
    expect(await text(page, 'memory-paging')).toContain('paging off');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('halted (HLT)');
    expect(await text(page, 'memory-paging')).toBe('physical'); // the physical column's heading
    // Halted: IP is past the 1-byte HLT, and the disassembly marks the HLT it stopped on.
    expect(await text(page, 'disasm-current')).toContain('hlt');
    const goto = page.getByTestId('memory-goto');
    await goto.fill('5000:0000');
    await goto.press('Enter');
    const row = page.getByTestId('memory-row-50000');
    await expect.poll(() => row.textContent()).toContain('0x71000');
    expect(await row.textContent()).toContain('78 56');
    // An identity-mapped row keeps its address: the program's own code at 1000:0100.
    await goto.fill('1000:0100');
    await goto.press('Enter');
    await expect.poll(() => page.getByTestId('memory-row-10100').textContent()).toMatch(/0x10100\s+0x10100/);
  });

  it('shows a vector the program installs in the interrupt vector table, marked as changed', async () => {
    const { page } = site;
    // Bytes by hand: 31 C0 (xor ax,ax) at 100h, 8E C0 (mov es,ax) at 102h, 26 C7 06 80 00 imm16 (7 bytes) at
    // 104h, 26 8C 0E 82 00 (5 bytes) at 10Bh, F4 (hlt) at 110h: the handler is at 111h. INT 20h's vector is at
    // 0000:0080 (20h × 4): offset, then segment.
    const source = [
      'org 0x100',
      '        xor ax, ax',
      '        mov es, ax',
      '        mov word [es:0x80], handler',
      '        mov [es:0x82], cs',
      '        hlt',
      'handler: iret',
      ''
    ].join('\n');
    await page.evaluate((text) => localStorage.setItem('hyperstep:file:main.asm', text), source);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
    const vector = page.getByTestId('ivt-20');
    expect(await vector.textContent()).toContain('DOS');
    expect(await vector.getAttribute('class')).not.toContain('changed');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => text(page, 'exec-state')).toBe('halted (HLT)');
    await expect.poll(() => vector.textContent()).toContain('1000:0111');
    expect(await vector.textContent()).toContain('RAM');
    expect(await vector.getAttribute('class')).toContain('changed');
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(site.errors).toEqual([]);
  });
});
