// The contract between the dispatch table and the instruction families.

import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import type { OpcodeEntry } from '../opcodes';

/** Executes one decoded instruction. IP already points past it; the effective address is in i.ea. */
export type Handler = (cpu: Cpu, i: Instruction) => void;

/** Builds the handler for one opcode-table entry (one mnemonic in one operand form). */
export type HandlerFactory = (entry: OpcodeEntry) => Handler;

/** A family of instructions: one factory per mnemonic. */
export type Family = Record<string, HandlerFactory>;

/** The entry's operands as written in the table, e.g. "Eb,Gb": what the factories switch on. */
export function formOf(entry: OpcodeEntry): string {
  return entry.operands.join(',');
}

/** A factory that is asked for a form it does not implement: a bug in the table or the family, found at load. */
export function unsupported(entry: OpcodeEntry): never {
  throw new Error(`no handler for ${entry.mnemonic} ${formOf(entry)} (opcode ${entry.opcode.toString(16)})`);
}

const REG16_BY_NAME: Record<string, number> = { AX: 0, CX: 1, DX: 2, BX: 3, SP: 4, BP: 5, SI: 6, DI: 7 };
const REG8_BY_NAME: Record<string, number> = { AL: 0, CL: 1, DL: 2, BL: 3, AH: 4, CH: 5, DH: 6, BH: 7 };
const SEG_BY_NAME: Record<string, number> = { ES: 0, CS: 1, SS: 2, DS: 3 };

/** Register number of a named 16-bit register operand ("AX" → 0), or -1. */
export function reg16Named(name: string): number {
  return REG16_BY_NAME[name] ?? -1;
}
/** Register number of a named 8-bit register operand ("AH" → 4), or -1. */
export function reg8Named(name: string): number {
  return REG8_BY_NAME[name] ?? -1;
}
/** Segment register number of a named segment operand ("DS" → 3), or -1. */
export function segNamed(name: string): number {
  return SEG_BY_NAME[name] ?? -1;
}

/**
 * Offset of a memory operand. For a register operand where the instruction needs memory (LEA, LES, LDS,
 * far CALL/JMP with mod = 3: undefined on the 8086 and not in the hardware tests), the 8086 reuses the last
 * effective address it computed; so do we.
 */
export function memoryOffset(cpu: Cpu, i: Instruction): number {
  return i.memory ? i.ea : cpu.lastEa;
}
