// INT 10h services that work on cells and windows (RBIL INT 10h AH=01h, 06h, 07h, 08h, 09h, 0Ah): expected
// screens are worked out from the documented behaviour on a screen whose row r is filled with letter 'a' + r.
import { describe, expect, it } from 'vitest';
import type { BiosMachine } from './bios-machine';
import { comMachine } from './com';

const letter = (row: number) => String.fromCharCode(0x61 + row);

/** Row r: 80 × ('a' + r), attribute 07h. */
function fillRows(m: BiosMachine): void {
  for (let row = 0; row < 25; row++) {
    for (let column = 0; column < 80; column++) {
      m.machine.memory.write8(0xb8000 + (row * 80 + column) * 2, 0x61 + row);
    }
  }
}

function run(source: string): BiosMachine {
  const m = comMachine(`${source}\n        hlt`, fillRows);
  expect(m.run(1_000_000).stop).toBe('halt');
  return m;
}

const cell = (m: BiosMachine, row: number, column: number) => {
  const word = m.peek16(0xb8000 + (row * 80 + column) * 2);
  return { char: String.fromCharCode(word & 0xff), attribute: word >> 8 };
};

describe('INT 10h AH=06h / 07h scroll a window', () => {
  it('AH=06h AL=1 over the whole screen: every row moves up one, row 24 blank in BH’s attribute', () => {
    const m = run('mov ax, 0x0601\nmov bh, 0x1E\nmov cx, 0x0000\nmov dx, 0x184F\nint 0x10');
    for (let row = 0; row < 24; row++) expect(m.screenRow(row)).toBe(letter(row + 1).repeat(80));
    for (let column = 0; column < 80; column++)
      expect(cell(m, 24, column)).toEqual({ char: ' ', attribute: 0x1e });
  });

  it('AH=06h AL=0 blanks the whole window (clear screen)', () => {
    const m = run('mov ax, 0x0600\nmov bh, 0x17\nmov cx, 0x0000\nmov dx, 0x184F\nint 0x10');
    for (let row = 0; row < 25; row++) {
      for (let column = 0; column < 80; column++)
        expect(cell(m, row, column)).toEqual({ char: ' ', attribute: 0x17 });
    }
  });

  it.each([
    // function, rows moved, and what rows 5-10 of the window show afterwards ('' = blank)
    ['06h', 2, ['h', 'i', 'j', 'k', '', '']],
    ['07h', 2, ['', '', 'f', 'g', 'h', 'i']],
    ['06h', 6, ['', '', '', '', '', '']],
    ['07h', 9, ['', '', '', '', '', '']] // more rows than the window has: all blank
  ] as const)(
    'AH=%s AL=%i in the window rows 5-10, columns 10-19; outside it nothing changes',
    (fn, lines, rows) => {
      const ax = (parseInt(fn, 16) << 8) | lines;
      const m = run(`mov ax, 0x${ax.toString(16)}\nmov bh, 0x70\nmov cx, 0x050A\nmov dx, 0x0A13\nint 0x10`);
      rows.forEach((expected, i) => {
        const row = 5 + i;
        for (let column = 10; column <= 19; column++) {
          expect(cell(m, row, column)).toEqual(
            expected === '' ? { char: ' ', attribute: 0x70 } : { char: expected, attribute: 0x07 }
          );
        }
        expect(cell(m, row, 9).char).toBe(letter(row));
        expect(cell(m, row, 20).char).toBe(letter(row));
      });
      expect(m.screenRow(4)).toBe('e'.repeat(80));
      expect(m.screenRow(11)).toBe('l'.repeat(80));
    }
  );
});

describe('INT 10h cell services', () => {
  const atCursor = (row: number, column: number) =>
    `mov ah, 0x02\nmov bh, 0\nmov dx, 0x${((row << 8) | column).toString(16)}\nint 0x10`;

  it('AH=09h writes AL with attribute BL to CX cells from the cursor; the cursor stays', () => {
    const m = run(`${atCursor(3, 5)}\nmov ax, 0x0958\nmov bx, 0x001E\nmov cx, 3\nint 0x10`);
    for (const column of [5, 6, 7]) expect(cell(m, 3, column)).toEqual({ char: 'X', attribute: 0x1e });
    expect(cell(m, 3, 8)).toEqual({ char: 'd', attribute: 0x07 });
    expect(cell(m, 3, 4)).toEqual({ char: 'd', attribute: 0x07 });
    expect(m.cursor()).toEqual({ row: 3, column: 5 });
  });

  it('AH=09h stops at the end of the screen', () => {
    const m = run(`${atCursor(24, 78)}\nmov ax, 0x0958\nmov bx, 0x001E\nmov cx, 5\nint 0x10`);
    expect(cell(m, 24, 78).char).toBe('X');
    expect(cell(m, 24, 79).char).toBe('X');
    expect(m.peek16(0xb8000 + 4000)).toBe(0);
  });

  it('AH=0Ah writes the character only, keeping the attributes', () => {
    const m = comMachine(`${atCursor(2, 0)}\nmov ax, 0x0A59\nmov bx, 0x0070\nmov cx, 2\nint 0x10\nhlt`, (m) =>
      m.machine.memory.write8(0xb8000 + 160 * 2 + 1, 0x4f)
    );
    m.run(100_000);
    expect(cell(m, 2, 0)).toEqual({ char: 'Y', attribute: 0x4f });
    expect(cell(m, 2, 1)).toEqual({ char: 'Y', attribute: 0x07 });
  });

  it('AH=08h reads AL = the character and AH = the attribute at the cursor', () => {
    const m = comMachine(`${atCursor(7, 9)}\nmov ah, 0x08\nmov bh, 0\nint 0x10\nhlt`, (m) => {
      m.machine.memory.write8(0xb8000 + (7 * 80 + 9) * 2, 0x41);
      m.machine.memory.write8(0xb8000 + (7 * 80 + 9) * 2 + 1, 0x2c);
    });
    m.run(100_000);
    expect(m.machine.registers().ax).toBe(0x2c41);
  });

  it('AH=01h sets the cursor shape: CRTC registers 10 and 11, and AH=03h returns it in CX', () => {
    const m = run('mov ah, 0x01\nmov cx, 0x0107\nint 0x10\nxor cx, cx\nmov ah, 0x03\nmov bh, 0\nint 0x10');
    expect(m.machine.registers().cx).toBe(0x0107);
    const registers = m.crtc.state().registers;
    expect([registers[10], registers[11]]).toEqual([0x01, 0x07]);
  });
});
