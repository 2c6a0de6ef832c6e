// The system extensions (DESIGN.md "System extensions"): MOV to and from CR0/CR2/CR3, SMSW, INVLPG, VMCALL, UD2.
// On the bare machine they act on the real control registers: CR0 bit 15 is PG (paging on), bit 0 PE ("a
// monitor is present"); CR2 holds the page number of the last page fault; CR3 the page directory's frame number
// (virtualization.md §2.2.1: the registers are 16-bit because the machine is). In VM mode the sensitivity table
// decides (§2.2.3): they exit, or with nested paging act on the guest's own (virtual) control registers.

import { VECTOR_INVALID_OPCODE } from '../traps';
import { CR0_PE, CR0_PG } from '../flags';
import { AX, BX, CONTROL_REGISTERS, CX, DI, DX, SI } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import type { VmControls } from '../vm/controls';
import { EXIT_CR_ACCESS, EXIT_INVLPG, EXIT_VMCALL } from '../vm/exits';
import { trapInstruction } from '../vm/vm-mode';

/** While a guest runs, the real CR0 is the hypervisor's: PE and PG set. A native SMSW shows the guest this. */
export const REAL_CR0_IN_VM = CR0_PE | CR0_PG;

/** #UD: the address of the faulting instruction is pushed, as on the 186 and later. */
export function raiseInvalidOpcode(cpu: Cpu, i: Instruction): void {
  cpu.ip = cpu.instructionStart(i);
  cpu.exception(VECTOR_INVALID_OPCODE);
}

/** Whether ModRM reg names a control register we have: CR0, CR2 or CR3 (CR1 and CR4–7 are #UD, as on a 386). */
function controlRegisterExists(n: number): boolean {
  return CONTROL_REGISTERS.includes(n);
}

function guestControlRegister(vm: VmControls, n: number): number {
  return n === 0 ? vm.guestCr0 : n === 2 ? vm.guestCr2 : vm.guestCr3;
}

/** MOV CRn, r16 (0F 22 /r; NASM: `mov cr3, eax`). */
export function movToControl(cpu: Cpu, i: Instruction): void {
  if (!controlRegisterExists(i.reg)) return raiseInvalidOpcode(cpu, i);
  const vm = cpu.vm;
  if (vm === null) return cpu.setControlRegister(i.reg, cpu.words[i.rm]);
  if (vm.table.movcr === 'TRAP') {
    trapInstruction(cpu, i, { reason: EXIT_CR_ACCESS, cr: { n: i.reg, direction: 'to', register: i.rm } });
  }
  cpu.setGuestControlRegister(i.reg, cpu.words[i.rm]);
}

/** MOV r16, CRn (0F 20 /r; NASM: `mov eax, cr3`). */
export function movFromControl(cpu: Cpu, i: Instruction): void {
  if (!controlRegisterExists(i.reg)) return raiseInvalidOpcode(cpu, i);
  const vm = cpu.vm;
  if (vm === null) {
    cpu.words[i.rm] = cpu.controlRegister(i.reg);
    return;
  }
  if (vm.table.movcr === 'TRAP') {
    trapInstruction(cpu, i, { reason: EXIT_CR_ACCESS, cr: { n: i.reg, direction: 'from', register: i.rm } });
  }
  cpu.words[i.rm] = guestControlRegister(vm, i.reg);
}

/**
 * SMSW r/m16 (0F 01 /4): the low word of CR0. Not privileged on the 386, so in VM mode a NATIVE SMSW shows the
 * real CR0 (PE = PG = 1): the classic leak that breaks equivalence. SHADOW returns the guest's CR0, as VT-x's
 * CR0 read shadow does.
 */
export function smsw(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null) return cpu.setRm16(i, cpu.cr0);
  if (vm.table.smsw === 'TRAP') {
    trapInstruction(cpu, i, {
      reason: EXIT_CR_ACCESS,
      cr: { n: 0, direction: 'from', register: i.memory ? null : i.rm }
    });
  }
  cpu.setRm16(i, vm.table.smsw === 'SHADOW' ? vm.guestCr0 : REAL_CR0_IN_VM);
}

/** INVLPG m (0F 01 /7): drop the TLB entry of the page holding the operand. A register operand is #UD. */
export function invlpg(cpu: Cpu, i: Instruction): void {
  if (!i.memory) return raiseInvalidOpcode(cpu, i);
  const linear = (cpu.segs[i.segment] << 4) + i.ea;
  const vm = cpu.vm;
  if (vm !== null && vm.table.invlpg === 'TRAP') {
    trapInstruction(cpu, i, { reason: EXIT_INVLPG, invlpg: { linear } });
  }
  cpu.invalidatePage(linear);
}

/**
 * VMCALL (exactly 0F 01 C1): a call to the hypervisor. Outside a VM it is #UD, as on VT-x hardware. On the pre-VT
 * profiles it arrives as #UD too (the instruction did not exist; the hypervisor recognises the bytes); on
 * HW-assist it is the VMCALL exit, with the registers that carry the hypercall (§2.10).
 */
export function vmcall(cpu: Cpu, i: Instruction): void {
  const vm = cpu.vm;
  if (vm === null || vm.reporting === '386' || i.mod !== 3 || i.rm !== 1) return raiseInvalidOpcode(cpu, i);
  const w = cpu.words;
  trapInstruction(cpu, i, {
    reason: EXIT_VMCALL,
    vmcall: { ax: w[AX], bx: w[BX], cx: w[CX], dx: w[DX], si: w[SI], di: w[DI] }
  });
}

/** UD2 (0F 0B): the instruction defined to be invalid. */
export function ud2(cpu: Cpu, i: Instruction): void {
  raiseInvalidOpcode(cpu, i);
}
