// End to end: the examples gallery, files in tabs, share links and embed mode, as a learner meets them in
// Chromium. Each example opens from the gallery as its own file, assembles to its committed .com, and (where the
// browser's machine can run it) runs to the registers and flags its header states; two edited files survive a
// reload; a share link opens the code in a fresh profile; a damaged link says why and leaves the work alone;
// `?embed` is the compact page. Screenshots of the gallery, the tabs and embed mode at 1280×720 and 1920×1080.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, waitForEditor, type Site } from './browser';
import { FLAG_BITS, hex16, parseExpectedOutcome, type FlagName } from '../programs/program-header';

const DIR = 'static/programs/examples';
const EXAMPLES = readdirSync(DIR)
  .filter((file) => file.endsWith('.asm'))
  .sort();
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 }
];
const SHOTS = 'test-results';

/** The `; expect-console:` text as the console shows it: CR LF is a new line (console-text.ts renders a teletype). */
function expectedConsole(source: string): string {
  const text = /^\s*;+\s*expect-console:\s?(.*)$/m.exec(source)?.[1] ?? '';
  return text.replace(/\\r\\n/g, '\n').replace(/\\n/g, '\n');
}
/** The `; keys: "…"` a program reads, as key presses (\r is Enter). */
function keysOf(source: string): string[] {
  const text = /^\s*;+\s*keys:\s*"(.*)"\s*$/m.exec(source)?.[1] ?? '';
  return [...text.replace(/\\r/g, '\r')].map((char) => (char === '\r' ? 'Enter' : char));
}

