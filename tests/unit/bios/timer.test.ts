// The timer tick and the time of day: each IRQ0 from the PIT adds one to the BDA tick count (0040:006C) and calls
// INT 1Ch; 1800B0h ticks make a day (IBM PC Technical Reference TIMER_INT); INT 1Ah AH=00h returns the count in
// CX:DX and the midnight flag in AL, AH=01h sets it (RBIL INT 1Ah).
import { describe, expect, it } from 'vitest';
import { assemble, biosLayout } from '$lib/emu';
import { BiosMachine } from './bios-machine';
import { comMachine } from './com';

/** Boots from the reset vector into a boot image that sleeps through `ticks` timer interrupts. */
function bootAndSleep(ticks: number, extra = ''): BiosMachine {
  const m = bootAndSleepMachine(ticks, extra);
  expect(m.run(ticks * 70_000 + 100_000).stop).toBe('halt');
  return m;
}

/** The same, run for `budget` instructions of model time. */
function bootAndSleepWithin(ticks: number, budget: number) {
  return bootAndSleepMachine(ticks).run(budget);
}

function bootAndSleepMachine(ticks: number, extra = ''): BiosMachine {
  const result = assemble(
    `bits 16
cpu 8086
org 0x7C00
${extra}
        mov cx, ${ticks}
sleep:  hlt                     ; woken by the next IRQ0 (nothing else is unmasked)
        loop sleep
        mov ah, 0x00
        int 0x1A
        cli
        hlt`,
    { fileName: 'boot.asm' }
  );
  expect(result.diagnostics).toEqual([]);
  const m = new BiosMachine();
  m.powerOn(result.image);
  return m;
}

describe('INT 08h', () => {
  it('after 5 timer interrupts the tick count is 5 (INT 1Ah: CX = 0, DX = 5, AL = 0)', () => {
    const m = bootAndSleep(5);
    const r = m.machine.registers();
    expect([r.cx, r.dx, r.ax & 0xff]).toEqual([0, 5, 0]);
    expect(m.peek16(biosLayout.BDA_TICK_COUNT)).toBe(5);
  });

  it('IRQ0 comes once per 65536 PIT clocks (count 0, mode 3): the third tick needs about 3 × 65536 clocks', () => {
    // One PIT clock per instruction of model time (INSTRUCTIONS_PER_PIT_TICK); sleeping in HLT counts too. The
    // reset code runs a few thousand instructions before it starts the PIT.
    expect(bootAndSleepWithin(3, 3 * 65536 - 1000).stop).toBe('budget');
    expect(bootAndSleepWithin(3, 3 * 65536 + 10_000).stop).toBe('halt');
  });

  it('calls INT 1Ch once per tick', () => {
    const hook = `
        jmp start
hook:   inc word [cs:hooks]
        iret
hooks:  dw 0
start:  xor ax, ax
        mov ds, ax
        cli
        mov word [0x1C * 4], hook
        mov word [0x1C * 4 + 2], 0
        sti`;
    const m = bootAndSleep(4, hook);
    const hooksAt = 0x7c00 + 2 + 5 + 1; // after the 2-byte JMP, the 5-byte INC (CS: prefix), the IRET
    expect(m.peek16(hooksAt)).toBe(4);
  });

  it('at 1800B0h ticks (24 hours) the count starts again from 0 and the midnight flag is set', () => {
    const m = bootAndSleep(
      1,
      `       xor ax, ax
        mov ds, ax
        mov word [0x46C], 0x00AF
        mov word [0x46E], 0x0018`
    );
    const r = m.machine.registers();
    expect([r.cx, r.dx]).toEqual([0, 0]);
    expect(r.ax & 0xff).not.toBe(0); // AL: midnight passed
    expect(m.peek8(0x470)).toBe(0); // and reading it cleared the flag
  });
});

describe('INT 1Ah', () => {
  it('AH=00h returns the BDA count in CX:DX (CX high) and AL = the midnight flag, then clears it', () => {
    const m = comMachine(
      `
        mov ah, 0x00
        int 0x1A
        mov si, ax
        mov ah, 0x00
        int 0x1A
        hlt`,
      (m) => {
        m.machine.memory.load(0x46c, [0x56, 0x34, 0x12, 0x00, 0x01]);
      }
    );
    m.run(10_000);
    const r = m.machine.registers();
    expect([r.cx, r.dx]).toEqual([0x0012, 0x3456]);
    expect(r.si & 0xff).toBe(1);
    expect(r.ax & 0xff).toBe(0);
  });

  it('AH=01h sets the count from CX:DX', () => {
    const m = comMachine(`
        mov ah, 0x01
        mov cx, 0x0007
        mov dx, 0xABCD
        int 0x1A
        hlt`);
    m.run(10_000);
    expect(m.peek16(0x46c)).toBe(0xabcd);
    expect(m.peek16(0x46e)).toBe(0x0007);
  });
});
