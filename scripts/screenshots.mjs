// Screenshots of the IDE for a person to look at (`npm run -s screenshots`): 1280×720 (a classroom projector)
// and 1920×1080, light and dark, and presenter mode at 1280×720 in both themes, each after a few steps so the
// panels have content. Writes screenshots/ide-<width>x<height>-<theme>[-presenter].png (gitignored); builds the
// site first when build/ is missing.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuild, launchChromium, openAllPanels, openIde, serveStatic } from './lib/site.mjs';

const OUT_DIR = join(ROOT, 'screenshots');
const STEPS = 6;
const SHOTS = [
  { width: 1280, height: 720, theme: 'light', presenter: false },
  { width: 1280, height: 720, theme: 'dark', presenter: false },
  { width: 1920, height: 1080, theme: 'light', presenter: false },
  { width: 1920, height: 1080, theme: 'dark', presenter: false },
  { width: 1280, height: 720, theme: 'light', presenter: true },
  { width: 1280, height: 720, theme: 'dark', presenter: true }
];

ensureBuild();
mkdirSync(OUT_DIR, { recursive: true });
const server = await serveStatic();
const browser = await launchChromium();
let failed = false;
try {
  for (const shot of SHOTS) {
    const viewport = { width: shot.width, height: shot.height };
    const { context, page, errors } = await openIde(browser, server.url, { viewport, ...shot });
    await openAllPanels(page);
    for (let step = 1; step <= STEPS; step++) {
      await page.getByTestId('btn-step').click();
      await page
        .getByTestId('step-count')
        .filter({ hasText: String(step) })
        .waitFor({ timeout: 10_000 });
    }
    // Let Monaco and the panels settle (fonts, the reveal of the current line, the highlight's transition).
    await page.waitForTimeout(400);
    const name = `ide-${shot.width}x${shot.height}-${shot.theme}${shot.presenter ? '-presenter' : ''}.png`;
    const path = join(OUT_DIR, name);
    await page.screenshot({ path });
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - innerWidth,
      y: document.documentElement.scrollHeight - innerHeight
    }));
    const notes = [];
    if (overflow.x > 0 || overflow.y > 0) notes.push(`page scrolls by ${overflow.x}×${overflow.y} px`);
    if (errors.length > 0) notes.push(...errors);
    console.log(`${path}${notes.length ? `\n  ! ${notes.join('\n  ! ')}` : ''}`);
    if (errors.length > 0) failed = true;
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = failed ? 1 : 0;
