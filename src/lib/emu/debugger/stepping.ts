// What step over and step out need to know about an instruction: whether it enters code that comes back (CALL,
// INT, a REP string instruction) or leaves the current routine (RET, RETF, IRET). Decoded with the CPU's own
// decoder over side-effect-free peeks (STYLE.md rule 2), so a view and the engine agree with the CPU.

import { decode, type ByteSource } from '../cpu/decoder';
import type { Instruction } from '../cpu/instruction';

export type ControlKind = 'call' | 'interrupt' | 'repeat' | 'return' | 'other';

export interface ControlInfo {
  kind: ControlKind;
  /** Bytes of the instruction, prefixes included: where a step over comes back to. */
  length: number;
}

// 8086 opcode map (8086 Family User's Manual, table 4-13): CALL near E8, CALL far 9A, group FF /2 and /3;
// INT3 CC, INT n CD, INTO CE; RET C2/C3, RETF CA/CB, IRET CF; string instructions MOVS A4/A5, CMPS A6/A7,
// STOS AA/AB, LODS AC/AD, SCAS AE/AF (the only ones REP repeats on an 8086).
const CALLS = new Set([0xe8, 0x9a]);
const INTERRUPTS = new Set([0xcc, 0xcd, 0xce]);
const RETURNS = new Set([0xc2, 0xc3, 0xca, 0xcb, 0xcf]);
const STRINGS = new Set([0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf]);

export function classify(instruction: Instruction): ControlKind {
  if (instruction.twoByte) return 'other';
  const opcode = instruction.opcode;
  if (CALLS.has(opcode) || (opcode === 0xff && (instruction.reg === 2 || instruction.reg === 3)))
    return 'call';
  if (INTERRUPTS.has(opcode)) return 'interrupt';
  if (RETURNS.has(opcode)) return 'return';
  if (instruction.repeat !== 0 && STRINGS.has(opcode)) return 'repeat';
  return 'other';
}

/** Decode the instruction at CS:IP through `peek8` (linear addresses; IP wraps within the segment). */
export function controlAt(peek8: (linear: number) => number, cs: number, ip: number): ControlInfo {
  const source: ByteSource = { byteAt: (n) => peek8(cs * 16 + ((ip + n) & 0xffff)) };
  const instruction = decode(source);
  return { kind: classify(instruction), length: instruction.length };
}
