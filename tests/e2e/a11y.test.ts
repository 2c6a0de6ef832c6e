// End to end: accessibility of the IDE page, checked by axe-core (the standard rules engine, run inside the
// page) in the light theme, the dark theme and presenter mode, after a few steps so the panels have content.
// No `serious` or `critical` violation may remain; a failure prints each rule with the elements it found.
// Also checks by hand what axe cannot: the theme and presenter switches work from the keyboard, are remembered
// over a reload, and the editor follows them.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, waitForEditor, type Site } from './browser';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Run axe on the whole page; return the serious and critical violations. Monaco's text layer is a 16-million-px
 * box clipped by its frame, so axe thinks it covers the page and leaves the colour contrast of everything
 * beside it "incomplete" (unchecked). A second pass with the editor out of the layout checks those.
 */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    type Axe = { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const whole = await axe.run(document, { resultTypes: ['violations'] });
    const hideEditor = document.createElement('style');
    hideEditor.textContent = '.monaco-editor { display: none !important; }';
    document.head.append(hideEditor);
    try {
      const rest = await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] });
      return [...whole.violations, ...rest.violations];
    } finally {
      hideEditor.remove();
    }
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One readable paragraph per violation: rule, impact, help, and up to five elements with axe's summary. */
function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `    ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`
        )
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n\n');
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  // Colours fade (the registers' highlight has a transition): judge the settled page, not a frame mid-fade.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  const violations = await seriousViolations(page);
  expect(violations.length, `axe found:\n\n${describeViolations(violations)}\n`).toBe(0);
}

/** Choose in the view menu with the keyboard, as a learner without a mouse would. */
async function chooseInViewMenu(page: Page, testId: string): Promise<void> {
  await page.getByTestId('btn-view-menu').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('view-menu').waitFor();
  await page.getByTestId(testId).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Escape');
  await page.getByTestId('view-menu').waitFor({ state: 'hidden' });
}

/** Monaco names its base theme (`vs` or `vs-dark`) as a class of the editor's root. */
async function editorClasses(page: Page): Promise<string[]> {
  return ((await page.locator('.monaco-editor').first().getAttribute('class')) ?? '').split(/\s+/);
}

/** Start the Tab order from the top of the document, as after loading the page. */
async function focusDocumentStart(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
}

const rootAttribute = (page: Page, name: string) =>
  page.evaluate((attribute) => document.documentElement.getAttribute(attribute), name);

