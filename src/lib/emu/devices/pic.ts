// The programmable interrupt controller: an Intel 8259A master (no cascade) at ports 20h–21h. It owns IRR, ISR,
// IMR, the ICW1–ICW4 initialisation sequence, OCW2 EOI/rotation, OCW3 register select and poll, and the INTA
// cycle the CPU runs through InterruptController. References: Intel 8259A datasheet (order no. 231468),
// "Interrupt sequence", "Programming the 8259A", "Edge and level triggered modes"; IBM PC/AT Technical Reference.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';

export const PIC_COMMAND_PORT: Port = 0x20;
export const PIC_DATA_PORT: Port = 0x21;

/** ICW1 (written to A0 = 0 with D4 = 1): IC4 (ICW4 needed), SNGL (no ICW3), LTIM (level-triggered). */
export const ICW1_INIT = 0b0001_0000;
export const ICW1_IC4 = 0b0000_0001;
export const ICW1_SNGL = 0b0000_0010;
export const ICW1_LTIM = 0b0000_1000;
/** ICW4: µPM (8086 mode), AEOI (automatic end of interrupt). */
export const ICW4_8086 = 0b0000_0001;
export const ICW4_AEOI = 0b0000_0010;
/** OCW2 (A0 = 0, D4 = D3 = 0): R SL EOI in bits 7–5, the level in bits 2–0. */
export const OCW2_NON_SPECIFIC_EOI = 0b001_00_000;
export const OCW2_SPECIFIC_EOI = 0b011_00_000;
export const OCW2_ROTATE_NON_SPECIFIC_EOI = 0b101_00_000;
export const OCW2_ROTATE_SPECIFIC_EOI = 0b111_00_000;
export const OCW2_SET_PRIORITY = 0b110_00_000;
/** OCW3 (A0 = 0, D4 = 0, D3 = 1): P (poll) bit 2, RR (read register) bit 1, RIS (IS not IR) bit 0. */
export const OCW3_SELECT = 0b0000_1000;
export const OCW3_POLL = 0b0000_0100;
export const OCW3_READ_IRR = 0b0000_1010;
export const OCW3_READ_ISR = 0b0000_1011;

/** Where the ICW sequence stands: waiting for ICW2, ICW3, ICW4, or done (OCWs accepted). */
const READY = 0;
const WANT_ICW2 = 2;
const WANT_ICW3 = 3;
const WANT_ICW4 = 4;

export interface PicState {
  irr: number;
  isr: number;
  imr: number;
  /** The input lines as last driven (bit per IR): an edge is a 0 → 1 change of one of these. */
  lines: number;
  vectorBase: number;
  initStep: number;
  icw1: number;
  icw4: number;
  /** The IR with the lowest priority (7 after ICW1: fixed priority, IR0 highest). */
  lowestPriority: number;
  readIsr: boolean;
  pollNext: boolean;
  rotateInAutoEoi: boolean;
}

/** Also the CPU's InterruptController (cpu/traps.ts: acknowledge()), structurally: devices do not import cpu/. */
export class Pic implements IoDevice {
  readonly name = 'PIC 8259A';
  /** Called whenever the INTR output changes (the Machine connects it to the CPU's INTR pin). */
  onIntrChange: ((level: boolean) => void) | null = null;
  private s: PicState = initialState();
  private intr = false;

  /**
   * Drive interrupt request line `line` (0–7). Edge-triggered (ICW1 LTIM = 0): a 0 → 1 change sets the IRR bit;
   * a line held high asks only once. Lowering the line before INTA withdraws the request (the datasheet: the IR
   * input must stay high until the first INTA, otherwise the request is lost, shown as a spurious IR7).
   * Level-triggered (LTIM = 1): IRR follows the line.
   */
  setIrq(line: number, level: boolean): void {
    const bit = 1 << (line & 7);
    const s = this.s;
    const was = (s.lines & bit) !== 0;
    if (level) {
      s.lines |= bit;
      if (!was || s.icw1 & ICW1_LTIM) s.irr |= bit;
    } else {
      s.lines &= ~bit;
      s.irr &= ~bit;
    }
    this.update();
  }

  /** The vector the next INTA would return, or −1 when no unmasked request outranks everything in service. */
  pendingVector(): number {
    const level = this.pendingLevel();
    return level < 0 ? -1 : this.s.vectorBase + level;
  }

  hasPending(): boolean {
    return this.pendingLevel() >= 0;
  }

  /**
   * The INTA cycle: the highest-priority pending request moves from IRR to ISR (not in AEOI mode) and its vector
   * is returned. With nothing pending the 8259A answers IR7's vector without setting ISR (a spurious interrupt).
   */
  acknowledge(): number {
    const s = this.s;
    const level = this.pendingLevel();
    if (level < 0) return s.vectorBase + 7;
    const bit = 1 << level;
    if (!(s.icw1 & ICW1_LTIM)) s.irr &= ~bit; // edge mode: the edge is consumed; level mode: IRR follows the line
    if (s.icw4 & ICW4_AEOI) {
      if (s.rotateInAutoEoi) s.lowestPriority = level;
    } else {
      s.isr |= bit;
    }
    this.update();
    return s.vectorBase + level;
  }

