// Where the CPU gets its decoded instructions: the decode cache (by physical address), or the decoder reading
// CS:IP through the bus. Instructions that can be cached also carry links to the instructions that followed
// them (see cpu.ts, run), so a loop stops looking anything up after its first pass.

import { decodeInto, type ByteSource } from './decoder';
import { Instruction } from './instruction';
import { DecodeCache } from './decode-cache';
import { FORM_HANDLER, FORM_OP } from './execute/dispatch';
import type { Bus } from '../mem/bus';

/** Fetches instruction bytes at CS:IP for the decoder. IP wraps at 64 KiB while fetching, as on the 8086. */
class CodeFetcher implements ByteSource {
  base = 0;
  ip = 0;
  constructor(private readonly bus: Bus) {}
  byteAt(offset: number): number {
    return this.bus.read8(this.base + ((this.ip + offset) & 0xffff));
  }
}

export class InstructionSource {
  /** Decoded instructions by physical address; null when the bus has no memory to watch. */
  private readonly cache: DecodeCache | null;
  private readonly fetcher: CodeFetcher;
  /** Scratch space for instructions that are decoded but not cached: never linked, overwritten by the next. */
  readonly scratch = new Instruction();

  constructor(private readonly bus: Bus) {
    this.fetcher = new CodeFetcher(bus);
    this.cache = bus.memory ? new DecodeCache(bus.memory) : null;
  }

  /** The instruction at linear address base + start (base = CS * 16), with its executor filled in. */
  instructionAt(base: number, start: number): Instruction {
    const physical = this.cache === null ? -1 : this.bus.fetchAddress(base + start);
    if (physical >= 0) {
      const cached = (this.cache as DecodeCache).lookup(physical);
      // The same bytes reached at an offset where the instruction would wrap past FFFFh are not the same
      // instruction here (its tail comes from offset 0 of the segment): decode them afresh.
      if (cached !== undefined && start + cached.length <= 0x10000) return cached;
    }
    const fetcher = this.fetcher;
    fetcher.base = base;
    fetcher.ip = start;
    const decoded = decodeInto(fetcher, this.scratch);
    decoded.handler = FORM_HANDLER[decoded.form];
    decoded.op = FORM_OP[decoded.form];
    // An instruction whose bytes wrap past offset FFFFh is not contiguous in memory: never cached.
    if (physical < 0 || start + decoded.length > 0x10000) return decoded;
    return (this.cache as DecodeCache).insert(physical, decoded) ?? decoded;
  }

  /** Forget every decoded instruction (memory was replaced, or the linear-to-physical mapping changed). */
  flush(): void {
    this.cache?.allCodeInvalid();
  }
}

/**
 * Make `insn`'s links those of code segment `cs`, where it runs at offset `ip`: an instruction reached through
 * another segment:offset alias than last time starts with no links.
 */
export function adoptLinks(insn: Instruction, cs: number, ip: number): void {
  if (insn.linkCs === cs) return;
  insn.linkCs = cs;
  insn.fallthroughIp = (ip + insn.length) & 0xffff;
  insn.fallthrough = null;
  insn.jumpIp = -1;
  insn.jump = null;
}

/** Remember that `next`, at IP `ip`, followed `previous` (both cached, run under the same CS). */
export function link(previous: Instruction, ip: number, next: Instruction): void {
  if (ip === previous.fallthroughIp) {
    previous.fallthrough = next;
  } else {
    previous.jumpIp = ip;
    previous.jump = next;
  }
}

/** The instruction linked from `previous` at IP `ip`, if it is still valid; else null. */
export function linked(previous: Instruction, ip: number): Instruction | null {
  const next =
    ip === previous.fallthroughIp ? previous.fallthrough : ip === previous.jumpIp ? previous.jump : null;
  return next !== null && next.valid ? next : null;
}
