// The programmable interval timer: counter 0 of an Intel 8254 at ports 40h–43h, its OUT driving IRQ0. Modes 0
// (interrupt on terminal count), 2 (rate generator) and 3 (square wave); LSB, MSB and LSB-then-MSB access; the
// counter latch command. Reference: Intel 8254 datasheet (order no. 231164), "Operational description", "Modes".
// Not modelled (documented deviations): counters 1 and 2 (their ports read FFh), BCD counting (counted in
// binary), the read-back command, and the gate-triggered modes 1 and 5 and the strobe mode 4 (the counter holds,
// OUT stays high). Counts of 1 in modes 2 and 3 are illegal on the 8254; here they count as 2.
// Time only moves in advance(): one PIT tick is one CLK pulse.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { IRQ_TIMER, type IrqSink } from './irq';

export const PIT_COUNTER0_PORT: Port = 0x40;
export const PIT_CONTROL_PORT: Port = 0x43;

/**
 * The model clock's mapping: one PIT input clock per guest instruction. (A real PC clocks the 8254 at
 * 1.193182 MHz, about one tick per instruction of a 4.77 MHz 8088 — close enough, and deterministic.)
 */
export const INSTRUCTIONS_PER_PIT_TICK = 1;

/** Control word fields: SC (bits 7–6), RW (5–4), M (3–1), BCD (0). */
const RW_LATCH = 0;
const RW_LSB = 1;
const RW_MSB = 2;
const RW_LSB_MSB = 3;

export interface PitState {
  mode: number;
  access: number;
  /** The count register as written (0 means 65536). */
  count: number;
  /** The counting element: 1–65536 in modes 2 and 3, 0–65535 in mode 0 (65536 right after loading 0). */
  element: number;
  out: boolean;
  /** A complete count was written and the counter counts (false after a control word until the count comes). */
  counting: boolean;
  /** The count written waits for the next CLK to be loaded into the counting element. */
  loadPending: boolean;
  /** LSB-then-MSB: the next write is the MSB; the next read is the MSB (separate flip-flops, 8254). */
  writeMsbNext: boolean;
  readMsbNext: boolean;
  /** A latched value waiting to be read (−1: not latched), and its half already read. */
  latched: number;
}

export class Pit implements IoDevice {
  readonly name = 'PIT 8254';
  private s: PitState = initialState();

  constructor(private readonly irq: IrqSink) {}

  read8(port: Port): number {
    if ((port & 3) !== 0) return 0xff; // counters 1 and 2 are not modelled; the control word is write-only
    const s = this.s;
    const value = s.latched >= 0 ? s.latched : s.element & 0xffff;
    let byte: number;
    if (s.access === RW_LSB) byte = value & 0xff;
    else if (s.access === RW_MSB) byte = value >> 8;
    else {
      byte = s.readMsbNext ? value >> 8 : value & 0xff;
      s.readMsbNext = !s.readMsbNext;
      if (s.readMsbNext) return byte; // the latch holds until both bytes are read
    }
    s.latched = -1;
    return byte;
  }

  write8(port: Port, value: number): void {
    const s = this.s;
    if ((port & 3) === 3) {
      if (value >> 6 !== 0) return; // counters 1, 2 and the read-back command: not modelled
      const access = (value >> 4) & 3;
      if (access === RW_LATCH) {
        // Counter latch command: the count is frozen until read; latching again before the read is ignored.
        if (s.latched < 0) s.latched = s.element & 0xffff;
        return;
      }
      let mode = (value >> 1) & 7;
      if (mode >= 6) mode -= 4; // modes 6 and 7 are 2 and 3 (M2 is "don't care" for them)
      s.mode = mode;
      s.access = access;
      s.counting = false;
      s.loadPending = false;
      s.writeMsbNext = false;
      s.readMsbNext = false;
      s.latched = -1;
      // OUT after a control word: low in mode 0, high in every other mode.
      this.setOut(mode !== 0);
      return;
    }
    if ((port & 3) !== 0) return;
    if (s.access === RW_LSB) s.count = value;
    else if (s.access === RW_MSB) s.count = value << 8;
    else if (!s.writeMsbNext) {
      s.count = (s.count & 0xff00) | value;
      s.writeMsbNext = true;
      // Mode 0: writing the first byte stops the count; the second byte starts the new one.
      if (s.mode === 0) s.counting = false;
      return;
    } else {
      s.count = (s.count & 0xff) | (value << 8);
      s.writeMsbNext = false;
    }
    // A complete count. Mode 0 (re)starts at once (OUT low); modes 2 and 3 start if idle, otherwise the new count
    // is taken at the next reload (end of the current period or half-period).
    if (s.mode === 0) {
      this.setOut(false);
      s.counting = true;
      s.loadPending = true;
    } else if (!s.counting) {
      s.counting = true;
      s.loadPending = true;
    }
  }

