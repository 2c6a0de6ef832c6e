// What every executor looks like, and helpers they share.

import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

/**
 * Executes one decoded instruction. IP already points past it; the effective address is in i.ea; i.op is the
 * parameter the dispatch table chose for this form (operation, condition, register).
 */
export type Handler = (cpu: Cpu, i: Instruction) => void;

/**
 * Offset of a memory operand. For a register operand where the instruction needs memory (LEA, LES, LDS,
 * far CALL/JMP with mod = 3: undefined on the 8086 and not in the hardware tests), the 8086 reuses the last
 * effective address it computed; so do we.
 */
export function memoryOffset(cpu: Cpu, i: Instruction): number {
  return i.memory ? i.ea : cpu.lastEa;
}
