// End to end: the IDE's layout at the two sizes the issue names (a 1280×720 projector, a 1920×1080 screen).
// Takes the screenshots a person looks at (test-results/ide-<size>.png) and checks what can be checked by
// machine: no page scrolling, every control on screen and unclipped, the toolbar on one row.
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openSite, waitForEditor, type Site } from './browser';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 }
];

describe.each(SIZES)('layout at $width×$height', (viewport) => {
  let site: Site | undefined;

  afterAll(async () => {
    await site?.close();
  });

  it('fits the window with every control visible, after three steps', async () => {
    site = await openSite(viewport);
    const { page } = site;
    await waitForEditor(page);
    await page.getByTestId('reg-ip').filter({ hasText: '0x0100' }).waitFor({ timeout: 15_000 });
    for (const expected of ['1', '2', '3']) {
      await page.getByTestId('btn-step').click();
      await expect.poll(() => page.getByTestId('step-count').textContent()).toBe(expected);
    }
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/ide-${viewport.width}x${viewport.height}.png` });

    const overflow = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight
    }));
    expect(overflow.width).toBeLessThanOrEqual(viewport.width);
    expect(overflow.height).toBeLessThanOrEqual(viewport.height);

    const ids = [
      'btn-run',
      'btn-step',
      'btn-step-over',
      'btn-step-out',
      'btn-run-to-cursor',
      'btn-step-back',
      'btn-reverse-continue',
      'btn-reset',
      'speed',
      'btn-keys'
    ];
    const tops = new Set<number>();
    for (const id of ids) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x, id).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, id).toBeLessThanOrEqual(viewport.width);
      tops.add(Math.round(box.y));
    }
    expect(tops.size, 'toolbar rows').toBe(1);

    // Every register, flag and the console are inside the window (not cut off below the fold).
    const checked = [
      ...['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'cs', 'ds', 'es', 'ss', 'ip', 'flags'].map(
        (r) => `reg-${r}`
      ),
      ...['of', 'df', 'if', 'tf', 'sf', 'zf', 'af', 'pf', 'cf'].map((f) => `flag-${f}`),
      'console'
    ];
    for (const id of checked) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, id).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width, id).toBeLessThanOrEqual(viewport.width);
    }
    expect(site.errors).toEqual([]);
  });
});
