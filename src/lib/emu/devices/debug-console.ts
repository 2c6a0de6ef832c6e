// The debug console at port E9h (the Bochs/QEMU "port E9 hack"): every byte written is one byte of console output;
// a read answers E9h, the value Bochs returns so a guest can detect the port. Output is collected for the host.
// The bytes not yet taken are device state (snapshots and the debugger's history carry them, so stepping back
// takes printed text back too); a host that never takes them (the IDE) sets a limit, and only the last bytes stay.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';

export const DEBUG_CONSOLE_PORT: Port = 0xe9;
/** What a read of port E9h returns when the hack is present (Bochs). */
export const DEBUG_CONSOLE_PRESENT = 0xe9;

export interface DebugConsoleState {
  /** Bytes written and not yet taken by the host (at most the limit's worth, the latest ones). */
  pending: number[];
  /** Bytes written since power-on, taken or not (absent in older snapshots: then pending.length). */
  written?: number;
}

export interface DebugConsoleOptions {
  /** Keep at most this many of the latest bytes not taken (a scrollback); unlimited by default. */
  limit?: number;
}

export class DebugConsole implements IoDevice {
  readonly name = 'debug console E9h';
  private pending: number[] = [];
  private total = 0;
  private readonly limit: number;

  constructor(options: DebugConsoleOptions = {}) {
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
  }

  read8(): number {
    return DEBUG_CONSOLE_PRESENT;
  }

  write8(_port: Port, value: number): void {
    this.pending.push(value & 0xff);
    this.total++;
    // Trimmed in batches (down to the limit when twice over it), so a write stays cheap on average.
    if (this.pending.length >= 2 * this.limit) this.pending.splice(0, this.pending.length - this.limit);
  }

  /** Bytes written since power-on (a host compares it with what it has shown to find the new ones). */
  get written(): number {
    return this.total;
  }

  /** The bytes written since the last call, and forget them. */
  takeOutput(): Uint8Array {
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    return bytes;
  }

  /** The latest `count` bytes not yet taken (fewer when fewer are kept), without taking them. */
  recent(count: number): Uint8Array {
    return Uint8Array.from(this.pending.slice(Math.max(0, this.pending.length - count)));
  }

  /** The same as text (one character per byte, Latin-1), without taking it. */
  peekText(): string {
    let text = '';
    for (const byte of this.pending) text += String.fromCharCode(byte);
    return text;
  }

  state(): DebugConsoleState {
    return { pending: this.pending.slice(), written: this.total };
  }

  restore(state: DebugConsoleState): void {
    this.pending = state.pending.slice();
    this.total = state.written ?? state.pending.length;
  }
}
