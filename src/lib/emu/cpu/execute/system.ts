// The system extensions (DESIGN.md "System extensions"): MOV to and from CR0/CR2/CR3, SMSW, INVLPG, VMCALL, UD2.
// On the bare machine (no VM mode) they act on the real control registers. CR0 bit 15 is PG (paging on), bit 0
// PE ("a monitor is present"); CR2 holds the page number of the last page fault; CR3 the page directory's
// frame number (virtualization.md §2.2.1: the registers are 16-bit because the machine is).

import { VECTOR_INVALID_OPCODE } from '../traps';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

/** #UD: the address of the faulting instruction is pushed, as on the 186 and later. */
export function raiseInvalidOpcode(cpu: Cpu, i: Instruction): void {
  cpu.ip = cpu.instructionStart(i);
  cpu.interrupt(VECTOR_INVALID_OPCODE, 'exception');
}

/** Whether ModRM reg names a control register we have: CR0, CR2 or CR3 (CR1 and CR4–7 are #UD, as on a 386). */
function controlRegisterExists(n: number): boolean {
  return n === 0 || n === 2 || n === 3;
}

/** MOV CRn, r16 (0F 22 /r; NASM: `mov cr3, eax`). */
export function movToControl(cpu: Cpu, i: Instruction): void {
  if (!controlRegisterExists(i.reg)) return raiseInvalidOpcode(cpu, i);
  cpu.setControlRegister(i.reg, cpu.words[i.rm]);
}

/** MOV r16, CRn (0F 20 /r; NASM: `mov eax, cr3`). */
export function movFromControl(cpu: Cpu, i: Instruction): void {
  if (!controlRegisterExists(i.reg)) return raiseInvalidOpcode(cpu, i);
  cpu.words[i.rm] = cpu.controlRegister(i.reg);
}

/** SMSW r/m16 (0F 01 /4): the low word of CR0. */
export function smsw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, cpu.cr0);
}

/** INVLPG m (0F 01 /7): drop the TLB entry of the page holding the operand. A register operand is #UD. */
export function invlpg(cpu: Cpu, i: Instruction): void {
  if (!i.memory) return raiseInvalidOpcode(cpu, i);
  cpu.invalidatePage((cpu.segs[i.segment] << 4) + i.ea);
}

/** VMCALL (exactly 0F 01 C1): a call to the hypervisor. Outside a VM there is none: #UD, as on VT-x hardware. */
export function vmcall(cpu: Cpu, i: Instruction): void {
  raiseInvalidOpcode(cpu, i);
}

/** UD2 (0F 0B): the instruction defined to be invalid. */
export function ud2(cpu: Cpu, i: Instruction): void {
  raiseInvalidOpcode(cpu, i);
}
