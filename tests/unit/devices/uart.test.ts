// COM1, a 16550 subset. Expected behaviour from the PC16550D datasheet: Table II (register map: DLAB = LCR bit 7
// turns offsets 0/1 into DLL/DLM), LSR bit 0 DR, bit 5 THRE, bit 6 TEMT; Table IV (IIR: 01h none pending, 04h
// received data available (priority 2), 02h THR empty (priority 3); the THRE interrupt is reset by reading IIR
// when it is the source or by writing THR); IBM PC Technical Reference, async adapter: OUT2 (MCR bit 3) gates
// INTRPT onto IRQ4.
import { describe, expect, it } from 'vitest';
import { Uart } from '$lib/emu/devices/uart';

function setup(): { uart: Uart; irq: boolean[] } {
  const irq: boolean[] = [];
  const uart = new Uart((line, level) => {
    expect(line).toBe(4);
    irq.push(level);
  });
  return { uart, irq };
}

describe('16550 registers', () => {
  it('THR writes are collected as output; LSR shows THRE and TEMT', () => {
    const { uart } = setup();
    for (const c of 'ok') uart.write8(0x3f8, c.charCodeAt(0));
    expect(new TextDecoder().decode(uart.takeOutput())).toBe('ok');
    expect(uart.read8(0x3fd)).toBe(0x60);
  });

  it('received bytes set DR and read in order from RBR', () => {
    const { uart } = setup();
    uart.receive([0x41, 0x42]);
    expect(uart.read8(0x3fd) & 1).toBe(1);
    expect([uart.read8(0x3f8), uart.read8(0x3f8)]).toEqual([0x41, 0x42]);
    expect(uart.read8(0x3fd) & 1).toBe(0);
  });

  it('DLAB selects the divisor latch; THR/IER are untouched', () => {
    const { uart } = setup();
    uart.write8(0x3fb, 0x83); // DLAB, 8N1
    uart.write8(0x3f8, 0x0c); // 9600 baud
    uart.write8(0x3f9, 0x00);
    expect([uart.read8(0x3f8), uart.read8(0x3f9)]).toEqual([0x0c, 0x00]);
    uart.write8(0x3fb, 0x03);
    expect(uart.read8(0x3f9)).toBe(0);
    expect(uart.takeOutput()).toHaveLength(0);
  });

  it('scratch register and FIFO bits of IIR', () => {
    const { uart } = setup();
    uart.write8(0x3ff, 0x5a);
    expect(uart.read8(0x3ff)).toBe(0x5a);
    expect(uart.read8(0x3fa)).toBe(0x01);
    uart.write8(0x3fa, 0x01);
    expect(uart.read8(0x3fa)).toBe(0xc1);
  });
});

describe('interrupts: IIR priority and IRQ4', () => {
  it.each([
    { ier: 0x00, rx: true, iir: 0x01 },
    { ier: 0x01, rx: false, iir: 0x01 },
    { ier: 0x01, rx: true, iir: 0x04 },
    { ier: 0x03, rx: true, iir: 0x04 }, // received data outranks THR empty
    { ier: 0x02, rx: true, iir: 0x02 }
  ])('IER $ier, data waiting $rx → IIR $iir', ({ ier, rx, iir }) => {
    const { uart } = setup();
    uart.write8(0x3f9, ier);
    if (rx) uart.receive([0x31]);
    expect(uart.read8(0x3fa)).toBe(iir);
  });

  it('THRE interrupt: set by enabling ETBEI, cleared by reading IIR, set again by a THR write', () => {
    const { uart } = setup();
    uart.write8(0x3f9, 0x02);
    expect(uart.read8(0x3fa)).toBe(0x02);
    expect(uart.read8(0x3fa)).toBe(0x01);
    uart.write8(0x3f8, 0x20);
    expect(uart.read8(0x3fa)).toBe(0x02);
  });

  it('IRQ4 follows the pending interrupt only with OUT2 set, and falls when the receiver is drained', () => {
    const { uart, irq } = setup();
    uart.write8(0x3f9, 0x01);
    uart.receive([1, 2]);
    expect(irq).toEqual([]); // OUT2 clear: the adapter keeps INTRPT off the bus
    uart.write8(0x3fc, 0x08);
    expect(irq).toEqual([true]);
    uart.read8(0x3f8);
    expect(irq).toEqual([true]); // still data: the level stays
    uart.read8(0x3f8);
    expect(irq).toEqual([true, false]);
  });

  it('state() / restore() round trip', () => {
    const a = setup();
    a.uart.write8(0x3fc, 0x08);
    a.uart.write8(0x3f9, 0x03);
    a.uart.receive([7, 8, 9]);
    a.uart.write8(0x3f8, 0x55);
    const b = setup();
    b.uart.restore(structuredClone(a.uart.state()));
    const script = (u: Uart): number[] => [
      u.read8(0x3fa),
      u.read8(0x3f8),
      u.read8(0x3fd),
      u.read8(0x3f8),
      u.read8(0x3f8),
      u.read8(0x3fa),
      u.read8(0x3fa),
      ...u.takeOutput()
    ];
    expect(script(b.uart)).toEqual(script(a.uart));
  });
});