describe('accessibility (axe-core)', () => {
  let site: Site;

  beforeAll(async () => {
    site = await openSite({ width: 1280, height: 720 });
    await waitForEditor(site.page);
    await site.page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
    // Every panel the layout offers is shown (its menu has a checkbox per panel), so axe sees them all.
    await site.page.evaluate(() => {
      for (const toggle of document.querySelectorAll<HTMLInputElement>(
        'input[data-testid^="panel-toggle-"]'
      )) {
        if (!toggle.checked) toggle.click();
      }
    });
    for (const expected of ['1', '2', '3']) {
      await site.page.getByTestId('btn-step').click();
      await site.page.getByTestId('step-count').filter({ hasText: expected }).waitFor();
    }
  });

  afterAll(async () => {
    await site?.close();
  });

  it('starts in the light theme when the system asks for light', async () => {
    // Playwright's default colour scheme is light, and nothing is saved in the fresh profile.
    expect(await rootAttribute(site.page, 'data-theme')).toBe('light');
    expect(await editorClasses(site.page)).toContain('vs');
  });

  it('follows the system while the choice is "As the system"', async () => {
    const { page } = site;
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => rootAttribute(page, 'data-theme')).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => rootAttribute(page, 'data-theme')).toBe('light');
  });

  it('has no serious or critical violations in the light theme', async () => {
    await expectNoSeriousViolations(site.page);
  });

  it('switches to dark from the keyboard; the editor follows and a reload keeps it', async () => {
    const { page } = site;
    await chooseInViewMenu(page, 'theme-dark');
    expect(await rootAttribute(page, 'data-theme')).toBe('dark');
    await expect.poll(() => editorClasses(page)).toContain('vs-dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(15, 19, 26)'); // --bg of the dark theme in app.css: #0f131a
    // After a reload the very first frame is already dark (no light flash): note what the first frame shows.
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        const firstFrame = {
          theme: document.documentElement.getAttribute('data-theme'),
          background: getComputedStyle(document.body).backgroundColor
        };
        (window as unknown as { firstFrame: typeof firstFrame }).firstFrame = firstFrame;
      });
    });
    await page.reload();
    await page.locator('body[data-hydrated]').waitFor();
    expect(await rootAttribute(page, 'data-theme')).toBe('dark');
    expect(await page.evaluate(() => (window as unknown as { firstFrame: unknown }).firstFrame)).toEqual({
      theme: 'dark',
      background: 'rgb(15, 19, 26)'
    });
    await waitForEditor(page);
    await expect.poll(() => editorClasses(page)).toContain('vs-dark');
  });

  it('has no serious or critical violations in the dark theme', async () => {
    await expectNoSeriousViolations(site.page);
  });

  it('has no serious or critical violations with a menu or a dialog open (dark)', async () => {
    const { page } = site;
    await page.getByTestId('btn-view-menu').click();
    await page.getByTestId('view-menu').waitFor();
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Escape');
    await page.getByTestId('view-menu').waitFor({ state: 'hidden' });
    await page.getByTestId('btn-keys').click();
    await page.getByTestId('keys-help').waitFor();
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Escape');
    await page.getByTestId('keys-help').waitFor({ state: 'hidden' });
    // The examples gallery and the share dialog (modal <dialog>s of the project menu).
    for (const [button, inside] of [
      ['btn-examples', 'example-hello.asm'],
      ['btn-share', 'share-link']
    ]) {
      await page.getByTestId(button).click();
      await page.getByTestId(inside).waitFor();
      await expectNoSeriousViolations(page);
      await page.keyboard.press('Escape');
      await page.getByTestId(inside).waitFor({ state: 'hidden' });
    }
  });

  it('turns on presenter mode: larger UI text and editor type', async () => {
    const { page } = site;
    const editorFontSize = () =>
      page
        .locator('.monaco-editor .view-lines')
        .evaluate((lines) => parseFloat(getComputedStyle(lines).fontSize));
    const before = await editorFontSize();
    await chooseInViewMenu(page, 'presenter-toggle');
    expect(await rootAttribute(page, 'data-presenter')).toBe('');
    const rootSize = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.documentElement).fontSize)
    );
    expect(rootSize).toBe(20); // 125% of the browser's 16 px
    await expect.poll(editorFontSize).toBeGreaterThan(before);
  });

  it('has no serious or critical violations in presenter mode, dark and light', async () => {
    await expectNoSeriousViolations(site.page);
    await chooseInViewMenu(site.page, 'theme-light');
    expect(await rootAttribute(site.page, 'data-theme')).toBe('light');
    await expectNoSeriousViolations(site.page);
  });

  it('reaches every top-bar control with Tab, and moves along the toolbar with the arrow keys', async () => {
    const { page } = site;
    await focusDocumentStart(page);
    const stops: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? ''
      );
      stops.push(id);
      if (id === 'btn-view-menu') break;
    }
    // Every enabled button of the toolbar (Step back is disabled after the reload: no history), then the menu.
    const enabled = await page.$$eval('[role="toolbar"] button:not(:disabled)', (buttons) =>
      buttons.map((b) => b.getAttribute('data-testid') ?? '')
    );
    expect(enabled).toEqual(expect.arrayContaining(['btn-run', 'btn-step', 'btn-step-over', 'btn-reset']));
    expect(stops.filter((id) => enabled.includes(id) || id === 'btn-view-menu')).toEqual([
      ...enabled,
      'btn-view-menu'
    ]);
    await page.getByTestId('btn-step').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'btn-step-over'
    );
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(enabled[0]);
    await page.keyboard.press('ArrowLeft'); // wraps around to the last one
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      enabled.at(-1)
    );
  });

  it('offers a skip link as the first Tab stop that puts the keyboard in the editor', async () => {
    const { page } = site;
    await focusDocumentStart(page);
    await page.keyboard.press('Tab');
    const first = page.locator(':focus');
    expect(await first.textContent()).toBe('Skip to the editor');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
  });

  it('logged no page errors', () => {
    expect(site.errors).toEqual([]);
  });
});