  read8(port: Port): number {
    const s = this.s;
    if ((port & 1) === 1) return s.imr;
    if (s.pollNext) {
      // Poll command (OCW3 P = 1): the next read of A0 = 0 is an INTA — 80h | level, or 0 when nothing is pending.
      s.pollNext = false;
      if (!this.hasPending()) return 0;
      return 0x80 | (this.acknowledge() - s.vectorBase);
    }
    return s.readIsr ? s.isr : s.irr;
  }

  write8(port: Port, value: number): void {
    const s = this.s;
    if ((port & 1) === 0) {
      if (value & ICW1_INIT) this.icw1(value);
      else if (value & OCW3_SELECT) this.ocw3(value);
      else this.ocw2(value);
    } else if (s.initStep === WANT_ICW2) {
      s.vectorBase = value & 0xf8; // 8086 mode: T7–T3; the 8259A fills in the three low bits with the level
      s.initStep = s.icw1 & ICW1_SNGL ? (s.icw1 & ICW1_IC4 ? WANT_ICW4 : READY) : WANT_ICW3;
    } else if (s.initStep === WANT_ICW3) {
      s.initStep = s.icw1 & ICW1_IC4 ? WANT_ICW4 : READY; // cascade wiring: accepted, nothing is cascaded here
    } else if (s.initStep === WANT_ICW4) {
      s.icw4 = value;
      s.initStep = READY;
    } else {
      s.imr = value; // OCW1
    }
    this.update();
  }

  state(): PicState {
    return { ...this.s };
  }

  restore(state: PicState): void {
    this.s = { ...state };
    this.update();
  }

  /**
   * ICW1 starts initialisation. The datasheet: the edge sense circuit is reset (a request must go low and high
   * again), IMR is cleared, IR7 gets the lowest priority, special mask mode is cleared, status read is set to IRR;
   * without IC4 all ICW4 functions are cleared.
   */
  private icw1(value: number): void {
    const s = this.s;
    s.icw1 = value;
    s.initStep = WANT_ICW2;
    s.imr = 0;
    s.isr = 0;
    s.irr = 0;
    s.lowestPriority = 7;
    s.readIsr = false;
    s.pollNext = false;
    s.rotateInAutoEoi = false;
    if (!(value & ICW1_IC4)) s.icw4 = 0;
    if (value & ICW1_LTIM) s.irr = s.lines;
  }

  private ocw2(value: number): void {
    const s = this.s;
    const command = value & 0b111_00_000;
    if (command === OCW2_NON_SPECIFIC_EOI || command === OCW2_ROTATE_NON_SPECIFIC_EOI) {
      // Non-specific EOI: reset the highest-priority ISR bit (the one being serviced, in fully nested mode).
      const level = this.highestIn(s.isr);
      if (level >= 0) {
        s.isr &= ~(1 << level);
        if (command === OCW2_ROTATE_NON_SPECIFIC_EOI) s.lowestPriority = level;
      }
    } else if (command === OCW2_SPECIFIC_EOI || command === OCW2_ROTATE_SPECIFIC_EOI) {
      s.isr &= ~(1 << (value & 7));
      if (command === OCW2_ROTATE_SPECIFIC_EOI) s.lowestPriority = value & 7;
    } else if (command === OCW2_SET_PRIORITY) {
      s.lowestPriority = value & 7;
    } else if (command === 0b100_00_000) {
      s.rotateInAutoEoi = true;
    } else if (command === 0b000_00_000) {
      s.rotateInAutoEoi = false;
    }
  }

  private ocw3(value: number): void {
    const s = this.s;
    if (value & OCW3_POLL) s.pollNext = true;
    if (value & 0b10) s.readIsr = (value & 1) !== 0; // RR = 1: RIS selects; RR = 0: no change
  }

  /** The highest-priority level set in `bits` (priority counts from lowestPriority + 1), or −1. */
  private highestIn(bits: number): number {
    if (bits === 0) return -1;
    for (let i = 1; i <= 8; i++) {
      const level = (this.s.lowestPriority + i) & 7;
      if (bits & (1 << level)) return level;
    }
    return -1;
  }

  private pendingLevel(): number {
    const s = this.s;
    if (s.initStep !== READY) return -1;
    const requested = s.irr & ~s.imr;
    if (requested === 0) return -1;
    const level = this.highestIn(requested);
    const serving = this.highestIn(s.isr);
    // Fully nested mode: a request is passed on only if it outranks every level in service.
    if (serving >= 0 && this.rank(serving) <= this.rank(level)) return -1;
    return level;
  }

  /** 0 for the highest priority, 7 for the lowest. */
  private rank(level: number): number {
    return (level - this.s.lowestPriority - 1) & 7;
  }

  private update(): void {
    const level = this.pendingLevel() >= 0;
    if (level !== this.intr) {
      this.intr = level;
      this.onIntrChange?.(level);
    }
  }
}

function initialState(): PicState {
  return {
    irr: 0,
    isr: 0,
    imr: 0xff,
    lines: 0,
    vectorBase: 0x08,
    initStep: READY,
    icw1: ICW1_INIT | ICW1_IC4 | ICW1_SNGL,
    icw4: ICW4_8086,
    lowestPriority: 7,
    readIsr: false,
    pollNext: false,
    rotateInAutoEoi: false
  };
}
