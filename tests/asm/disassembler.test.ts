// The disassembler against ndisasm (acceptance 1): on every pure-code golden its listing equals the one
// `ndisasm -b 16 -o ORG` printed, whitespace and case normalised. Bytes NASM cannot write come out as `db`.
import { describe, expect, it } from 'vitest';
import { disassemble, formatDisassembly } from '$lib/emu';
import { goldenSources } from './corpus';

const pureCode = goldenSources().filter((g) => g.disassembly !== null);

/** ndisasm's text with runs of blanks collapsed and lower case: the comparison acceptance 1 asks for. */
const normalise = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter(Boolean);

describe('disassembly equals ndisasm', () => {
  it.each(pureCode.map((g) => [g.name, g] as const))('%s', (_name, golden) => {
    const ours = formatDisassembly(disassemble(golden.binary, { origin: golden.origin }));
    expect(normalise(ours)).toEqual(normalise(golden.disassembly as string));
  });
});

describe('bytes NASM cannot write', () => {
  const CASES: [bytes: number[], text: string][] = [
    [[0x82, 0xc0, 0x05], 'db 0x82,0xc0,0x05 ; add, an 8086 alias NASM does not encode'],
    [[0x60, 0x02], 'db 0x60,0x02 ; jo, an 8086 alias NASM does not encode'],
    [[0xc0, 0x34, 0x12], 'db 0xc0,0x34,0x12 ; ret, an 8086 alias NASM does not encode'],
    [[0xd0, 0xf0], 'db 0xd0,0xf0 ; undocumented setmo'],
    [[0xd8, 0x07], 'db 0xd8,0x07 ; 8087 escape'],
    [[0x0f, 0xff], 'db 0x0f,0xff ; invalid opcode (#UD)'],
    [[0x0f, 0x01, 0xc2], 'db 0x0f,0x01,0xc2 ; invalid opcode (#UD)'],
    [[0x8f, 0xc8], 'db 0x8f,0xc8 ; undefined encoding, runs as pop'],
    [[0x8e, 0xe0], 'db 0x8e,0xe0 ; segment register alias']
  ];
  it.each(CASES)('%j → %s', (bytes, text) => {
    expect(disassemble(bytes).map((line) => line.text)).toEqual([text]);
  });

  it('shows a truncated instruction byte by byte, prefixes by name', () => {
    expect(disassemble([0x90, 0xf3, 0xb8, 0x34]).map((l) => l.text)).toEqual([
      'nop',
      'rep',
      'db 0xb8',
      'db 0x34'
    ]);
  });

  it('lays lines out as ndisasm does, continuing long instructions on `-` lines', () => {
    const bytes = [0xf0, 0x26, 0xc7, 0x80, 0x34, 0x12, 0x78, 0x56, 0x90];
    expect(formatDisassembly(disassemble(bytes, { origin: 0x100 }))).toBe(
      '00000100  F026C78034127856  lock mov word [es:bx+si+0x1234],0x5678\n' +
        '00000108  90                nop\n'
    );
  });
});
