// The built site in a real browser, for the scripts that measure and photograph it (ui-bench.mjs,
// screenshots.mjs) and for the end-to-end tests (tests/e2e/browser.ts): build/ served in-process on 127.0.0.1
// and a headless Debian Chromium through playwright-core. Plain JS, because a script cannot import .ts.

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD_DIR = join(ROOT, 'build');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.asm': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.com': 'application/octet-stream'
};

/** Build the site when build/ is missing (`npm run build`), so the scripts work from a fresh clone. */
export function ensureBuild() {
  if (existsSync(join(BUILD_DIR, 'index.html'))) return;
  console.error('build/ is missing: running `npm run build` first…');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** Serve `root` on 127.0.0.1 at a free port: `/x` from `x.html`, `/dir/` from `dir/index.html`. */
export async function serveStatic(root = BUILD_DIR) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const candidate = normalize(join(base, pathname));
    if (candidate !== base && !candidate.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    const file = [candidate, join(candidate, 'index.html'), `${candidate}.html`].find(
      (path) => existsSync(path) && statSync(path).isFile()
    );
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
      return;
    }
    response.writeHead(200, { 'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    /** The file in build/ that a URL of this server names. */
    fileOf: (url) => join(base, decodeURIComponent(new URL(url).pathname)),
    close: () => new Promise((done) => server.close(() => done()))
  };
}

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\` (see .ci/run)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new page with the view preferences set before the site's first script runs (the keys of
 * src/lib/ui/shell/view-prefs.ts), opened on the site and hydrated, with Monaco showing its text; `onRequest`
 * hears the URL of every request, in order.
 */
export async function openIde(browser, url, { viewport, theme = 'light', presenter = false, onRequest }) {
  const context = await browser.newContext({ viewport, colorScheme: theme });
  await context.addInitScript(
    ([themeChoice, presenterOn]) => {
      localStorage.setItem('hyperstep:view:theme', themeChoice);
      if (presenterOn) localStorage.setItem('hyperstep:view:presenter', '1');
      else localStorage.removeItem('hyperstep:view:presenter');
    },
    [theme, presenter]
  );
  const page = await context.newPage();
  if (onRequest) page.on('request', (request) => onRequest(request.url()));
  const errors = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await page.locator('body[data-hydrated]').waitFor();
  await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  await page
    .getByTestId('reg-ip')
    .filter({ hasText: /0x[0-9A-F]{4}/i })
    .waitFor({ timeout: 15_000 });
  return { context, page, errors };
}

/**
 * Open every panel the layout offers. The panel layout's menu (src/lib/ui/layout/PanelsMenu.svelte) has one
 * checkbox per panel, data-testid="panel-toggle-<id>", checked when the panel is shown; any other control
 * marked data-panel-toggle counts too, closed when its aria-pressed or aria-expanded is "false". Each closed one
 * is clicked (a click on a checkbox works while its menu is closed). Returns the names of the panels it opened.
 */
export async function openAllPanels(page) {
  const opened = await page.evaluate(() => {
    const names = [];
    const controls = document.querySelectorAll('[data-testid^="panel-toggle-"], [data-panel-toggle]');
    for (const control of controls) {
      const closed =
        control instanceof HTMLInputElement && control.type === 'checkbox'
          ? !control.checked
          : control.getAttribute('aria-pressed') === 'false' ||
            control.getAttribute('aria-expanded') === 'false';
      if (closed) {
        control.click();
        names.push(
          control.getAttribute('data-panel-toggle') ||
            control.getAttribute('data-testid')?.replace('panel-toggle-', '') ||
            '?'
        );
      }
    }
    return names;
  });
  // Let the opened panels render (and fetch what they show) before anyone measures or photographs them.
  if (opened.length > 0) await page.waitForTimeout(300);
  return opened;
}
