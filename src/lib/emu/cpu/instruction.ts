// One decoded instruction: what the decoder found in the bytes, in fields the executors and the views read.
// The CPU reuses a single Instruction for every step (no allocation on the hot path); views decode into their own.

import { DS, ZERO } from './registers';
import type { OpcodeEntry } from './opcodes';
import { OPCODES } from './opcode-table';

/** Repeat prefixes, by their opcode byte. */
export const REPNE = 0xf2;
export const REP = 0xf3;

/** Index of a dispatch form: one per opcode, or eight per group opcode (one per ModRM reg). */
export function formIndex(twoByte: boolean, opcode: number, reg: number): number {
  return (twoByte ? 2048 : 0) + opcode * 8 + reg;
}
export const FORM_COUNT = 4096;

export class Instruction {
  /** Bytes taken, prefixes included. */
  length = 0;
  /** The prefix bytes before the opcode. */
  prefixCount = 0;
  /** The opcode byte (for 0F xx, the second byte). */
  opcode = 0;
  twoByte = false;
  /** Dispatch index: see formIndex. */
  form = 0;
  /** The opcode table's entry for this instruction. */
  entry: OpcodeEntry = OPCODES[0x90].entry as OpcodeEntry;
  /** Segment register named by an override prefix, or -1. */
  segmentOverride = -1;
  /** REP (F3h), REPNE (F2h), or 0. */
  repeat = 0;
  lock = false;

  hasModrm = false;
  mod = 0;
  reg = 0;
  rm = 0;

  /** True when an operand is in memory (ModRM with mod != 3, or a direct moffs address). */
  memory = false;
  /** Effective address = (base + index + disp) mod 64 KiB; base and index are word-register numbers. */
  base = ZERO;
  index = ZERO;
  disp = 0;
  /** Segment of the memory operand: the override if any, else DS, or SS for BP-based forms. */
  segment = DS;
  /** The effective address, filled in by the CPU when it executes (it needs the registers). */
  ea = 0;

  /** First immediate (imm8 zero-extended, imm8 sign-extended to 16 bits for Ibs/Jb, imm16, far offset). */
  imm = 0;
  /** Second immediate: the segment of a far pointer (Ap). */
  imm2 = 0;

  /**
   * Which executor runs this instruction and its parameter (an ALU or shift operation, a condition code, a
   * register number): filled in by the CPU from the form (see execute/dispatch.ts), not by the decoder.
   */
  handler = 0;
  op = 0;

  // Links between cached instructions (see Cpu.run): a straight-line run or a loop finds its next instruction by
  // following a pointer instead of looking it up again. IPs are offsets in a segment, and one physical
  // instruction can be reached through several segment:offset aliases, so the links hold for one CS only.
  /** False once the decode cache has dropped this instruction (its bytes were written). */
  valid = true;
  /** Physical address of its first byte, for cached instructions (-1 otherwise). */
  physical = -1;
  /** The CS value the links below were made under; -1 before the instruction first runs. */
  linkCs = -1;
  /** IP right after this instruction, and the cached instruction there, once seen. */
  fallthroughIp = -1;
  fallthrough: Instruction | null = null;
  /** The last IP this instruction jumped to, and the cached instruction there. */
  jumpIp = -1;
  jump: Instruction | null = null;

  /** Copy the decoded fields of another instruction (not its links). */
  copyFrom(other: Instruction): this {
    Object.assign(this, other);
    this.valid = true;
    this.linkCs = -1;
    this.fallthroughIp = -1;
    this.fallthrough = null;
    this.jumpIp = -1;
    this.jump = null;
    return this;
  }
}
