// Interrupts and processor control: INT, INT3, INTO, IRET, HLT, the flag instructions, ESC, and the
// undefined two-byte opcodes.

import { CF, DF, IF, normalizeFlags, OF } from '../flags';
import { CS, SP, SS } from '../registers';
import { OUTCOME_HALTED, SHADOW_INTR, VECTOR_BREAKPOINT, VECTOR_OVERFLOW } from '../traps';
import type { Cpu } from '../cpu';
import { raiseInvalidOpcode } from './system';
import type { Instruction } from '../instruction';

export function intImmediate(cpu: Cpu, i: Instruction): void {
  cpu.interrupt(i.imm, 'software');
}

export function int3(cpu: Cpu): void {
  cpu.interrupt(VECTOR_BREAKPOINT, 'software');
}

export function into(cpu: Cpu): void {
  if (cpu.flags & OF) cpu.interrupt(VECTOR_OVERFLOW, 'software');
}

/** IRET: pop IP, CS, FLAGS; all three reads come before any register changes (restartable after a fault). */
export function iret(cpu: Cpu): void {
  const sp = cpu.words[SP];
  const ip = cpu.readWord(SS, sp);
  const cs = cpu.readWord(SS, (sp + 2) & 0xffff);
  const flags = cpu.readWord(SS, (sp + 4) & 0xffff);
  cpu.words[SP] = sp + 6;
  cpu.ip = ip;
  cpu.segs[CS] = cs;
  cpu.flags = normalizeFlags(flags);
}

/** HLT: IP already points past it, so the interrupt that wakes the CPU returns to the next instruction. */
export function hlt(cpu: Cpu): void {
  cpu.halted = true;
  cpu.outcome = OUTCOME_HALTED;
}

export function cmc(cpu: Cpu): void {
  cpu.flags ^= CF;
}

export function clc(cpu: Cpu): void {
  cpu.flags &= ~CF;
}

export function stc(cpu: Cpu): void {
  cpu.flags |= CF;
}

export function cli(cpu: Cpu): void {
  cpu.flags &= ~IF;
}

/** STI: interrupts are recognised only after the next instruction, so `sti; hlt` or `sti; ret` is atomic. */
export function sti(cpu: Cpu): void {
  cpu.flags |= IF;
  cpu.interruptShadow = SHADOW_INTR;
}

export function cld(cpu: Cpu): void {
  cpu.flags &= ~DF;
}

export function std(cpu: Cpu): void {
  cpu.flags |= DF;
}

/**
 * Instructions with no effect here: NOP; WAIT (it tests the TEST pin, which nothing drives); a prefix decoded
 * on its own (only at the end of an over-long run of prefixes, see decoder.ts MAX_PREFIXES).
 */
export function nothing(): void {}

/** ESC hands an instruction to an 8087. Without one, only the memory operand is read (and discarded). */
export function esc(cpu: Cpu, i: Instruction): void {
  if (i.memory) cpu.readWord(i.segment, i.ea);
}

/** An undefined 0F xx: #UD (INT 6), with the address of the faulting instruction pushed, as on the 186+. */
export function invalidOpcode(cpu: Cpu, i: Instruction): void {
  raiseInvalidOpcode(cpu, i);
}
