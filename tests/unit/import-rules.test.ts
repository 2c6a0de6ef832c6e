// The architecture rules of STYLE.md, checked by scanning source files: which folders may import what, and
// that the core stays free of the DOM, the wall clock and Math.random (determinism, STYLE.md rule 17).
// Comments are removed first with TypeScript's printer, so prose about "the interrupt window." cannot trip a rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOT = 'src';
const CORE = 'src/lib/emu';

// ---- reading sources ---------------------------------------------------------------------------------------

/** The code of a .ts file, or of a .svelte file's <script> blocks, with comments removed. */
function codeWithoutComments(path: string, source: string): string {
  const scripts = path.endsWith('.svelte')
    ? [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
    : source;
  const file = ts.createSourceFile(path, scripts, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

/** Module specifiers of `import … from`, bare `import '…'`, `export … from` and dynamic `import('…')`. */
function importSpecifiers(code: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1]));
}

/** Where a specifier points inside the repo (`src/lib/emu/cpu/alu`), or null for a package. */
function importTarget(fromFile: string, specifier: string): string | null {
  let target: string;
  if (specifier === '$lib' || specifier.startsWith('$lib/')) target = 'src/lib' + specifier.slice(4);
  else if (specifier.startsWith('.')) target = posix.join(posix.dirname(fromFile), specifier);
  else return null;
  return target.replace(/\.(ts|js|svelte)$/, '').replace(/\/index$/, '');
}

const within = (path: string, folder: string): boolean => path === folder || path.startsWith(folder + '/');

// ---- the rules -------------------------------------------------------------------------------------------

interface Rule {
  name: string;
  /** Which files the rule looks at (repo-relative, forward slashes). */
  appliesTo: (file: string) => boolean;
  /** One message per violation in the file's comment-free code. */
  check: (file: string, code: string) => string[];
}

const FRAMEWORK_PACKAGE = /^(svelte|@sveltejs\/|\$app\/|monaco-editor|d3)/;
const DOM_GLOBAL = /\b(?:document|window)\s*(?:\.|\[|\?\.)|\bglobalThis\s*\.\s*(?:document|window)\b/g;
const NONDETERMINISM =
  /\b(?:Date\s*\.\s*now|new\s+Date\b|performance\s*\.\s*now|Math\s*\.\s*random|setTimeout|setInterval)\b/g;

const RULES: Rule[] = [
  {
    name: 'src/lib/emu imports no svelte, $app, monaco-editor or d3',
    appliesTo: (file) => within(file, CORE),
    check: (file, code) =>
      importSpecifiers(code)
        .filter((spec) => FRAMEWORK_PACKAGE.test(spec))
        .map((spec) => `${file}: imports '${spec}'`)
  },
  {
    name: 'src/lib/emu uses no DOM globals (document, window)',
    appliesTo: (file) => within(file, CORE),
    check: (file, code) => [...code.matchAll(DOM_GLOBAL)].map((m) => `${file}: uses '${m[0].trim()}'`)
  },
  {
    name: 'src/lib/emu uses no wall clock, timers or Math.random (determinism)',
    appliesTo: (file) => within(file, CORE),
    check: (file, code) => [...code.matchAll(NONDETERMINISM)].map((m) => `${file}: uses '${m[0]}'`)
  },
  {
    // vite.config.ts tells the bundler the core has no import-time side effects (so bundles drop what they do
    // not use): an import for its side effects alone would be dropped from the site without a word.
    name: "src/lib/emu has no imports for side effects alone (import './x')",
    appliesTo: (file) => within(file, CORE),
    check: (file, code) =>
      [...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)].map(
        (m) => `${file}: imports '${m[1]}' for its effects`
      )
  },
  {
    name: 'ui, routes and cli import the core only through $lib/emu',
    appliesTo: (file) => ['src/lib/ui', 'src/routes', 'src/cli'].some((folder) => within(file, folder)),
    check: (file, code) =>
      importSpecifiers(code)
        .filter((spec) => {
          const target = importTarget(file, spec);
          return target !== null && within(target, CORE) && spec !== '$lib/emu';
        })
        .map((spec) => `${file}: imports '${spec}' (use '$lib/emu')`)
  },
  {
    name: 'src/lib/emu/cpu never imports machine, debugger, hypervisor (or the index that exports them)',
    appliesTo: (file) => within(file, `${CORE}/cpu`),
    check: (file, code) =>
      importSpecifiers(code)
        .filter((spec) => {
          const target = importTarget(file, spec);
          return (
            target !== null &&
            (target === CORE ||
              target === `${CORE}/machine` ||
              within(target, `${CORE}/debugger`) ||
              within(target, `${CORE}/hypervisor`))
          );
        })
        .map((spec) => `${file}: imports '${spec}'`)
  },
  {
    name: 'src/lib/emu/mem never imports cpu (or the index that exports it)',
    appliesTo: (file) => within(file, `${CORE}/mem`),
    check: (file, code) =>
      importSpecifiers(code)
        .filter((spec) => {
          const target = importTarget(file, spec);
          return target !== null && (target === CORE || within(target, `${CORE}/cpu`));
        })
        .map((spec) => `${file}: imports '${spec}'`)
  }
];

