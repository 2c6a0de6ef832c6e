// Runs each static/programs/paging-*.com on the bare machine and checks the outcome its .asm header states: the
// registers and flags (`; expect:`) and the mailbox words in memory (`; expect-memory:`), read through the
// program's own page tables. Also checks that each .com is what nasm builds from its .asm (when nasm is here).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble, Machine, type RunResult } from '$lib/emu';
import {
  FLAG_BITS,
  hex16,
  parseExpectedOutcome,
  REGISTER_NAMES,
  type FlagName,
  type RegisterName
} from './program-header';
import { parseExpectedMemory, peekWord, segmentOffset } from './memory-header';
import { NASM } from './nasm';

const PROGRAM_DIR = 'static/programs';
const PROGRAMS = readdirSync(PROGRAM_DIR)
  .filter((file) => /^paging-.*\.asm$/.test(file))
  .map((file) => file.replace(/\.asm$/, ''))
  .sort();

it('there are at least 4 paging programs (issue 4)', () => {
  expect(PROGRAMS.length).toBeGreaterThanOrEqual(4);
});

describe.each(PROGRAMS)('%s.asm', (name) => {
  const source = readFileSync(join(PROGRAM_DIR, `${name}.asm`), 'utf8');
  const binary = new Uint8Array(readFileSync(join(PROGRAM_DIR, `${name}.com`)));
  const expected = parseExpectedOutcome(source);
  const expectedMemory = parseExpectedMemory(source);

  it('states an expected outcome in its header', () => {
    expect(Object.keys(expected.registers).length).toBeGreaterThan(0);
  });

  it.skipIf(!NASM)(`${name}.com is up to date with ${name}.asm (nasm -f bin)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-nasm-'));
    try {
      const out = join(dir, `${name}.com`);
      execFileSync('nasm', ['-f', 'bin', join(PROGRAM_DIR, `${name}.asm`), '-o', out]);
      expect(existsSync(out)).toBe(true);
      expect(Buffer.from(readFileSync(out)).equals(Buffer.from(binary))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`our assembler builds the same ${name}.com (the site assembles it in the browser)`, () => {
    const result = assemble(source, { fileName: `${name}.asm` });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(binary).toString('hex'));
  });

  describe('at HLT', () => {
    let machine: Machine;
    let result: RunResult;
    let registers: Record<RegisterName, number>;

    beforeAll(() => {
      machine = new Machine();
      machine.loadCom(binary);
      result = machine.run(2_000_000);
      const regs = machine.registers();
      registers = Object.fromEntries(REGISTER_NAMES.map((name) => [name, regs[name]])) as typeof registers;
    });

    it('stops by halting, not by running out of budget or shutting down', () => {
      expect(result.stop).toBe('halt');
    });

    it('is still paging (CR0.PG)', () => {
      expect(machine.cpu.cr0 & 0x8000).toBe(0x8000);
    });

    const registerCases = Object.entries(expected.registers).map(([reg, value]) => [reg, hex16(value)]);
    it.each(registerCases as [RegisterName, string][])('%s = %s', (reg, value) => {
      expect(hex16(registers[reg])).toBe(value);
    });

    it.each(Object.entries(expected.flags) as [FlagName, 0 | 1][])('%s = %s', (flag, value) => {
      expect((registers.flags >> FLAG_BITS[flag]) & 1).toBe(value);
    });

    const memoryCases = expectedMemory.map((word) => [segmentOffset(word), hex16(word.value), word] as const);
    if (memoryCases.length > 0) {
      it.each(memoryCases)('word [%s] = %s', (_, value, word) => {
        expect(hex16(peekWord(machine, word.segment, word.offset))).toBe(value);
      });
    }
  });
});
