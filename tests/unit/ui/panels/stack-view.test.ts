// Return-address detection of the stack panel. The code bytes are written by hand from the Intel 8086 opcode map:
// E8 rel16 = CALL near (3 bytes), FF /2 = CALL r/m16 (FF D3 = call bx, 2 bytes; FF 16 disp16 = call [disp16], 4
// bytes; FF 57 disp8 = call [bx+disp8], 3 bytes), 9A = CALL far (5 bytes).
import { describe, expect, it } from 'vitest';
import type { Registers } from '$lib/emu';
import { followsCall, stackRows } from '../../../../src/lib/ui/panels/stack-view';

/** Code of CS with `bytes` placed at `at`, zero elsewhere. */
function code(at: number, bytes: number[]) {
  return (offset: number) => (offset >= at && offset < at + bytes.length ? bytes[offset - at] : 0x90);
}

describe('followsCall', () => {
  it.each([
    ['CALL rel16', [0xe8, 0x10, 0x00], 3],
    ['CALL BX', [0xff, 0xd3], 2],
    ['CALL [0x0200]', [0xff, 0x16, 0x00, 0x02], 4],
    ['CALL [BX+4]', [0xff, 0x57, 0x04], 3],
    ['CALL far 2000:0100', [0x9a, 0x00, 0x01, 0x00, 0x20], 5]
  ])('%s: the offset right after it is a return address', (_, bytes, length) => {
    expect(followsCall(code(0x100, bytes), 0x100 + length)).toBe(true);
  });

  it.each([
    ['after a JMP rel16', [0xe9, 0x10, 0x00], 3],
    ['after MOV AX, imm16', [0xb8, 0x34, 0x12], 3],
    ['in the middle of a CALL', [0xe8, 0x10, 0x00], 2],
    ['after PUSH AX', [0x50], 1]
  ])('not %s', (_, bytes, length) => {
    expect(followsCall(code(0x100, bytes), 0x100 + length)).toBe(false);
  });

  it('unknown (unmapped) bytes are never a call', () => {
    expect(followsCall(() => null, 0x103)).toBe(false);
  });
});

describe('stackRows', () => {
  const registers: Registers = {
    ax: 0,
    bx: 0,
    cx: 0,
    dx: 0,
    si: 0,
    di: 0,
    bp: 0xfffa,
    sp: 0xfff8,
    cs: 0x1000,
    ds: 0x1000,
    es: 0x1000,
    ss: 0x1000,
    ip: 0x0200,
    flags: 0xf002
  };
  // The stack from FFF8h up: 1234h (pushed), BP's old value, 0103h (the return address of a CALL at 0100h), 0.
  const words: Record<number, number> = { 0xfff8: 0x1234, 0xfffa: 0x0000, 0xfffc: 0x0103, 0xfffe: 0 };

  it('lists the words from SP up, marks SP and BP and annotates the return address with its line', () => {
    const rows = stackRows({
      registers,
      readWord: (offset) => words[offset] ?? 0xdead,
      code: code(0x100, [0xe8, 0xfd, 0x00]),
      sourceMap: {
        entries: [
          { address: 0x100, size: 3, file: 'main.asm', line: 22 },
          { address: 0x103, size: 1, file: 'main.asm', line: 23 }
        ]
      },
      programSegment: 0x1000,
      file: 'main.asm',
      count: 16
    });
    // FFFEh is the last word below the top of the segment: the rows stop there, not at 16.
    expect(rows.map((r) => [r.offset, r.value])).toEqual([
      [0xfff8, 0x1234],
      [0xfffa, 0x0000],
      [0xfffc, 0x0103],
      [0xfffe, 0x0000]
    ]);
    expect(rows.map((r) => r.isSp)).toEqual([true, false, false, false]);
    expect(rows.map((r) => r.isBp)).toEqual([false, true, false, false]);
    expect(rows.map((r) => r.returnTo)).toEqual([null, null, { line: 23 }, null]);
  });
});
