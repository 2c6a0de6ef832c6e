// The example .COM programs that need the BIOS (static/programs/dos-hello.asm, disk-writer.asm): each .com is
// what our assembler and NASM build from its source, and a run with the fast boot reaches the outcome its header
// states: registers and flags (`; expect:`), memory words (`; expect-memory:`), the text printed
// (`; expect-console:`, with \r and \n escapes) and, for disk programs, a sector's contents (`; expect-disk:`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import {
  FLAG_BITS,
  parseExpectedOutcome,
  type FlagName,
  type RegisterName
} from '../../programs/program-header';
import { parseExpectedMemory, peekWord } from '../../programs/memory-header';
import { BiosMachine } from './bios-machine';

const PROGRAMS = ['dos-hello', 'disk-writer'];

function hasNasm(): boolean {
  try {
    execFileSync('nasm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The `; expect-console:` line: the text the program prints, with \r and \n escapes. */
function expectedConsole(source: string): string | undefined {
  const line = /^\s*;+\s*expect-console:\s?(.*)$/m.exec(source);
  return line?.[1].replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

/** The `; expect-disk: sector N = text` lines: sector N of the disk image starts with the text. */
function expectedDisk(source: string): { sector: number; text: string }[] {
  return [...source.matchAll(/^\s*;+\s*expect-disk:\s*sector\s+(\d+)\s*=\s?(.*)$/gm)].map((m) => ({
    sector: Number(m[1]),
    text: m[2]
  }));
}

describe.each(PROGRAMS)('static/programs/%s.asm', (name) => {
  const source = readFileSync(`static/programs/${name}.asm`, 'utf8');
  const binary = new Uint8Array(readFileSync(`static/programs/${name}.com`));

  it(`our assembler builds the committed ${name}.com`, () => {
    const result = assemble(source, { fileName: `${name}.asm` });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(binary).toString('hex'));
  });

  it.skipIf(!hasNasm())(`${name}.com is up to date with its source (nasm -f bin)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-dos-'));
    try {
      execFileSync('nasm', ['-f', 'bin', `static/programs/${name}.asm`, '-o', join(dir, 'out.com')]);
      expect(Buffer.compare(readFileSync(join(dir, 'out.com')), Buffer.from(binary))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reaches the outcome its header states', () => {
    const m = new BiosMachine(new Uint8Array(64 * 512));
    m.loadCom(binary);
    expect(m.run(1_000_000).stop).toBe('halt');
    const expected = parseExpectedOutcome(source);
    const registers = m.machine.registers();
    expect(Object.keys(expected.registers).length).toBeGreaterThan(0);
    for (const [register, value] of Object.entries(expected.registers)) {
      expect(registers[register as RegisterName], register).toBe(value);
    }
    for (const [flag, value] of Object.entries(expected.flags)) {
      expect((registers.flags >> FLAG_BITS[flag as FlagName]) & 1, flag).toBe(value);
    }
    for (const word of parseExpectedMemory(source)) {
      expect(peekWord(m.machine, word.segment, word.offset), `${word.segment}:${word.offset}`).toBe(
        word.value
      );
    }
    const text = expectedConsole(source);
    expect(text).toBeDefined();
    expect(m.consoleText()).toBe(text);
    for (const { sector, text } of expectedDisk(source)) {
      const bytes = m.disk.image.subarray(sector * 512, sector * 512 + text.length);
      expect(String.fromCharCode(...bytes)).toBe(text);
    }
  });
});

describe('static/programs/boot-hello.asm (a boot image the BIOS starts at 0000:7C00)', () => {
  const source = readFileSync('static/programs/boot-hello.asm', 'utf8');
  const binary = new Uint8Array(readFileSync('static/programs/boot-hello.bin'));

  it('our assembler builds the committed boot-hello.bin: 512 bytes ending in the 55h AAh signature', () => {
    const result = assemble(source, { fileName: 'boot-hello.asm' });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(binary).toString('hex'));
    expect(binary.length).toBe(512);
    expect([binary[510], binary[511]]).toEqual([0x55, 0xaa]);
  });

  it.skipIf(!hasNasm())('boot-hello.bin is up to date with its source (nasm -f bin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-boot-'));
    try {
      execFileSync('nasm', ['-f', 'bin', 'static/programs/boot-hello.asm', '-o', join(dir, 'out.bin')]);
      expect(Buffer.compare(readFileSync(join(dir, 'out.bin')), Buffer.from(binary))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('booted from the reset vector, reaches the outcome its header states', () => {
    const m = new BiosMachine();
    m.powerOn(binary);
    expect(m.run(1_000_000).stop).toBe('halt');
    const expected = parseExpectedOutcome(source);
    const registers = m.machine.registers();
    for (const [register, value] of Object.entries(expected.registers)) {
      expect(registers[register as RegisterName], register).toBe(value);
    }
    for (const [flag, value] of Object.entries(expected.flags)) {
      expect((registers.flags >> FLAG_BITS[flag as FlagName]) & 1, flag).toBe(value);
    }
    expect(m.consoleText()).toBe(expectedConsole(source));
  });
});

it('dos-hello also shows its text on the screen, the cursor on the next row', () => {
  const m = new BiosMachine();
  m.loadCom(new Uint8Array(readFileSync('static/programs/dos-hello.com')));
  m.run(1_000_000);
  expect(m.screenRow(0).trimEnd()).toBe('Hello, world!');
  expect(m.cursor()).toEqual({ row: 1, column: 0 });
});
