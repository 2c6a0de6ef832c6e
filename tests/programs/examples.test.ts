// The gallery's beginner programs (static/programs/examples/): each .com is what our assembler and NASM build
// from its .asm, and a run reaches the outcome its header states — registers and flags (`; expect:`), memory
// words (`; expect-memory:`) and the text it prints (`; expect-console:`) — with the keys its header types
// (`; keys: "…"`). Every program runs as the IDE runs it, on the PC board with the BIOS fast-booted; those
// whose header does not say `; needs: bios` also run on the bare machine, to the same outcome.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, loadComWithBios, Machine } from '$lib/emu';
import { EXAMPLES } from '$lib/ui/programs';
import { actual, headerText, stated, taggedMemory, taggedOutcome } from './guest-run';
import { hex16 } from './program-header';
import { peekWord, segmentOffset } from './memory-header';
import { NASM } from './nasm';

const DIR = 'static/programs/examples';
const NAMES = readdirSync(DIR)
  .filter((file) => file.endsWith('.asm'))
  .map((file) => file.replace(/\.asm$/, ''))
  .sort();
/** Enough model time for the slowest example (bounce: 60 timer ticks of 65,536 PIT clocks each). */
const BUDGET = 10_000_000;

const needsBios = (source: string) => /^;\s*needs:\s*bios\b/im.test(source);
/** The `; keys: "…"` a program's test types, with \r for Enter. */
const keysOf = (source: string) =>
  /^;\s*keys:/m.test(source) ? headerText(source, 'keys').replace(/\\r/g, '\r') : '';
/** The `; expect-console:` text, with \r and \n escapes (as tests/unit/bios/programs.test.ts reads it). */
function consoleOf(source: string): string | undefined {
  return /^\s*;+\s*expect-console:\s?(.*)$/m.exec(source)?.[1].replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

it('the gallery lists every example once, and nothing else (at least 12)', () => {
  expect(EXAMPLES.map((e) => e.name).sort()).toEqual(NAMES.map((n) => `${n}.asm`));
  expect(NAMES.length).toBeGreaterThanOrEqual(12);
  for (const example of EXAMPLES) expect(example.description.length).toBeGreaterThan(10);
});

describe.each(NAMES)('examples/%s.asm', (name) => {
  const source = readFileSync(join(DIR, `${name}.asm`), 'utf8');
  const image = new Uint8Array(readFileSync(join(DIR, `${name}.com`)));
  const outcome = taggedOutcome(source);
  const memory = taggedMemory(source);
  const text = consoleOf(source);

  it('says what it teaches and what it does, in its header', () => {
    expect(source).toMatch(new RegExp(`^; ${name}\\.asm: .+`));
    expect(source).toMatch(/^; Teaches: .+/m);
  });

  it('is what our assembler builds from the .asm', () => {
    const result = assemble(source, { fileName: `${name}.asm` });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(image).toString('hex'));
  });

  it.skipIf(!NASM)('is what nasm -f bin builds from the .asm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-example-'));
    try {
      execFileSync('nasm', ['-f', 'bin', join(DIR, `${name}.asm`), '-o', join(dir, 'out.com')]);
      expect(Buffer.from(readFileSync(join(dir, 'out.com'))).toString('hex')).toBe(
        Buffer.from(image).toString('hex')
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function check(machine: Machine): void {
    expect(machine.run(BUDGET).stop).toBe('halt');
    expect(actual(machine.registers(), outcome)).toEqual(stated(outcome));
    expect(memory.map((w) => [segmentOffset(w), hex16(peekWord(machine, w.segment, w.offset))])).toEqual(
      memory.map((w) => [segmentOffset(w), hex16(w.value)])
    );
  }

  it('with the BIOS (as the IDE runs it): the outcome its header states', () => {
    const machine = new Machine({ board: true });
    loadComWithBios(machine, image);
    const keys = keysOf(source);
    if (keys) expect(machine.board!.keyboard.type(keys)).toBe(keys.length);
    check(machine);
    const printed = String.fromCharCode(...machine.board!.debugConsole.takeOutput());
    expect(printed).toBe(text ?? '');
  });

  it.skipIf(needsBios(source))('on the bare machine: the same outcome', () => {
    const machine = new Machine();
    machine.loadCom(image);
    check(machine);
  });
});
