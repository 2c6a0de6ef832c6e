// PUSH and POP in all forms, PUSHF and POPF.

import { normalizeFlags } from '../flags';
import { SP, SS } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import { applyGuestFlags, guestFlagsImage, trapInstruction } from '../vm/vm-mode';
import { EXIT_EXCEPTION } from '../vm/exits';

/** PUSH r16 (50–57): i.op is the register. PUSH SP pushes the decremented SP on the 8086 (the 286: the old one). */
export function pushReg(cpu: Cpu, i: Instruction): void {
  if (i.op === SP) pushStackPointer(cpu);
  else cpu.push(cpu.words[i.op]);
}

/** PUSH Ew (FF /6, and its alias /7). */
export function pushEw(cpu: Cpu, i: Instruction): void {
  if (!i.memory && i.rm === SP) pushStackPointer(cpu);
  else cpu.push(cpu.getRm16(i));
}

/** FE /6 and /7 (undefined on the 8086, untested): push the byte operand, zero-extended. */
export function pushEb(cpu: Cpu, i: Instruction): void {
  cpu.push(cpu.getRm8(i));
}

/** PUSH ES/CS/SS/DS: i.op is the segment register. */
export function pushSeg(cpu: Cpu, i: Instruction): void {
  cpu.push(cpu.segs[i.op]);
}

function pushStackPointer(cpu: Cpu): void {
  const sp = (cpu.words[SP] - 2) & 0xffff;
  cpu.writeWord(SS, sp, sp);
  cpu.words[SP] = sp;
}

/** POP r16 (58–5F): i.op is the register. POP SP leaves SP = the popped value. */
export function popReg(cpu: Cpu, i: Instruction): void {
  cpu.words[i.op] = cpu.pop();
}

/**
 * POP Ew (8F; the 8086 ignores the reg field). The address was computed before SP moved. A memory destination
 * is written before SP moves (restartable after a fault); a register destination after, so POP SP leaves SP
 * = the popped value, as the 8086 does.
 */
export function popEw(cpu: Cpu, i: Instruction): void {
  const sp = cpu.words[SP];
  const value = cpu.readWord(SS, sp);
  if (i.memory) {
    cpu.setRm16(i, value);
    cpu.words[SP] = sp + 2;
  } else {
    cpu.words[SP] = sp + 2;
    cpu.words[i.rm] = value;
  }
}

/** POP ES/SS/DS: i.op is the segment register (POP SS holds off interrupts for one instruction). */
export function popSeg(cpu: Cpu, i: Instruction): void {
  cpu.setSeg(i.op, cpu.pop());
}

/** PUSHF; in VM mode the PUSHF row decides: exit, or which image of FLAGS the guest sees (vm/vm-mode.ts). */
export function pushf(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null) return cpu.push(cpu.flags & 0xffff);
  if (vm.table.pushf === 'TRAP') trapInstruction(cpu, i, { reason: EXIT_EXCEPTION });
  cpu.push(guestFlagsImage(cpu, vm.table.pushf));
}

/** POPF; in VM mode the POPF row decides: exit, or where IF goes (VIF, the real IF, or nowhere). */
export function popf(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null) {
    cpu.flags = normalizeFlags(cpu.pop());
    return;
  }
  if (vm.table.popf === 'TRAP') trapInstruction(cpu, i, { reason: EXIT_EXCEPTION });
  applyGuestFlags(cpu, cpu.pop(), vm.table.popf);
}
