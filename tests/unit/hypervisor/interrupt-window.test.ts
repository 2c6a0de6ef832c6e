// Interrupt virtualization (virtualization.md §2.6): a virtual IRQ that arrives while the guest has interrupts
// off waits (VIP); when the guest turns them back on, HW-assist exits with INTERRUPT_WINDOW (7) and the
// hypervisor reflects it; the pre-VT profiles see the STI trap instead. Either way the guest's handler runs at
// the same point as on the bare machine (the oracle: the same program on the bare machine with its devices).
import { describe, expect, it } from 'vitest';
import {
  assemble,
  exitReasons,
  Hypervisor,
  loadComWithBios,
  Machine,
  PAGING_MODES,
  type ProfileName
} from '$lib/emu';

// The timer fires every 100 instructions; the guest keeps interrupts off for ~600 instructions, so an IRQ is
// pending when STI comes; the handler records the value of the loop counter it interrupted, then the program
// stops after 3 ticks.
const SOURCE = `
bits 16
cpu 8086
org 0x100
        xor ax, ax
        mov es, ax
        mov word [es:0x20], tick
        mov [es:0x22], cs
        mov al, 0x13
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x01
        out 0x21, al
        mov al, 0xfe
        out 0x21, al
        mov al, 0x34
        out 0x43, al
        mov al, 100
        out 0x40, al
        xor al, al
        out 0x40, al
        cli
        mov cx, 200
busy:   loop busy               ; ~200 instructions with IF = 0: IRQ0 becomes pending
        mov dx, 0x1234
        sti                     ; the window opens after the next instruction
        nop
        mov dx, 0x5678
wait:   cmp word [ticks], 3
        jb wait
        cli
        mov ax, [ticks]
        mov bx, [first]
        hlt
tick:   push ax
        cmp word [cs:ticks], 0
        jne .later
        mov [cs:first], dx      ; what DX held when the first tick came in
.later: inc word [cs:ticks]
        mov al, 0x20
        out 0x20, al
        pop ax
        iret
ticks:  dw 0
first:  dw 0
`;

describe('a virtual interrupt held off by CLI is delivered when the guest opens its window', () => {
  const { image, diagnostics } = assemble(SOURCE);
  const bare = new Machine({ board: true });
  loadComWithBios(bare, image);
  bare.run(100_000);
  const expected = bare.registers();

  it('on the bare machine: 3 ticks, the first right after STI + NOP (DX = 1234h)', () => {
    expect(diagnostics).toEqual([]);
    expect([expected.ax, expected.bx]).toEqual([3, 0x1234]);
  });

  it.each<[ProfileName, number]>([
    ['HW-assist', exitReasons.EXIT_INTERRUPT_WINDOW],
    ['Strict-P&G', exitReasons.EXIT_EXCEPTION]
  ])('%s: the same end state; the window is seen as exit %i', (profile, reason) => {
    for (const paging of PAGING_MODES) {
      const hv = new Hypervisor();
      const vm = hv.addVm({ profile, paging });
      hv.loadCom(vm, image);
      hv.run(100_000);
      expect(hv.guestRegisters(vm)).toEqual(expected);
      expect(vm.counters.exits[reason]).toBeGreaterThan(0);
      expect(vm.counters.interruptsInjected).toBe(3);
      if (profile === 'HW-assist') {
        const window = hv.exitLog.find((e) => e.reported === exitReasons.EXIT_INTERRUPT_WINDOW);
        expect(window, paging).toBeDefined();
      }
    }
  });
});
