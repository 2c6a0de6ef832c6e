// The debug console at port E9h (the Bochs/QEMU "port E9 hack"): every byte written is one byte of console output;
// a read answers E9h, the value Bochs returns so a guest can detect the port. Output is collected for the host.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';

export const DEBUG_CONSOLE_PORT: Port = 0xe9;
/** What a read of port E9h returns when the hack is present (Bochs). */
export const DEBUG_CONSOLE_PRESENT = 0xe9;

export interface DebugConsoleState {
  /** Bytes written and not yet taken by the host. */
  pending: number[];
}

export class DebugConsole implements IoDevice {
  readonly name = 'debug console E9h';
  private pending: number[] = [];

  read8(): number {
    return DEBUG_CONSOLE_PRESENT;
  }

  write8(_port: Port, value: number): void {
    this.pending.push(value & 0xff);
  }

  /** The bytes written since the last call, and forget them. */
  takeOutput(): Uint8Array {
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    return bytes;
  }

  /** The same as text (one character per byte, Latin-1), without taking it. */
  peekText(): string {
    return String.fromCharCode(...this.pending);
  }

  state(): DebugConsoleState {
    return { pending: this.pending.slice() };
  }

  restore(state: DebugConsoleState): void {
    this.pending = state.pending.slice();
  }
}
