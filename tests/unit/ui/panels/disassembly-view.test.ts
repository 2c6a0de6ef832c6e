// Disassembly around CS:IP. The program is written by hand: at 100h `xor ax,ax` (31 C0), `mov cx,0x64`
// (B9 64 00), `add ax,cx` (01 C8), `loop 0x105` (E2 FC), `hlt` (F4).
import { describe, expect, it } from 'vitest';
import { disassemblyAround } from '../../../../src/lib/ui/panels/disassembly-view';

const PROGRAM = [0x31, 0xc0, 0xb9, 0x64, 0x00, 0x01, 0xc8, 0xe2, 0xfc, 0xf4];
const code = (offset: number) =>
  offset >= 0x100 && offset < 0x100 + PROGRAM.length ? PROGRAM[offset - 0x100] : 0;

describe('disassemblyAround', () => {
  it('shows the instructions before IP from a start that lands on it, the current one marked', () => {
    const rows = disassemblyAround(code, 0x107, 3, 1, [0x100, 0x102, 0x105, 0x107, 0x109]);
    expect(rows.map((r) => [r.offset, r.text, r.current])).toEqual([
      [0x100, 'xor ax,ax', false],
      [0x102, 'mov cx,0x64', false],
      [0x105, 'add ax,cx', false],
      [0x107, 'loop 0x105', true],
      [0x109, 'hlt', false]
    ]);
  });

  it('finds a start without a source map too', () => {
    const rows = disassemblyAround(code, 0x105, 2, 0);
    expect(rows.at(-1)).toMatchObject({ offset: 0x105, text: 'add ax,cx', current: true });
    expect(rows.at(-2)?.offset).toBe(0x102);
  });

  it('reuses what it decoded when given a cache: the next step reads no code bytes', () => {
    const cache = new Map();
    let reads = 0;
    const counting = (offset: number) => (reads++, code(offset));
    const first = disassemblyAround(counting, 0x105, 2, 2, [0x100, 0x102], cache);
    expect(reads).toBeGreaterThan(0);
    reads = 0;
    const again = disassemblyAround(counting, 0x107, 2, 1, [0x100, 0x102, 0x105], cache);
    expect(reads).toBe(0);
    expect(again.map((r) => r.offset)).toEqual([0x102, 0x105, 0x107, 0x109]);
    expect(first.find((r) => r.offset === 0x107)?.text).toBe('loop 0x105');
  });

  it('marks bytes it cannot read', () => {
    const rows = disassemblyAround(() => null, 0x100, 0, 0);
    expect(rows[0].text).toContain('not mapped');
  });
});
