// The DOS services of the BIOS (RBIL INT 21h AH=00h/01h/02h/09h/4Ch, INT 20h) and the example program
// static/programs/dos-hello.asm, whose header states its outcome (registers, console text, stack word).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, flags } from '$lib/emu';
import {
  FLAG_BITS,
  parseExpectedOutcome,
  type FlagName,
  type RegisterName
} from '../../programs/program-header';
import { parseExpectedMemory, peekWord } from '../../programs/memory-header';
import { BiosMachine } from './bios-machine';
import { comMachine } from './com';

const SOURCE = readFileSync('static/programs/dos-hello.asm', 'utf8');
const BINARY = new Uint8Array(readFileSync('static/programs/dos-hello.com'));

function hasNasm(): boolean {
  try {
    execFileSync('nasm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The `; expect-console:` line: the text the program prints, with \r and \n escapes. */
function expectedConsole(source: string): string {
  const line = /^\s*;+\s*expect-console:\s?(.*)$/m.exec(source);
  if (!line) throw new Error('no expect-console line');
  return line[1].replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

describe('static/programs/dos-hello.asm', () => {
  it('our assembler builds the committed dos-hello.com', () => {
    const result = assemble(SOURCE, { fileName: 'dos-hello.asm' });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(BINARY).toString('hex'));
  });

  it.skipIf(!hasNasm())('dos-hello.com is up to date with its source (nasm -f bin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-dos-'));
    try {
      execFileSync('nasm', ['-f', 'bin', 'static/programs/dos-hello.asm', '-o', join(dir, 'out.com')]);
      expect(Buffer.compare(readFileSync(join(dir, 'out.com')), Buffer.from(BINARY))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reaches the outcome its header states', () => {
    const m = new BiosMachine();
    m.loadCom(BINARY);
    expect(m.run(1_000_000).stop).toBe('halt');
    const expected = parseExpectedOutcome(SOURCE);
    const registers = m.machine.registers();
    expect(Object.keys(expected.registers).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(expected.registers)) {
      expect(registers[name as RegisterName], name).toBe(value);
    }
    for (const [name, value] of Object.entries(expected.flags)) {
      expect((registers.flags >> FLAG_BITS[name as FlagName]) & 1, name).toBe(value);
    }
    for (const word of parseExpectedMemory(SOURCE)) {
      expect(peekWord(m.machine, word.segment, word.offset)).toBe(word.value);
    }
    expect(m.consoleText()).toBe(expectedConsole(SOURCE));
    expect(m.screenRow(0).trimEnd()).toBe('Hello, world!');
    expect(m.cursor()).toEqual({ row: 1, column: 0 });
  });
});

describe('INT 21h', () => {
  it('AH=02h prints DL and returns AL = DL', () => {
    const m = comMachine(`
        mov ah, 0x02
        mov dl, 'K'
        int 0x21
        mov ah, 0x02
        mov dl, '!'
        int 0x21
        hlt`);
    m.run(100_000);
    expect(m.consoleText()).toBe('K!');
    expect(m.machine.registers().ax).toBe(0x0221);
  });

  it('AH=09h prints up to the $ (an empty string prints nothing) and returns AL = 24h', () => {
    const m = comMachine(`
        mov ah, 0x09
        mov dx, empty
        int 0x21
        mov ah, 0x09
        mov dx, text
        int 0x21
        hlt
empty:  db '$'
text:   db 'abc$def'`);
    m.run(100_000);
    expect(m.consoleText()).toBe('abc');
    expect(m.machine.registers().ax).toBe(0x0924);
  });

  it('AH=01h waits for a key, echoes it and returns it in AL', () => {
    const m = comMachine(
      `
        mov ah, 0x01
        int 0x21
        hlt`,
      (m) => m.keyboard.type('z')
    );
    expect(m.run(1_000_000).stop).toBe('halt');
    expect(m.consoleText()).toBe('z');
    expect(m.machine.registers().ax).toBe(0x017a);
  });

  it.each([
    ['INT 21h AH=4Ch', 'mov ax, 0x4C07\nint 0x21'],
    ['INT 21h AH=00h', 'mov ah, 0x00\nint 0x21'],
    ['INT 20h', 'int 0x20']
  ])(
    '%s ends the program: nothing printed, the CPU halted with IF = 0, the code after it never runs',
    (_n, exit) => {
      const m = comMachine(`
        sti
        ${exit}
        mov ah, 0x0E
        mov al, 'X'
        int 0x10
        hlt`);
      expect(m.run(1_000_000).stop).toBe('halt');
      expect(m.consoleText()).toBe('');
      const r = m.machine.registers();
      expect(r.flags & flags.IF).toBe(0);
      expect(r.cs).toBe(0xf000); // halted inside the BIOS, not at the program's own HLT
    }
  );

  it('AH=4Ch leaves the return code in AL', () => {
    const m = comMachine('mov ax, 0x4C2A\nint 0x21');
    m.run(100_000);
    expect(m.machine.registers().ax & 0xff).toBe(0x2a);
  });
});
