// Interrupts and processor control: INT, INT3, INTO, IRET, HLT, the flag instructions, ESC, and the
// undefined two-byte opcodes.

import { CF, DF, IF, normalizeFlags, OF } from '../flags';
import { CS, SP, SS } from '../registers';
import { OUTCOME_HALTED, SHADOW_INTR, VECTOR_BREAKPOINT, VECTOR_OVERFLOW } from '../traps';
import type { Cpu } from '../cpu';
import { raiseInvalidOpcode } from './system';
import { applyGuestFlags, setGuestInterruptFlag, trapInstruction } from '../vm/vm-mode';
import { EXIT_EXCEPTION, EXIT_HLT } from '../vm/exits';
import type { Instruction } from '../instruction';

/**
 * INT n, INT3, INTO. In VM mode they are the INT n row of the sensitivity table (the 386 treats all three as
 * IOPL-sensitive in virtual-8086 mode): TRAP exits, SW_INT_EXIT exits as a software interrupt, NATIVE and
 * REDIRECT go through the guest's own vector table.
 */
function softwareInterrupt(cpu: Cpu, i: Instruction, vector: number): void {
  const vm = cpu.vm;
  if (vm !== null) {
    if (vm.table.intn === 'TRAP') {
      trapInstruction(cpu, i, { reason: EXIT_EXCEPTION, event: { vector, type: 'SW_INTERRUPT' } });
    }
    if (vm.table.intn === 'SW_INT_EXIT') {
      cpu.exitWith(
        { reason: EXIT_EXCEPTION, event: { vector, type: 'SW_INTERRUPT' }, instructionLength: i.length },
        i
      );
    }
  }
  cpu.interrupt(vector, 'software');
}

export function intImmediate(cpu: Cpu, i: Instruction): void {
  softwareInterrupt(cpu, i, i.imm);
}

export function int3(cpu: Cpu, i: Instruction): void {
  softwareInterrupt(cpu, i, VECTOR_BREAKPOINT);
}

export function into(cpu: Cpu, i: Instruction): void {
  if (cpu.flags & OF) softwareInterrupt(cpu, i, VECTOR_OVERFLOW);
}

/**
 * IRET: pop IP, CS, FLAGS; all three reads come before any register changes (restartable after a fault). In VM
 * mode the FLAGS part follows the IRET row of the sensitivity table, as POPF does.
 */
export function iret(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm !== null && vm.table.iret === 'TRAP') trapInstruction(cpu, i, { reason: EXIT_EXCEPTION });
  const sp = cpu.words[SP];
  const ip = cpu.readWord(SS, sp);
  const cs = cpu.readWord(SS, (sp + 2) & 0xffff);
  const flags = cpu.readWord(SS, (sp + 4) & 0xffff);
  cpu.words[SP] = sp + 6;
  cpu.ip = ip;
  cpu.segs[CS] = cs;
  if (vm !== null) applyGuestFlags(cpu, flags, vm.table.iret);
  else cpu.flags = normalizeFlags(flags);
}

/**
 * HLT: IP already points past it, so the interrupt that wakes the CPU returns to the next instruction. In VM
 * mode it always exits (a privileged instruction at CPL 3: #GP on a 386, exit reason HLT on VT-x).
 */
export function hlt(cpu: Cpu, i: Instruction): void {
  if (cpu.vm !== null) trapInstruction(cpu, i, { reason: EXIT_HLT });
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

/** CLI; in VM mode the CLI row decides: exit, the virtual IF, or the real one. */
export function cli(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null) cpu.flags &= ~IF;
  else if (vm.table.cli === 'TRAP') trapInstruction(cpu, i, { reason: EXIT_EXCEPTION });
  else setGuestInterruptFlag(cpu, false, vm.table.cli);
}

/** STI: interrupts are recognised only after the next instruction, so `sti; hlt` or `sti; ret` is atomic. */
export function sti(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null) cpu.flags |= IF;
  else if (vm.table.sti === 'TRAP') trapInstruction(cpu, i, { reason: EXIT_EXCEPTION });
  else setGuestInterruptFlag(cpu, true, vm.table.sti);
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
