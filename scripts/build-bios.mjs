// Builds the guest BIOS: assembles static/programs/bios/bios.asm (and the files it includes) with Hyperstep's
// own assembler and writes src/lib/emu/bios/bios-image.ts, formatted by prettier. `npm run -s build:bios`.
// Like cli.mjs it bundles the TypeScript it needs with esbuild first (into node_modules/.cache), then runs it.
// With --check it writes nothing and fails when the committed module differs from a fresh build.

import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'static/programs/bios');
const target = join(root, 'src/lib/emu/bios/bios-image.ts');
const bundle = join(root, 'node_modules/.cache/hyperstep/assemble-bios.mjs');

mkdirSync(dirname(bundle), { recursive: true });
await build({
  entryPoints: [join(root, 'src/lib/emu/bios/assemble-bios.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  alias: { $lib: join(root, 'src/lib') },
  logLevel: 'warning'
});
const { assembleBios, renderBiosModule } = await import(pathToFileURL(bundle).href);

const files = Object.fromEntries(
  readdirSync(sourceDir)
    .filter((name) => name.endsWith('.asm'))
    .map((name) => [name, readFileSync(join(sourceDir, name), 'utf8')])
);
const result = assembleBios(files);
for (const d of result.diagnostics) {
  console.error(`static/programs/bios/${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
}
if (!result.ok) process.exit(1);

const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(renderBiosModule(result), { ...options, filepath: target });
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('src/lib/emu/bios/bios-image.ts is out of date: run npm run -s build:bios');
    process.exit(1);
  }
  console.log('bios-image.ts is up to date');
} else {
  writeFileSync(target, text);
  const used = result.symbols.rom_code_end - result.symbols.rom_start;
  console.log(
    `wrote src/lib/emu/bios/bios-image.ts: ${result.image.length} bytes, ${used} used by code and tables`
  );
}