/** The editor's visible lines (Monaco draws spaces as no-break spaces). */
const editorText = async (page: Page) =>
  ((await page.locator('.monaco-editor .view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
const state = (page: Page) => page.getByTestId('exec-state').textContent();

/** Wait for the active tab to be `name` and its program to be loaded, at step 0. */
async function waitLoaded(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.getByTestId(`tab-${name}`).getAttribute('aria-current')).toBe('true');
  await waitForEditor(page);
  await expect.poll(() => state(page), { timeout: 15_000 }).toBe('paused');
  await expect.poll(() => page.getByTestId('step-count').textContent()).toBe('0');
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/programs-${name}-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize(SIZES[0]);
}

describe('programs: gallery, tabs, share, embed', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite(SIZES[0]);
    await waitForEditor(site.page);
    await site.page.getByTestId('exec-state').filter({ hasText: 'paused' }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('lists every example with a line about it', async () => {
    const { page } = site;
    await page.getByTestId('btn-examples').click();
    for (const file of EXAMPLES) {
      const item = page.getByTestId(`example-${file}`);
      await expect.poll(() => item.isVisible()).toBe(true);
      expect((await item.textContent())!.length).toBeGreaterThan(file.length + 20);
    }
    await shoot(page, 'gallery');
    await page.keyboard.press('Escape');
  });

  describe.each(EXAMPLES)('%s', (file) => {
    const source = readFileSync(`${DIR}/${file}`, 'utf8');
    const image = readFileSync(`${DIR}/${file.replace(/\.asm$/, '.com')}`);
    const outcome = parseExpectedOutcome(source);
    const keys = keysOf(source);

    it('opens from the gallery in one click, as its own file, and assembles to its .com', async () => {
      const { page } = site;
      await page.getByTestId('btn-examples').click();
      await page.getByTestId(`example-${file}`).click();
      await waitLoaded(page, file);
      // The editor shows the program around its first instruction (the current line), below the header.
      await expect.poll(() => editorText(page)).toContain('org 0x100');
      await expect
        .poll(() => page.getByTestId('assembly-status').textContent())
        .toBe(`assembled: ${image.length} bytes`);
    });

    it('runs to the registers, flags and console text its header states', async () => {
      const { page } = site;
      await page.getByTestId('btn-run').click();
      if (keys.length > 0) {
        // The BIOS waits in INT 16h: type into the console, as a learner would.
        await expect.poll(() => state(page), { timeout: 10_000 }).toBe('waiting for a key');
        await page.getByTestId('console').click();
        for (const key of keys) await page.keyboard.press(key);
      }
      await expect.poll(() => state(page), { timeout: 20_000 }).toBe('halted (HLT)');
      const printed = (await page.getByTestId('console').textContent()) ?? '';
      expect(printed.trimEnd()).toBe(expectedConsole(source).trimEnd());
      const registers: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      for (const [name, value] of Object.entries(outcome.registers)) {
        registers[name] = (await page.getByTestId(`reg-${name}`).textContent()) ?? '';
        wanted[name] = hex16(value);
      }
      for (const [name, value] of Object.entries(outcome.flags)) {
        registers[name] = (await page.getByTestId(`flag-${name.toLowerCase()}`).textContent()) ?? '';
        wanted[name] = String(value);
        expect(FLAG_BITS[name as FlagName]).toBeDefined();
      }
      expect(registers).toEqual(wanted);
    });

    it('shows on the text screen what it printed or drew there', async () => {
      const { page } = site;
      // The BIOS teletype writes each character to the screen at B800h as well as to port E9h (the console).
      const firstLine = expectedConsole(source).split('\n')[0].trim();
      // bounce.asm draws a 40-column box of '#' with the ball 'O' inside (its header).
      const drawn = file === 'bounce.asm' ? ['#'.repeat(40), 'O'] : firstLine ? [firstLine] : [];
      if (drawn.length === 0) return;
      await page.getByTestId('panel-tab-screen').click();
      const screen = (await page.getByTestId('screen').textContent()) ?? '';
      await page.getByTestId('panel-tab-console').click();
      for (const text of drawn) expect(screen).toContain(text);
    });
  });

  it('opened every example beside the first file, which is untouched', async () => {
    const { page } = site;
    const tabs = await page.locator('[data-testid^="tab-"]').allTextContents();
    expect(tabs[0]).toBe('main.asm');
    expect([...tabs].sort()).toEqual(['main.asm', ...EXAMPLES].sort());
    await page.getByTestId('tab-main.asm').click();
    await waitLoaded(page, 'main.asm');
    await expect.poll(() => editorText(page)).toContain('How to read this file');
  });

  it('keeps edits in two files over a reload', async () => {
    const { page } = site;
    await page.getByTestId('btn-new-file').click();
    await page.getByTestId('file-name').fill('second.asm');
    await page.getByTestId('file-dialog-confirm').click();
    await waitLoaded(page, 'second.asm');
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('; the second file, edited\norg 0x100\nmov bx, 7\nhlt\n');
    await page.getByTestId('tab-main.asm').click();
    await waitLoaded(page, 'main.asm');
    // An edit on the first instruction's line: the editor shows that line after the reload.
    await page.locator('.monaco-editor .view-line').filter({ hasText: 'xor ax, ax' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ; main edited too');
    await shoot(page, 'tabs');
    await page.waitForTimeout(100);

    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await waitLoaded(page, 'main.asm');
    await expect.poll(() => editorText(page)).toContain('; main edited too');
    await page.getByTestId('tab-second.asm').click();
    await waitLoaded(page, 'second.asm');
    await expect.poll(() => editorText(page)).toContain('; the second file, edited');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => state(page)).toBe('halted (HLT)');
    expect(await page.getByTestId('reg-bx').textContent()).toBe('0x0007');
  });

  it('renames and deletes a file, asking first', async () => {
    const { page } = site;
    await page.getByTestId('rename-second.asm').click();
    await page.getByTestId('file-name').fill('bad name');
    await page.getByTestId('file-dialog-confirm').click();
    await page.getByRole('alert').filter({ hasText: 'no spaces' }).waitFor();
    await page.getByTestId('file-name').fill('seven.asm');
    await page.getByTestId('file-dialog-confirm').click();
    await waitLoaded(page, 'seven.asm').catch(() => {}); // renaming keeps the machine as it was
    await expect.poll(() => page.getByTestId('tab-seven.asm').getAttribute('aria-current')).toBe('true');
    await page.getByTestId('delete-seven.asm').click();
    await page.getByText('Its text will be gone').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('tab-seven.asm').count()).toBe(1);
    await page.getByTestId('delete-seven.asm').click();
    await page.getByTestId('file-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('tab-seven.asm').count()).toBe(0);
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    await waitForEditor(page);
    expect(await page.getByTestId('tab-seven.asm').count()).toBe(0);
  });

  it('opens a .asm from disk as a new file, and saves the open file as a download', async () => {
    const { page } = site;
    const text = '; from disk\norg 0x100\nmov cx, 3\nhlt\n';
    await page.getByTestId('open-file').setInputFiles({
      name: 'main.asm', // the name is taken: it must not replace main.asm
      mimeType: 'text/plain',
      buffer: Buffer.from(text)
    });
    await waitLoaded(page, 'main-2.asm');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => state(page)).toBe('halted (HLT)');
    expect(await page.getByTestId('reg-cx').textContent()).toBe('0x0003');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('btn-save').click()
    ]);
    expect(download.suggestedFilename()).toBe('main-2.asm');
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    await page.getByTestId('tab-main.asm').click();
    await waitLoaded(page, 'main.asm');
    await expect.poll(() => editorText(page)).toContain('main edited too');
  });

  let link = '';

  it('Share makes a link that opens the code in a fresh browser profile, as a new file', async () => {
    const { page, browser, server } = site;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByTestId('tab-arithmetic.asm').click();
    await waitLoaded(page, 'arithmetic.asm');
    await page.getByTestId('btn-share').click();
    await expect.poll(() => page.getByTestId('share-link').inputValue()).toMatch(/#share=1\.[\w-]+$/);
    link = await page.getByTestId('share-link').inputValue();
    await expect.poll(() => page.getByTestId('share-status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.keyboard.press('Escape');

    const fresh = await browser.newContext({ viewport: SIZES[0] });
    try {
      const other = await fresh.newPage();
      await other.goto(link);
      await other.locator('body[data-hydrated]').waitFor();
      await waitLoaded(other, 'arithmetic.asm');
      expect(await other.locator('[data-testid^="tab-"]').allTextContents()).toEqual([
        'main.asm',
        'arithmetic.asm'
      ]);
      await expect.poll(() => editorText(other)).toContain('mul bx');
      expect(await other.getByTestId('notice').count()).toBe(0);
      expect(new URL(other.url()).hash).toBe(''); // a reload will not open it a second time
      await other.getByTestId('btn-run').click();
      await expect.poll(() => state(other)).toBe('halted (HLT)');
      expect(await other.getByTestId('reg-dx').textContent()).toBe('0x012C');
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['damaged base64', '#share=1.abc$def', 'not valid base64url'],
    ['another version', '#share=9.abcd', 'another version of Hyperstep'],
    ['not deflate', '#share=1.aGVsbG8gd29ybGQ', 'could not be decompressed']
  ])('a link with %s shows why, and the saved work is untouched', async (_, fragment, words) => {
    const { page, server } = site;
    const saved = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
    const before = await saved();
    await page.goto('about:blank');
    await page.goto(server.url + fragment);
    await page.locator('body[data-hydrated]').waitFor();
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(words);
    expect(await notice.textContent()).toContain('Your saved work is unchanged.');
    await waitForEditor(page);
    expect(await saved()).toBe(before);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await notice.count()).toBe(0);
  });

  it('?embed is the compact page: editor, controls, registers and console, no menus, a link back', async () => {
    const { browser, server } = site;
    const embedded = await browser.newPage({ viewport: SIZES[0] });
    try {
      const url = new URL(link);
      url.search = '?embed';
      await embedded.goto(url.toString());
      await embedded.locator('body[data-hydrated]').waitFor();
      await waitForEditor(embedded);
      await expect.poll(() => editorText(embedded)).toContain('mul bx');
      for (const id of ['btn-run', 'btn-step', 'btn-reset', 'reg-ax', 'console', 'open-full-ide']) {
        expect(await embedded.getByTestId(id).isVisible(), id).toBe(true);
      }
      for (const id of ['btn-examples', 'btn-share', 'btn-new-file']) {
        expect(await embedded.getByTestId(id).count(), id).toBe(0);
      }
      const back = await embedded.getByTestId('open-full-ide').getAttribute('href');
      expect(back).toMatch(new RegExp(`^${server.url.replace(/\/$/, '')}/?#share=1\\.`));
      await shoot(embedded, 'embed');
    } finally {
      await embedded.close();
    }
  });

  it('had no page errors, console errors or failed requests', () => {
    expect(site.errors).toEqual([]);
  });
});
