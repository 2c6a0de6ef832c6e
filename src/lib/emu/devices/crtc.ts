// The CRT controller's index/data pair at 3D4h/3D5h (a Motorola 6845 on the IBM CGA): 18 registers selected by
// the index port. Only the cursor matters here — registers 0Eh/0Fh hold the cursor location (high, low byte), a
// character offset into the text page at B8000h (IBM PC Technical Reference, "Color/Graphics Monitor Adapter").
// Registers 0Ah/0Bh (cursor start/end lines) are stored. Everything else is stored and has no effect.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';

export const CRTC_INDEX_PORT: Port = 0x3d4;
export const CRTC_DATA_PORT: Port = 0x3d5;
export const CRTC_CURSOR_START = 0x0a;
export const CRTC_CURSOR_END = 0x0b;
export const CRTC_CURSOR_HIGH = 0x0e;
export const CRTC_CURSOR_LOW = 0x0f;
/** The 6845 has 18 registers (R0–R17); an index above that selects nothing. */
const REGISTER_COUNT = 18;

export interface CrtcState {
  index: number;
  registers: number[];
}

export class Crtc implements IoDevice {
  readonly name = 'CRTC 6845';
  private index = 0;
  private registers: number[] = new Array<number>(REGISTER_COUNT).fill(0);

  read8(port: Port): number {
    if (port === CRTC_INDEX_PORT) return this.index;
    return this.index < REGISTER_COUNT ? this.registers[this.index] : 0xff;
  }

  write8(port: Port, value: number): void {
    if (port === CRTC_INDEX_PORT) this.index = value & 0xff;
    else if (this.index < REGISTER_COUNT) this.registers[this.index] = value & 0xff;
  }

  /** The cursor location: a character offset into the text page (row * 80 + column in mode 3). */
  get cursorOffset(): number {
    return (this.registers[CRTC_CURSOR_HIGH] << 8) | this.registers[CRTC_CURSOR_LOW];
  }

  state(): CrtcState {
    return { index: this.index, registers: this.registers.slice() };
  }

  restore(state: CrtcState): void {
    this.index = state.index;
    this.registers = state.registers.slice();
  }
}
