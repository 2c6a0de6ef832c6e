// The text screen read from memory as the CGA shows it: cells of character + attribute at B8000h.
import { describe, expect, it } from 'vitest';
import { cp437, screenRows, SCREEN_BASE } from '$lib/ui/panels/text-screen';

describe('text screen', () => {
  it('maps code page 437 (the IBM PC character set)', () => {
    // Code page 437 as IBM documents it: 01h ☺, 41h A, B3h │, C9h ╔, DBh █, E1h ß, FEh ■.
    expect([0x01, 0x41, 0xb3, 0xc9, 0xdb, 0xe1, 0xfe].map(cp437).join('')).toBe('☺A│╔█ß■');
    expect(cp437(0)).toBe(' ');
    expect(cp437(0xff)).toBe(' ');
  });

  it('reads rows of 80 cells and groups runs of one attribute', () => {
    const memory = new Map<number, number>();
    // Row 1: "Hi" in grey (07h), then a yellow 'O' (0Eh) at column 2; everything else zero.
    const put = (row: number, column: number, char: string, attribute: number) => {
      memory.set(SCREEN_BASE + 2 * (row * 80 + column), char.charCodeAt(0));
      memory.set(SCREEN_BASE + 2 * (row * 80 + column) + 1, attribute);
    };
    put(1, 0, 'H', 0x07);
    put(1, 1, 'i', 0x07);
    put(1, 2, 'O', 0x0e);
    put(1, 3, ' ', 0x8e); // the blink bit is not a colour
    const rows = screenRows((address) => memory.get(address) ?? 0);
    expect(rows).toHaveLength(25);
    expect(rows[1].map((r) => r.text).join('')).toHaveLength(80);
    expect(rows[1].slice(0, 3)).toEqual([
      { text: 'Hi', attribute: 0x07 },
      { text: 'O ', attribute: 0x0e },
      { text: ' '.repeat(76), attribute: 0x00 }
    ]);
    expect(rows[0]).toEqual([{ text: ' '.repeat(80), attribute: 0 }]);
  });
});
