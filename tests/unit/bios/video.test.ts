// INT 10h on the 80 x 25 text page, checked against the IBM PC interface (Technical Reference VIDEO_IO and
// WRITE_TTY; RBIL INT 10h AH=00h, 02h, 03h, 0Eh, 0Fh): teletype with CR, LF, BS, BEL, wrap and scroll; the
// cursor in the BDA (0040:0050, column low byte, row high byte) and in the CRTC (registers 0Eh/0Fh); every
// teletype byte also on the debug port E9h.
import { describe, expect, it } from 'vitest';
import { comMachine, teletypeProgram } from './com';
import type { BiosMachine } from './bios-machine';

function printed(text: string, prepare?: (m: BiosMachine) => void): BiosMachine {
  const m = comMachine(teletypeProgram(text), prepare);
  const result = m.run(2_000_000);
  expect(result.stop).toBe('halt');
  return m;
}

const trimmed = (m: BiosMachine, row: number) => m.screenRow(row).trimEnd();

describe('INT 10h AH=0Eh teletype', () => {
  it.each([
    // text, rows 0 and 1 afterwards, the cursor (row, column)
    ['Hi', ['Hi', ''], [0, 2]],
    ['Hi\r\nthere', ['Hi', 'there'], [1, 5]],
    ['one\ntwo', ['one', '   two'], [1, 6]], // LF alone: down a row, same column
    ['abc\rX', ['Xbc', ''], [0, 1]], // CR: back to column 0, nothing erased
    ['abc\bX', ['abX', ''], [0, 3]], // BS moves left without erasing; X replaces c
    ['\b\bA', ['A', ''], [0, 1]], // BS at column 0 stays there
    ['a\x07b', ['ab', ''], [0, 2]], // BEL writes nothing and does not move the cursor
    ['A'.repeat(83), ['A'.repeat(80), 'AAA'], [1, 3]] // past column 79: the next row
  ] as const)('%j', (text, rows, [row, column]) => {
    const m = printed(text);
    expect([trimmed(m, 0), trimmed(m, 1)]).toEqual(rows);
    expect(m.cursor()).toEqual({ row, column });
    expect(m.crtc.cursorOffset).toBe(row * 80 + column);
  });

  it('writes every byte, control characters included, to the debug port E9h', () => {
    const text = 'Hi\r\nthere\x07\b!';
    expect(printed(text).consoleText()).toBe(text);
  });

  it('keeps the attribute of the cells it writes (07h after reset)', () => {
    const m = printed('Hello', (m) => m.machine.memory.write8(0xb8001 + 2, 0x1e));
    expect(m.peek8(0xb8001)).toBe(0x07);
    expect(m.peek8(0xb8003)).toBe(0x1e);
  });

  it('scrolls at row 25: 30 lines leave lines 6–29 on rows 0–23, row 24 blank, the cursor at (24, 0)', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${String(i).padStart(2, '0')}\r\n`).join('');
    const m = printed(lines);
    for (let row = 0; row < 24; row++)
      expect(trimmed(m, row)).toBe(`line ${String(row + 6).padStart(2, '0')}`);
    expect(trimmed(m, 24)).toBe('');
    expect(m.cursor()).toEqual({ row: 24, column: 0 });
    expect(m.crtc.cursorOffset).toBe(24 * 80);
  });

  it('blanks the new bottom row with the attribute of the cell at the cursor (IBM WRITE_TTY)', () => {
    const m = printed('\n'.repeat(24) + 'x\r\n', (m) =>
      m.machine.memory.write8(0xb8000 + 24 * 160 + 1, 0x1e)
    );
    for (let column = 0; column < 80; column++) {
      expect(m.peek16(0xb8000 + 24 * 160 + column * 2)).toBe(0x1e20);
    }
    expect(trimmed(m, 23)).toBe('x');
  });

  it('keeps every register', () => {
    const m = comMachine(`
        mov ax, 0x0E41
        mov bx, 0x1234
        mov cx, 0x5678
        mov dx, 0x9ABC
        mov si, 0x1111
        mov di, 0x2222
        mov bp, 0x3333
        int 0x10
        hlt`);
    m.run(100_000);
    const r = m.machine.registers();
    expect([r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp, r.sp]).toEqual([
      0x0e41, 0x1234, 0x5678, 0x9abc, 0x1111, 0x2222, 0x3333, 0xfffe
    ]);
    expect(m.consoleText()).toBe('A');
  });
});

describe('INT 10h cursor and mode services', () => {
  it('AH=02h sets the cursor (BDA and CRTC); AH=03h reads it back with the cursor shape (0607h after reset)', () => {
    const m = comMachine(`
        mov ah, 0x02
        mov bh, 0
        mov dx, 0x0C28          ; row 12, column 40
        int 0x10
        mov ah, 0x0E
        mov al, '*'
        int 0x10                ; printed at (12, 40); the cursor moves to (12, 41)
        xor cx, cx
        xor dx, dx
        mov ah, 0x03
        mov bh, 0
        int 0x10
        hlt`);
    m.run(100_000);
    const r = m.machine.registers();
    expect(r.dx).toBe(0x0c29);
    expect(r.cx).toBe(0x0607);
    expect(m.screenRow(12)[40]).toBe('*');
    expect(m.crtc.cursorOffset).toBe(12 * 80 + 41);
  });

  it('AH=00h sets the mode: the screen cleared, the cursor home, the mode in 0040:0049', () => {
    const m = comMachine(`
        mov ah, 0x02
        mov bh, 0
        mov dx, 0x0505
        int 0x10
        mov ax, 0x0E58
        int 0x10
        mov ax, 0x0003
        int 0x10
        hlt`);
    m.run(100_000);
    expect(m.screenRow(5).trim()).toBe('');
    expect(m.cursor()).toEqual({ row: 0, column: 0 });
    expect(m.crtc.cursorOffset).toBe(0);
    expect(m.peek8(0x449)).toBe(3);
    expect(m.peek16(0xb8000 + (5 * 80 + 5) * 2)).toBe(0x0720);
  });

  it('AH=0Fh: AL = mode 3, AH = 80 columns, BH = page 0', () => {
    const m = comMachine(`
        mov bx, 0xFFFF
        mov ah, 0x0F
        int 0x10
        hlt`);
    m.run(100_000);
    const r = m.machine.registers();
    expect(r.ax).toBe(0x5003);
    expect(r.bx >> 8).toBe(0);
  });
});
