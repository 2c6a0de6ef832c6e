// The keyboard at 60h/64h. Expected behaviour: IBM PC/AT Technical Reference, "Keyboard Controller" (status
// register 64h: bit 0 output buffer full, bit 2 system flag, bit 4 inhibit switch; 60h reads the output buffer)
// and "Keyboard Scan-Code Set 1" (make codes, break = make | 80h; US layout: A = 1Eh, Z = 2Ch, 1 = 02h, Enter =
// 1Ch, Space = 39h, Left Shift = 2Ah); the keyboard answers a command byte with ACK FAh, and reset FFh with FAh AAh.
import { describe, expect, it } from 'vitest';
import { Keyboard, scanCodeOf } from '$lib/emu/devices/keyboard';

function setup(): { kb: Keyboard; irq: boolean[]; drain: () => number[] } {
  const irq: boolean[] = [];
  const kb = new Keyboard((line, level) => {
    expect(line).toBe(1);
    irq.push(level);
  });
  const drain = (): number[] => {
    const out: number[] = [];
    while (kb.read8(0x64) & 1) out.push(kb.read8(0x60));
    return out;
  };
  return { kb, irq, drain };
}

describe('scan codes (set 1, US layout)', () => {
  it.each([
    { char: 'a', make: 0x1e, shift: false },
    { char: 'A', make: 0x1e, shift: true },
    { char: 'z', make: 0x2c, shift: false },
    { char: '1', make: 0x02, shift: false },
    { char: '!', make: 0x02, shift: true },
    { char: '0', make: 0x0b, shift: false },
    { char: '\n', make: 0x1c, shift: false },
    { char: ' ', make: 0x39, shift: false },
    { char: 'q', make: 0x10, shift: false },
    { char: 'm', make: 0x32, shift: false },
    { char: '/', make: 0x35, shift: false },
    { char: '?', make: 0x35, shift: true },
    { char: '\\', make: 0x2b, shift: false },
    { char: '\b', make: 0x0e, shift: false }
  ])('$char → make $make, shift $shift', ({ char, make, shift }) => {
    expect(scanCodeOf(char)).toEqual({ make, shift });
  });
});

describe('ports 60h/64h and IRQ1', () => {
  it('pressKey queues make then break; 64h bit 0 tells when one waits', () => {
    const { kb, drain } = setup();
    expect(kb.read8(0x64) & 1).toBe(0);
    kb.pressKey(0x1e);
    expect(kb.read8(0x64) & 0x15).toBe(0x15);
    expect(drain()).toEqual([0x1e, 0x9e]);
    expect(kb.read8(0x64) & 1).toBe(0);
  });

  it('type() wraps shifted characters in Left Shift make/break', () => {
    const { kb, drain } = setup();
    expect(kb.type('Hi!')).toBe(3);
    expect(drain()).toEqual([
      0x2a,
      0x23,
      0xa3,
      0xaa, // H
      0x17,
      0x97, // i
      0x2a,
      0x02,
      0x82,
      0xaa // !
    ]);
  });

  it('IRQ1 is high while bytes wait, with a fresh edge for each byte', () => {
    const { kb, irq } = setup();
    kb.pressKey(0x1c);
    kb.pressKey(0x39); // already high: no new edge yet
    expect(irq).toEqual([true]);
    kb.read8(0x60);
    expect(irq).toEqual([true, false, true]);
    kb.read8(0x60);
    kb.read8(0x60);
    kb.read8(0x60);
    expect(irq).toEqual([true, false, true, false, true, false, true, false]);
  });

  it('reading an empty buffer gives the last byte again', () => {
    const { kb } = setup();
    kb.keyDown(0x1d);
    expect(kb.read8(0x60)).toBe(0x1d);
    expect(kb.read8(0x60)).toBe(0x1d);
    kb.keyUp(0x1d);
    expect(kb.read8(0x60)).toBe(0x9d);
  });

  it.each([
    { command: 0xed, reply: [0xfa] },
    { command: 0xff, reply: [0xfa, 0xaa] }
  ])('command $command to 60h answers $reply', ({ command, reply }) => {
    const { kb, drain } = setup();
    kb.write8(0x60, command);
    expect(drain()).toEqual(reply);
  });

  it('state() / restore() round trip', () => {
    const a = setup();
    a.kb.type('ab');
    a.kb.read8(0x60);
    const b = setup();
    b.kb.restore(structuredClone(a.kb.state()));
    expect(b.irq).toEqual([true]);
    expect(b.drain()).toEqual(a.drain());
  });
});
