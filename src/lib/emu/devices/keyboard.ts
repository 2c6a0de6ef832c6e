// The keyboard controller as a PC/AT program sees it (an 8042 at 60h/64h, the keyboard sending IBM scan code
// set 1, as translated by the AT controller): a FIFO of scan codes, port 60h pops the next one, port 64h bit 0
// (output buffer full) says one is waiting, IRQ1 is high while one is. IBM PC/AT Technical Reference, "Keyboard
// Controller" (status register bits) and "Keyboard Scan-Code Set 1". The FIFO is not limited to the 16 bytes of a
// real keyboard's buffer: a host that types a long string loses nothing.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { IRQ_KEYBOARD, type IrqSink } from './irq';

export const KEYBOARD_DATA_PORT: Port = 0x60;
export const KEYBOARD_STATUS_PORT: Port = 0x64;
/** Status register (64h): OBF (output buffer full), SYS (self test passed), INH (1 = keyboard not inhibited). */
export const STATUS_OUTPUT_FULL = 0b0000_0001;
export const STATUS_SYSTEM = 0b0000_0100;
export const STATUS_NOT_INHIBITED = 0b0001_0000;
/** Set 1: a break code is the make code with bit 7 set. */
export const BREAK_BIT = 0x80;
export const SCAN_LEFT_SHIFT = 0x2a;
/** Keyboard replies to a byte written to 60h: ACK; after the reset command FFh also BAT passed (AAh). */
export const KEYBOARD_ACK = 0xfa;
export const KEYBOARD_BAT_OK = 0xaa;

/** US layout, set 1 make codes: [unshifted characters, shifted characters] per key, from scan code 02h on. */
const US_ROWS: [number, string, string][] = [
  [0x02, '1234567890-=', '!@#$%^&*()_+'],
  [0x10, 'qwertyuiop[]', 'QWERTYUIOP{}'],
  [0x1e, "asdfghjkl;'`", 'ASDFGHJKL:"~'],
  [0x2b, '\\zxcvbnm,./', '|ZXCVBNM<>?'],
  [0x39, ' ', ' ']
];
const CONTROL_KEYS: Record<string, number> = { '\x1b': 0x01, '\b': 0x0e, '\t': 0x0f, '\n': 0x1c, '\r': 0x1c };

/** Character → [make code, needs shift], for type(). */
const US_LAYOUT = new Map<string, [number, boolean]>();
for (const [first, plain, shifted] of US_ROWS) {
  for (let i = 0; i < plain.length; i++) {
    US_LAYOUT.set(plain[i], [first + i, false]);
    if (!US_LAYOUT.has(shifted[i])) US_LAYOUT.set(shifted[i], [first + i, true]);
  }
}
for (const [char, code] of Object.entries(CONTROL_KEYS)) US_LAYOUT.set(char, [code, false]);

/** The set 1 make code of a character on a US keyboard, and whether Shift is needed; undefined if none. */
export function scanCodeOf(char: string): { make: number; shift: boolean } | undefined {
  const entry = US_LAYOUT.get(char);
  return entry && { make: entry[0], shift: entry[1] };
}

export interface KeyboardState {
  queue: number[];
  /** The last byte read from 60h: reading an empty buffer gives it again, as the 8042's output register holds it. */
  last: number;
}

export class Keyboard implements IoDevice {
  readonly name = 'keyboard';
  private queue: number[] = [];
  private last = 0;

  constructor(private readonly irq: IrqSink) {}

  /** A key pressed and released: its make code, then its break code (make | 80h). */
  pressKey(scancode: number): void {
    this.enqueue(scancode & 0x7f, (scancode & 0x7f) | BREAK_BIT);
  }

  /** Only the make code (key held down). */
  keyDown(scancode: number): void {
    this.enqueue(scancode & 0x7f);
  }

  /** Only the break code (key released). */
  keyUp(scancode: number): void {
    this.enqueue((scancode & 0x7f) | BREAK_BIT);
  }

  /**
   * Type text on a US keyboard: each character as make + break, wrapped in Left Shift make/break when it needs
   * Shift. Returns how many characters were typed; characters with no key are skipped.
   */
  type(text: string): number {
    let typed = 0;
    for (const char of text) {
      const key = scanCodeOf(char);
      if (!key) continue;
      const codes = [key.make, key.make | BREAK_BIT];
      if (key.shift) {
        codes.unshift(SCAN_LEFT_SHIFT);
        codes.push(SCAN_LEFT_SHIFT | BREAK_BIT);
      }
      this.enqueue(...codes);
      typed++;
    }
    return typed;
  }

  /** Scan codes waiting to be read. */
  get pending(): number {
    return this.queue.length;
  }

  read8(port: Port): number {
    if (port === KEYBOARD_STATUS_PORT) {
      return STATUS_SYSTEM | STATUS_NOT_INHIBITED | (this.queue.length > 0 ? STATUS_OUTPUT_FULL : 0);
    }
    if (port !== KEYBOARD_DATA_PORT) return 0xff;
    if (this.queue.length === 0) return this.last;
    this.last = this.queue.shift() as number;
    // Reading empties the output buffer (IRQ1 falls); the controller then moves the next byte in (IRQ1 rises
    // again), so every byte is one edge at the 8259A.
    this.irq(IRQ_KEYBOARD, false);
    if (this.queue.length > 0) this.irq(IRQ_KEYBOARD, true);
    return this.last;
  }

  /**
   * A byte written to 60h is a command to the keyboard: it answers ACK (FAh); the reset command FFh also reports
   * its self test passed (AAh). Commands to the controller at 64h are accepted and ignored.
   */
  write8(port: Port, value: number): void {
    if (port !== KEYBOARD_DATA_PORT) return;
    if ((value & 0xff) === 0xff) this.enqueue(KEYBOARD_ACK, KEYBOARD_BAT_OK);
    else this.enqueue(KEYBOARD_ACK);
  }

  state(): KeyboardState {
    return { queue: this.queue.slice(), last: this.last };
  }

  restore(state: KeyboardState): void {
    this.queue = state.queue.slice();
    this.last = state.last;
    this.irq(IRQ_KEYBOARD, this.queue.length > 0);
  }

  private enqueue(...codes: number[]): void {
    const wasEmpty = this.queue.length === 0;
    for (const code of codes) this.queue.push(code & 0xff);
    if (wasEmpty && this.queue.length > 0) this.irq(IRQ_KEYBOARD, true);
  }
}