  /** Run the counter for `ticks` CLK pulses, raising and lowering IRQ0 with every change of OUT. */
  advance(ticks: number): void {
    let left = ticks;
    while (left > 0) {
      const toChange = this.clocksToChange();
      if (left < toChange) {
        this.count(left);
        return;
      }
      this.count(toChange - 1);
      this.clock();
      left -= toChange;
    }
  }

  /** CLK pulses until OUT next rises (the edge the 8259A sees), or Infinity if it never will as programmed. */
  ticksUntilNextIrq(): number {
    const s = this.s;
    const toChange = this.clocksToChange();
    if (toChange === Infinity) return Infinity;
    if (s.mode === 0) return s.out ? Infinity : toChange;
    if (!s.out) return toChange;
    // OUT is high: it falls first, then rises after the low time (one clock in mode 2, half a period in mode 3).
    return toChange + (s.mode === 2 ? 1 : Math.max(1, reload(s) >> 1));
  }

  /** CLK pulses until OUT next changes either way (counting the pulse on which it does), or Infinity. */
  ticksUntilOutputChange(): number {
    return this.clocksToChange();
  }

  /** The level of OUT (counter 0's output, wired to IRQ0). */
  get output(): boolean {
    return this.s.out;
  }

  state(): PitState {
    return { ...this.s };
  }

  restore(state: PitState): void {
    this.s = { ...state };
    this.irq(IRQ_TIMER, this.s.out);
  }

  /** One CLK pulse, as the datasheet's mode descriptions give it. */
  private clock(): void {
    const s = this.s;
    if (!s.counting) return;
    if (s.loadPending) {
      // "After writing the count, the initial count is loaded on the next CLK pulse"; that pulse does not count.
      s.loadPending = false;
      s.element = s.mode === 0 ? s.count || 0x10000 : reload(s);
      return;
    }
    if (s.mode === 0) {
      s.element = s.element === 0 ? 0xffff : s.element - 1;
      if (s.element === 0) this.setOut(true); // terminal count: OUT high until a new count or control word
    } else if (s.mode === 2) {
      // Rate generator: OUT low for the one clock while the count is 1, then reload and high again.
      if (s.element === 1) {
        s.element = reload(s);
        this.setOut(true);
      } else {
        s.element--;
        if (s.element === 1) this.setOut(false);
      }
    } else if (s.mode === 3) {
      // Square wave: down by 2; an odd count loses 1 on the first clock when OUT is high, 3 when low.
      s.element -= s.element & 1 ? (s.out ? 1 : 3) : 2;
      if (s.element <= 0) {
        s.element = reload(s);
        this.setOut(!s.out);
      }
    }
  }

  /** `n` clocks that change nothing but the counting element (n is below clocksToChange()). */
  private count(n: number): void {
    const s = this.s;
    if (n <= 0 || !s.counting || (s.mode !== 0 && s.mode !== 2 && s.mode !== 3)) return;
    if (s.loadPending) {
      this.clock();
      n--;
    }
    if (n === 0) return;
    if (s.mode === 0) s.element = (((s.element - n) % 0x10000) + 0x10000) % 0x10000;
    else if (s.mode === 2) s.element -= n;
    else {
      if (s.element & 1) {
        this.clock();
        n--;
      }
      s.element -= 2 * n;
    }
  }

  /** CLK pulses until OUT changes (counting the pulse on which it does), or Infinity. */
  private clocksToChange(): number {
    const s = this.s;
    if (!s.counting) return Infinity;
    const load = s.loadPending ? 1 : 0;
    if (s.mode === 0) {
      if (s.out) return Infinity;
      return load + (s.loadPending ? s.count || 0x10000 : s.element);
    }
    if (s.mode === 2) {
      const element = s.loadPending ? reload(s) : s.element;
      return load + (element === 1 ? 1 : element - 1);
    }
    if (s.mode === 3) {
      const element = s.loadPending ? reload(s) : s.element;
      if (!(element & 1)) return load + element / 2;
      return load + Math.max(1, s.out ? (element + 1) / 2 : (element - 1) / 2);
    }
    return Infinity;
  }

  private setOut(level: boolean): void {
    if (this.s.out === level) return;
    this.s.out = level;
    this.irq(IRQ_TIMER, level);
  }
}

/** The value modes 2 and 3 load: the count register, 0 meaning 65536, 1 (illegal) taken as 2. */
function reload(s: PitState): number {
  return Math.max(2, s.count || 0x10000);
}

/** Power-on: the 8254 leaves mode and OUT undefined; here it waits in mode 3 with OUT high, no count. */
function initialState(): PitState {
  return {
    mode: 3,
    access: RW_LSB_MSB,
    count: 0,
    element: 0,
    out: true,
    counting: false,
    loadPending: false,
    writeMsbNext: false,
    readMsbNext: false,
    latched: -1
  };
}
