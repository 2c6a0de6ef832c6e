// The assembler's API beyond the bytes: the symbol table, sections, the source map both ways, the listing,
// diagnostics that point at the right token (also from macros and included files), one error per line, and
// warnings. Expectations here are about our own API, so they are written out by hand.
import { describe, expect, it } from 'vitest';
import { addressesOfLine, assemble, formatDiagnostic, formatListing, lineAtAddress } from '$lib/emu';

const PROGRAM = `org 0x100
start:  mov ax, 1           ; line 2
        call sub1
        hlt
sub1:   ret
section .data
value:  dw 5
section .bss
buffer: resb 4
COUNT   equ 3`;

describe('symbols and sections', () => {
  const result = assemble(PROGRAM, { fileName: 'p.asm' });
  const symbol = (name: string) => result.symbols.find((s) => s.name === name);

  it('gives every label its address and section, and equ its value', () => {
    expect(result.ok).toBe(true);
    expect(symbol('start')).toMatchObject({ value: 0x100, kind: 'label', section: '.text', line: 2 });
    expect(symbol('sub1')).toMatchObject({ value: 0x107, section: '.text' });
    expect(symbol('value')).toMatchObject({ value: 0x108, section: '.data' });
    expect(symbol('buffer')).toMatchObject({ value: 0x10c, section: '.bss' });
    expect(symbol('COUNT')).toMatchObject({ value: 3, kind: 'equ', section: null, line: 10 });
  });

  it('lays out .text at the origin, then .data and .bss aligned to 4', () => {
    expect(result.origin).toBe(0x100);
    expect(result.sections.map((s) => [s.name, s.base, s.size])).toEqual([
      ['.text', 0x100, 8],
      ['.data', 0x108, 2],
      ['.bss', 0x10c, 4]
    ]);
    expect(result.image.length).toBe(10);
  });
});

describe('source map', () => {
  const result = assemble(PROGRAM, { fileName: 'p.asm' });

  it('maps an address to the line that produced it', () => {
    expect(lineAtAddress(result.sourceMap, 0x100)).toMatchObject({ file: 'p.asm', line: 2, size: 3 });
    expect(lineAtAddress(result.sourceMap, 0x102)).toMatchObject({ line: 2 });
    expect(lineAtAddress(result.sourceMap, 0x103)).toMatchObject({ line: 3 });
    expect(lineAtAddress(result.sourceMap, 0x107)).toMatchObject({ line: 5 });
    expect(lineAtAddress(result.sourceMap, 0x108)).toMatchObject({ line: 7 });
    expect(lineAtAddress(result.sourceMap, 0x10c)).toBeNull();
  });

  it('maps a line to its addresses, several for a macro called twice', () => {
    expect(addressesOfLine(result.sourceMap, 'p.asm', 4)).toEqual([0x106]);
    const macro = assemble('%macro two 0\nnop\nnop\n%endmacro\ntwo\ntwo', { fileName: 'm.asm' });
    expect(addressesOfLine(macro.sourceMap, 'm.asm', 5)).toEqual([0, 1]);
    expect(lineAtAddress(macro.sourceMap, 3)).toMatchObject({ line: 6, macro: { name: 'two', line: 3 } });
  });

  it('maps bytes from an included file to that file', () => {
    const result = assemble('nop\n%include "lib.inc"\nnop', {
      fileName: 'a.asm',
      files: { 'lib.inc': 'hlt\ncli' }
    });
    expect(lineAtAddress(result.sourceMap, 1)).toMatchObject({ file: 'lib.inc', line: 1 });
    expect(lineAtAddress(result.sourceMap, 2)).toMatchObject({ file: 'lib.inc', line: 2 });
    expect(lineAtAddress(result.sourceMap, 3)).toMatchObject({ file: 'a.asm', line: 3 });
  });
});

describe('listing', () => {
  it('is made on request, in NASM’s columns', () => {
    expect(assemble(PROGRAM).listing).toEqual([]);
    const text = formatListing(assemble(PROGRAM, { listing: true }).listing);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '     1                                  org 0x100',
      '     2 00000000 B80100                  start:  mov ax, 1           ; line 2',
      '     3 00000003 E80100                          call sub1'
    ]);
    expect(text).toContain('     9 00000000 ????????                buffer: resb 4');
  });
});

describe('diagnostics', () => {
  const errors = (source: string, files?: Record<string, string>) =>
    assemble(source, { fileName: 't.asm', files }).diagnostics.filter((d) => d.severity === 'error');

  it.each([
    ['mov ax, bz', 'bz', 'symbol bz is not defined'],
    ['mov [bx], 5', '[bx]', 'operation size not specified'],
    ['mvo ax, bx', 'mvo', 'unknown instruction mvo'],
    ['mov ax, [bx+bp]', 'bx+bp', 'is not an 8086 address'],
    ['jmp short far_away\ntimes 200 nop\nfar_away:', 'short far_away', 'short jump is out of range'],
    ['db "abc', '"abc', 'unterminated string'],
    ['add ax, 1 +', '', 'expected an expression']
  ])('%s points at %j', (source, token, message) => {
    const [first] = errors(source);
    expect(first.message).toContain(message);
    const line = source.split('\n')[first.line - 1];
    expect(line.slice(first.column - 1, first.endColumn - 1)).toBe(token);
  });

  it('reports a problem inside a macro at the call, with the macro and its line', () => {
    const [error] = errors('%macro load 1\n  mov ax, %1\n%endmacro\n  load missing');
    expect(error).toMatchObject({ line: 4, message: 'symbol missing is not defined' });
    expect(error.macro).toEqual({ name: 'load', file: 't.asm', line: 2 });
    expect('  load missing'.slice(error.column - 1, error.endColumn - 1)).toBe('missing');
    expect(formatDiagnostic(error)).toBe(
      "t.asm:4:8: error: symbol missing is not defined [in macro 'load', t.asm:2]"
    );
  });

  it('reports a problem in an included file in that file', () => {
    const [error] = errors('%include "x.inc"', { 'x.inc': 'nop\nmov al, bx' });
    expect(error).toMatchObject({ file: 'x.inc', line: 2 });
  });

  it('gives one error per line, and every line its own', () => {
    const result = errors('mov [bx], [si] ax\nmvo ax\n\nadd al, bx, cx');
    expect(result.map((d) => d.line)).toEqual([1, 2, 4]);
  });

  it('does not cascade from a broken equ to its uses', () => {
    expect(errors('X equ 1 +\nmov ax, X\nmov bx, X').map((d) => d.line)).toEqual([1]);
  });

  it('warns about truncated values and keeps going', () => {
    const result = assemble('mov al, 300\ndb 256');
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 1],
      ['warning', 2]
    ]);
    expect(Array.from(result.image)).toEqual([0xb0, 0x2c, 0x00]);
  });
});