function violationsOf(rule: Rule, file: string, source: string): string[] {
  return rule.appliesTo(file) ? rule.check(file, codeWithoutComments(file, source)) : [];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [relative('.', path).split('\\').join('/')] : [];
  });
}

// ---- the tests --------------------------------------------------------------------------------------------

describe('import rules (STYLE.md)', () => {
  const files = sourceFiles(SOURCE_ROOT).map((file) => ({ file, source: readFileSync(file, 'utf8') }));

  it('finds the source files', () => {
    expect(files.some(({ file }) => file === 'src/routes/+page.svelte')).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    expect(files.flatMap(({ file, source }) => violationsOf(rule, file, source))).toEqual([]);
  });
});

// Each rule must be able to fail: feed known-bad and known-good lines through the same checker.
describe('import rule self-test', () => {
  const ruleNamed = (start: string): Rule => {
    const rule = RULES.find((r) => r.name.startsWith(start));
    if (!rule) throw new Error(`no rule starting with '${start}'`);
    return rule;
  };
  const IMPORTS = 'src/lib/emu imports';
  const DOM = 'src/lib/emu uses no DOM';
  const CLOCK = 'src/lib/emu uses no wall clock';
  const BARE = 'src/lib/emu has no imports for side effects';
  const FACADE = 'ui, routes and cli';
  const CPU = 'src/lib/emu/cpu';
  const MEM = 'src/lib/emu/mem';

  const CASES: [rule: string, file: string, source: string, violations: number][] = [
    [IMPORTS, 'src/lib/emu/machine.ts', "import { onMount } from 'svelte';", 1],
    [IMPORTS, 'src/lib/emu/machine.ts', "import { writable } from 'svelte/store';", 1],
    [IMPORTS, 'src/lib/emu/machine.ts', "import { browser } from '$app/environment';", 1],
    [IMPORTS, 'src/lib/emu/asm/x.ts', "import type * as Monaco from 'monaco-editor/editor';", 1],
    [IMPORTS, 'src/lib/emu/x.ts', "export { scaleLinear } from 'd3-scale';", 1],
    [IMPORTS, 'src/lib/emu/x.ts', "const d3 = await import('d3');", 1],
    [IMPORTS, 'src/lib/emu/x.ts', "import {\n  select,\n  hierarchy\n} from 'd3';", 1],
    [IMPORTS, 'src/lib/emu/x.ts', "import './cpu/alu';\nimport { Bus } from './mem/bus';", 0],
    [IMPORTS, 'src/lib/emu/x.ts', "// import { onMount } from 'svelte';", 0],
    [IMPORTS, 'src/lib/ui/x.ts', "import { onMount } from 'svelte';", 0],
    [DOM, 'src/lib/emu/devices/uart.ts', 'document.title = "x";', 1],
    [DOM, 'src/lib/emu/devices/uart.ts', 'const w = window.innerWidth;', 1],
    [DOM, 'src/lib/emu/devices/uart.ts', "globalThis.document?.createElement('div');", 1],
    [
      DOM,
      'src/lib/emu/hypervisor/exits.ts',
      '// waits for the interrupt window.\nconst INTERRUPT_WINDOW = 7;',
      0
    ],
    [CLOCK, 'src/lib/emu/devices/pit.ts', 'const t = Date.now();', 1],
    [CLOCK, 'src/lib/emu/devices/pit.ts', 'const t = new Date();', 1],
    [CLOCK, 'src/lib/emu/devices/pit.ts', 'const t = performance.now();', 1],
    [CLOCK, 'src/lib/emu/devices/nic.ts', 'const r = Math.random();', 1],
    [CLOCK, 'src/lib/emu/machine.ts', 'setTimeout(tick, 0); setInterval(tick, 10);', 2],
    [
      CLOCK,
      'src/lib/emu/machine.ts',
      '/* no Date.now() here: the model clock counts cycles */ let cycles = 0;',
      0
    ],
    [CLOCK, 'src/lib/ui/machine-worker.ts', 'setTimeout(slice, 0);', 0],
    [BARE, 'src/lib/emu/x.ts', "import './cpu/alu';", 1],
    [BARE, 'src/lib/emu/x.ts', 'import "./devices/register-all";\nimport { Bus } from \'./mem/bus\';', 1],
    [BARE, 'src/lib/emu/x.ts', "import { add8 } from './cpu/alu';\nimport type { Bus } from './mem/bus';", 0],
    [BARE, 'src/lib/ui/editor/monaco.ts', "import 'monaco-editor/features/register.all';", 0],
    [FACADE, 'src/lib/ui/x.ts', "import { Machine } from '$lib/emu';", 0],
    [FACADE, 'src/lib/ui/x.ts', "import { decode } from '$lib/emu/cpu/decoder';", 1],
    [FACADE, 'src/lib/ui/x.ts', "import { Machine } from '../emu/machine';", 1],
    [FACADE, 'src/lib/ui/x.ts', "import { Machine } from '../emu';", 1],
    [
      FACADE,
      'src/routes/+page.svelte',
      '<script lang="ts">\n  import { Cpu } from \'$lib/emu/cpu\';\n</script>',
      1
    ],
    [FACADE, 'src/cli/main.ts', "import { Machine } from '../lib/emu/index.ts';", 1],
    [FACADE, 'src/cli/main.ts', "export * from '$lib/emu/asm/parser';", 1],
    [FACADE, 'src/cli/main.ts', "const { Machine } = await import('$lib/emu');", 0],
    [CPU, 'src/lib/emu/cpu/execute/string.ts', "import { Machine } from '../../machine';", 1],
    [CPU, 'src/lib/emu/cpu/cpu.ts', "import type { Vmcb } from '../hypervisor/vmcb';", 1],
    [CPU, 'src/lib/emu/cpu/cpu.ts', "import { Debugger } from '$lib/emu/debugger';", 1],
    [CPU, 'src/lib/emu/cpu/cpu.ts', "import { Machine } from '..';", 1],
    [
      CPU,
      'src/lib/emu/cpu/cpu.ts',
      "import type { Bus } from '../mem/bus';\nimport { add8 } from './alu';",
      0
    ],
    [MEM, 'src/lib/emu/mem/paging.ts', "import { Cpu } from '../cpu/cpu';", 1],
    [MEM, 'src/lib/emu/mem/paging.ts', "import type { LinearAddr } from '../types';", 0]
  ];

  it.each(CASES)('%s: %s: %j has %i violation(s)', (ruleStart, file, source, count) => {
    expect(violationsOf(ruleNamed(ruleStart), file, source)).toHaveLength(count);
  });
});
