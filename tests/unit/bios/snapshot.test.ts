// Everything the BIOS keeps is in guest memory (IVT, BDA, screen) and the device board, so a Machine snapshot
// taken while a program sleeps inside the BIOS (INT 16h waiting for a key, the timer ticking) restores into a
// fresh machine that then behaves exactly like the original: what debugger reverse-stepping and VM snapshots rely on.
import { describe, expect, it } from 'vitest';
import { BiosMachine } from './bios-machine';
import { assembleCom } from './com';

const PROGRAM = assembleCom(`
        mov ah, 0x00
        int 0x16                ; wait for a key (the timer ticks meanwhile)
        mov ah, 0x0E
        int 0x10                ; echo it
        mov ah, 0x00
        int 0x1A                ; CX:DX = ticks so far
        hlt`);

describe('snapshot and restore in the middle of a BIOS call', () => {
  it('a restored machine, given the same key, ends in the same registers, screen and console', () => {
    const original = new BiosMachine();
    original.loadCom(PROGRAM);
    expect(original.run(300_000).stop).toBe('budget'); // asleep in INT 16h, a few ticks counted
    expect(original.machine.registers().cs).toBe(0xf000);
    const snapshot = original.machine.snapshot();

    const finish = (m: BiosMachine) => {
      m.keyboard.pressKey(0x2d); // x
      expect(m.run(300_000).stop).toBe('halt');
      return { registers: m.machine.registers(), row: m.screenRow(0).trimEnd(), console: m.consoleText() };
    };
    const expected = finish(original);
    const copy = new BiosMachine();
    copy.machine.restore(structuredClone(snapshot));
    const actual = finish(copy);

    expect(actual).toEqual(expected);
    expect(expected.row).toBe('x');
    expect(expected.registers.dx).toBeGreaterThanOrEqual(4); // 300 000 instructions of waiting: 4 ticks of 65536
  });
});
