// Exceptions a program leaves unhandled: #UD (vector 06h; the CPU pushes the faulting instruction's address) and
// #PF (vector 0Eh; FLAGS, CS, IP, then an error code: virtualization.md 2.2.2). The BIOS reports where, and stops
// the machine with interrupts off, instead of looping on the bad instruction or returning to a garbage address.
import { describe, expect, it } from 'vitest';
import { flags } from '$lib/emu';
import { comMachine } from './com';

describe('unhandled exceptions', () => {
  it('#UD: "invalid opcode at CS:IP" of the faulting instruction, then the machine stops', () => {
    const m = comMachine(`
        nop
        nop
        db 0x0F, 0xFF           ; an undefined 0F xx opcode: #UD
        mov ax, 0x1234          ; never reached`);
    expect(m.run(100_000).stop).toBe('halt');
    expect(m.consoleText()).toBe('\r\nHyperstep BIOS: invalid opcode at 1000:0102; stopped.\r\n');
    const r = m.machine.registers();
    expect(r.ax).not.toBe(0x1234);
    expect(r.flags & flags.IF).toBe(0);
  });

  it('#PF: "page fault at CS:IP, error code" from the frame the CPU pushes, then the machine stops', () => {
    // The frame of a page fault built by hand (FLAGS, CS, IP, error code), then a jump through vector 0Eh.
    const m = comMachine(`
        pushf
        push cs
        mov ax, 0x0345
        push ax                 ; the IP of the "faulting" instruction
        mov ax, 0x0006          ; error code: a write (bit 1) from user mode (bit 2) to a page not present
        push ax
        xor bx, bx
        mov es, bx
        jmp far [es:0x0E * 4]`);
    expect(m.run(100_000).stop).toBe('halt');
    expect(m.consoleText()).toBe(
      '\r\nHyperstep BIOS: page fault at 1000:0345, error code 0006; stopped.\r\n'
    );
  });

  it('prints hexadecimal digits A–F in upper case', () => {
    const m = comMachine(`
        mov ax, 0xFACE
        mov ds, ax
        mov byte [0], 0x0F      ; an undefined opcode at FACE:0000
        mov byte [1], 0xFF
        jmp 0xFACE:0x0000`);
    expect(m.run(100_000).stop).toBe('halt');
    expect(m.consoleText()).toContain('invalid opcode at FACE:0000;');
  });
});
