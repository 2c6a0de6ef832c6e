// Runs the command line (src/cli/main.ts). It bundles the TypeScript sources with esbuild into one module
// first, the way the site's build bundles them for the browser: in one module scope V8 folds the core's
// constants (flag bits, register numbers) into the code, while across ES module boundaries every use of an
// imported constant is a load. The bundle is cached under node_modules/.cache and rebuilt when any source is
// newer; a build takes about a tenth of a second.

import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/cli/main.ts');
const outfile = join(root, 'node_modules/.cache/hyperstep/cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(outfile) || statSync(outfile).mtimeMs < newestSource(join(root, 'src'))) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    alias: { $lib: join(root, 'src/lib') },
    logLevel: 'warning'
  });
}
await import(pathToFileURL(outfile).href);
