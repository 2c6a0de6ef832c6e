// Bounded fuzz (acceptance 3): 10,000 random and mutated sources never make the assembler throw or hang, and
// every diagnostic it returns points inside the source (a line that exists, columns within that line). The
// sources come from a seeded generator, so a failure reproduces; the test names the seed and source.
import { describe, expect, it } from 'vitest';
import { assemble, type AssembleResult } from '$lib/emu';
import { goldenSources, INCLUDE_FILES } from './corpus';
import { mulberry32 } from '../seeded-random';

const SOURCES = 10_000;

const rng = mulberry32;

/** Words and symbols that make interesting trouble: keywords, registers, operators, directives, macro syntax. */
const VOCABULARY = (
  'mov add jmp jz loop call ret push pop lea les int db dw dd dq times equ org section .data .bss .text ' +
  'ax al bx bp si di es cs cr0 eax byte word short near far strict [ ] [bx+si] [bp] : , + - * / // % %% ' +
  '<< >> ( ) ? $ $$ 0x 0b 1h 99999999999999999999 \' " ` %define %macro %endmacro %rep %endrep %if %endif ' +
  '%include %1 %0 %%x cpu 8086 486 align resb label: .local ..@x ; \\ { } ~ ! == && || ^^ 1.5e3 rep lock'
).split(' ');

const golden = goldenSources().flatMap((g) => g.source.split('\n'));

function randomSource(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const kind = random();
  if (kind < 0.35) {
    // Token soup.
    const lines = 1 + Math.floor(random() * 8);
    return Array.from({ length: lines }, () =>
      Array.from({ length: Math.floor(random() * 8) }, () => pick(VOCABULARY)).join(random() < 0.5 ? ' ' : '')
    ).join('\n');
  }
  // A window of golden lines, mutated: characters deleted, replaced, inserted; tokens swapped in.
  const start = Math.floor(random() * golden.length);
  const window = golden.slice(start, start + 1 + Math.floor(random() * 12));
  return window
    .map((line) => {
      let text = line;
      const edits = Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const action = random();
        if (action < 0.3) text = text.slice(0, at) + text.slice(at + 1);
        else if (action < 0.6)
          text = text.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + text.slice(at);
        else text = text.slice(0, at) + ' ' + pick(VOCABULARY) + ' ' + text.slice(at);
      }
      return text;
    })
    .join('\n');
}

/** Problems with the result's diagnostics, as strings (none for a good result). */
function spanProblems(source: string, result: AssembleResult): string[] {
  const lines = source.split(/\r\n|\n|\r/);
  const problems: string[] = [];
  for (const d of result.diagnostics) {
    if (!d.message) problems.push('empty message');
    if (d.file !== 'fuzz.asm') {
      if (!(d.file in INCLUDE_FILES)) problems.push(`unknown file ${d.file}`);
      continue;
    }
    const text = lines[d.line - 1];
    if (text === undefined) problems.push(`line ${d.line} of ${lines.length}`);
    else if (d.column < 1 || d.endColumn <= d.column || d.endColumn > text.length + 2) {
      problems.push(`columns ${d.column}-${d.endColumn} on a line of ${text.length}: ${d.message}`);
    }
  }
  if (result.ok !== !result.diagnostics.some((d) => d.severity === 'error')) problems.push('ok disagrees');
  return problems;
}

describe('fuzz', () => {
  it(`${SOURCES} random and mutated sources: no throw, no hang, valid spans`, () => {
    const random = rng(0x5eed);
    for (let i = 0; i < SOURCES; i++) {
      const source = randomSource(random);
      let result: AssembleResult;
      try {
        result = assemble(source, { fileName: 'fuzz.asm', files: INCLUDE_FILES });
      } catch (error) {
        throw new Error(`source #${i} threw ${String(error)}:\n${source}`, { cause: error });
      }
      const problems = spanProblems(source, result);
      if (problems.length) throw new Error(`source #${i}: ${problems.join('; ')}\n${source}`);
    }
  });

  it.each([
    ['a macro that calls itself', '%macro m 0\nm\n%endmacro\nm'],
    ['a define that expands to itself', '%define a a+1\ndw a'],
    ['a file that includes itself', '%include "fuzz.asm"'],
    ['a %rep of a million lines', '%rep 1000000\nnop\n%endrep'],
    ['jumps that keep growing', 'a: times 127 jz a\njmp a'],
    ['an enormous times count', 'times 0x7fffffff db 0'],
    ['deep parentheses', `dw ${'('.repeat(100_000)}1${')'.repeat(100_000)}`],
    ['a very long sum', `dw ${Array(100_000).fill('1').join('+')}`],
    [
      'a define that doubles on every expansion',
      '%define a b b\n%define b c c\n%define c d d\n' +
        Array.from({ length: 30 }, (_, i) => `%define d${i} d${i + 1} d${i + 1}`).join('\n') +
        '\ndw d0'
    ]
  ])('%s ends with diagnostics', (_name, source) => {
    const result = assemble(source, { fileName: 'fuzz.asm', files: { 'fuzz.asm': source } });
    expect(spanProblems(source, result)).toEqual([]);
  });
});
