// Runs static/programs/default.com in the emulator and checks the outcome stated in default.asm's header.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Machine } from '$lib/emu';
import {
  FLAG_BITS,
  hex16,
  parseExpectedOutcome,
  REGISTER_NAMES,
  type FlagName,
  type RegisterName
} from './program-header';
import { NASM } from './nasm';

const PROGRAM_DIR = 'static/programs';
const NAME = 'default';
const source = readFileSync(join(PROGRAM_DIR, `${NAME}.asm`), 'utf8');
const binary = new Uint8Array(readFileSync(join(PROGRAM_DIR, `${NAME}.com`)));
const expected = parseExpectedOutcome(source);

describe(`${NAME}.asm`, () => {
  it('states an expected outcome in its header', () => {
    expect(Object.keys(expected.registers).length).toBeGreaterThan(0);
  });

  it.skipIf(!NASM)(`${NAME}.com is up to date with ${NAME}.asm (nasm -f bin)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-nasm-'));
    try {
      const out = join(dir, `${NAME}.com`);
      execFileSync('nasm', ['-f', 'bin', join(PROGRAM_DIR, `${NAME}.asm`), '-o', out]);
      expect(existsSync(out)).toBe(true);
      expect(Buffer.from(readFileSync(out)).equals(Buffer.from(binary))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('at HLT', () => {
    let stop = '';
    let registers: Record<RegisterName, number>;

    beforeAll(() => {
      const machine = new Machine();
      machine.loadCom(binary);
      stop = machine.run(1_000_000).stop;
      const regs = machine.registers();
      registers = Object.fromEntries(REGISTER_NAMES.map((name) => [name, regs[name]])) as typeof registers;
    });

    it('stops by halting, not by running out of budget', () => {
      expect(stop).toBe('halt');
    });

    const registerCases = Object.entries(expected.registers).map(([name, value]) => [name, hex16(value)]);
    it.each(registerCases as [RegisterName, string][])('%s = %s', (name, value) => {
      expect(hex16(registers[name])).toBe(value);
    });

    it.each(Object.entries(expected.flags) as [FlagName, 0 | 1][])('%s = %s', (name, value) => {
      expect((registers.flags >> FLAG_BITS[name]) & 1).toBe(value);
    });
  });
});
