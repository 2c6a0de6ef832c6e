// The DOS services of the BIOS (RBIL INT 21h AH=00h/01h/02h/09h/4Ch, INT 20h), from small programs whose
// expected results follow from the documented interface. The example programs are in programs.test.ts.
import { describe, expect, it } from 'vitest';
import { flags } from '$lib/emu';
import { comMachine } from './com';

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
