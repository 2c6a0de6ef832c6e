// The keyboard path end to end: scan codes from the keyboard device raise IRQ1, the BIOS's INT 09h turns them
// into key words in the BDA buffer, INT 16h hands them out. Expected key words (scan code high, ASCII low) are
// from the IBM PC Technical Reference's keyboard tables (scan code set 1, US layout) and RBIL INT 16h.
import { describe, expect, it } from 'vitest';
import { comMachine } from './com';
import type { BiosMachine } from './bios-machine';
import { flags } from '$lib/emu';

/** Reads `count` keys with INT 16h AH=00h into 1000:3000…, then HLT. */
function readKeys(count: number, feed: (m: BiosMachine) => void): number[] {
  const m = comMachine(
    `
        mov di, 0x3000
        mov cx, ${count}
next:   mov ah, 0x00
        int 0x16
        stosw
        loop next
        hlt`,
    feed
  );
  expect(m.run(5_000_000).stop).toBe('halt');
  return Array.from({ length: count }, (_, i) => m.peek16(0x13000 + i * 2));
}

const LEFT_SHIFT = 0x2a;
const RIGHT_SHIFT = 0x36;
const CTRL = 0x1d;
const ALT = 0x38;
const CAPS_LOCK = 0x3a;

describe('IRQ1 + INT 09h + INT 16h AH=00h', () => {
  it.each([
    // what is pressed, the key words INT 16h returns
    ['a', (m: BiosMachine) => m.keyboard.pressKey(0x1e), [0x1e61]],
    [
      'Enter, Esc, Space',
      (m: BiosMachine) => [0x1c, 0x01, 0x39].forEach((k) => m.keyboard.pressKey(k)),
      [0x1c0d, 0x011b, 0x3920]
    ],
    [
      'Backspace, Tab',
      (m: BiosMachine) => [0x0e, 0x0f].forEach((k) => m.keyboard.pressKey(k)),
      [0x0e08, 0x0f09]
    ],
    [
      'F1 and the up arrow: no ASCII',
      (m: BiosMachine) => [0x3b, 0x48].forEach((k) => m.keyboard.pressKey(k)),
      [0x3b00, 0x4800]
    ],
    [
      'digits and punctuation',
      (m: BiosMachine) => [0x02, 0x0b, 0x0c, 0x33, 0x35].forEach((k) => m.keyboard.pressKey(k)),
      [0x0231, 0x0b30, 0x0c2d, 0x332c, 0x352f]
    ],
    [
      'Shift+a, Shift+1 (right shift), then a again after the release',
      (m: BiosMachine) => {
        m.keyboard.keyDown(LEFT_SHIFT);
        m.keyboard.pressKey(0x1e);
        m.keyboard.keyUp(LEFT_SHIFT);
        m.keyboard.keyDown(RIGHT_SHIFT);
        m.keyboard.pressKey(0x02);
        m.keyboard.keyUp(RIGHT_SHIFT);
        m.keyboard.pressKey(0x1e);
      },
      [0x1e41, 0x0221, 0x1e61]
    ],
    [
      'Caps Lock: upper-case letters, digits unchanged, Shift gives lower case; pressed again: off',
      (m: BiosMachine) => {
        m.keyboard.pressKey(CAPS_LOCK);
        m.keyboard.pressKey(0x1e);
        m.keyboard.pressKey(0x02);
        m.keyboard.keyDown(LEFT_SHIFT);
        m.keyboard.pressKey(0x1e);
        m.keyboard.keyUp(LEFT_SHIFT);
        m.keyboard.pressKey(CAPS_LOCK);
        m.keyboard.pressKey(0x1e);
      },
      [0x1e41, 0x0231, 0x1e61, 0x1e61]
    ],
    [
      'Ctrl+C = 03h, Alt+A has ASCII 0',
      (m: BiosMachine) => {
        m.keyboard.keyDown(CTRL);
        m.keyboard.pressKey(0x2e);
        m.keyboard.keyUp(CTRL);
        m.keyboard.keyDown(ALT);
        m.keyboard.pressKey(0x1e);
        m.keyboard.keyUp(ALT);
      },
      [0x2e03, 0x1e00]
    ],
    [
      'typed text "Hi!" (Shift wrapped by the device)',
      (m: BiosMachine) => m.keyboard.type('Hi!'),
      [0x2348, 0x1769, 0x0221]
    ]
  ])('%s', (_name, feed, words) => {
    expect(readKeys(words.length, feed).map((w) => w.toString(16))).toEqual(words.map((w) => w.toString(16)));
  });

  it('a key typed while the program waits (after a while of HLT) wakes it', () => {
    const m = comMachine(`
        mov ah, 0x00
        int 0x16
        hlt`);
    expect(m.run(200_000).stop).toBe('budget'); // asleep in INT 16h: the timer ticks, no key
    expect(m.machine.registers().cs).toBe(0xf000); // still inside the BIOS
    m.keyboard.pressKey(0x2d); // x
    expect(m.run(200_000).stop).toBe('halt');
    expect(m.machine.registers().ax).toBe(0x2d78);
  });
});

describe('INT 16h AH=01h, AH=02h and the buffer', () => {
  const peekProgram = `
        mov ah, 0x01
        int 0x16
        pushf
        pop bx              ; BX = FLAGS after the call
        mov si, ax
        mov ah, 0x01
        int 0x16            ; again: the key is still there
        mov di, ax
        hlt`;

  it('no key: ZF = 1, and the caller’s IF (0) comes back unchanged', () => {
    const m = comMachine(peekProgram);
    m.run(100_000);
    const r = m.machine.registers();
    expect(r.bx & flags.ZF).toBe(flags.ZF);
    expect(r.bx & flags.IF).toBe(0);
  });

  it('a key waiting: ZF = 0, AX = the key, and it stays in the buffer', () => {
    const m = comMachine(
      `
        sti                 ; let IRQ1 in
        mov cx, 100
delay:  loop delay
        cli
${peekProgram}`,
      (m) => m.keyboard.pressKey(0x10) // q
    );
    m.run(100_000);
    const r = m.machine.registers();
    expect(r.bx & flags.ZF).toBe(0);
    expect(r.si).toBe(0x1071);
    expect(r.di).toBe(0x1071);
    expect(m.peek16(0x41a)).not.toBe(m.peek16(0x41c)); // head ≠ tail: not removed
  });

  it('AH=02h: the shift state byte (0040:0017), left Shift held = bit 1', () => {
    const m = comMachine(
      `
        sti
        mov cx, 100
delay:  loop delay
        cli
        mov ah, 0x02
        int 0x16
        hlt`,
      (m) => m.keyboard.keyDown(LEFT_SHIFT)
    );
    m.run(100_000);
    expect(m.machine.registers().ax & 0xff).toBe(0x02);
    expect(m.peek8(0x417)).toBe(0x02);
  });

  it('the buffer at 0040:001E holds 15 keys; more are dropped (head 001Eh, tail 003Ch)', () => {
    const m = comMachine(
      `
        sti
        mov cx, 2000
delay:  loop delay
        cli
        hlt`,
      (m) => m.keyboard.type('abcdefghijklmnopqrst')
    );
    m.run(1_000_000);
    expect(m.peek16(0x41a)).toBe(0x1e);
    expect(m.peek16(0x41c)).toBe(0x3c);
    const stored = Array.from({ length: 15 }, (_, i) => String.fromCharCode(m.peek8(0x41e + i * 2)));
    expect(stored.join('')).toBe('abcdefghijklmno');
  });
});
