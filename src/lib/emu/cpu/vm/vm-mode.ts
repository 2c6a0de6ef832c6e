// What the CPU does differently in VM mode (virtualization.md §2.2.3): the sensitive instructions consult the
// VM's sensitivity table, and traps leave as exit records in the reporting style of the VM's profile (§2.4).
// The executors call these; the CPU's own events (exceptions, interrupts, page faults) are in cpu.ts.

import { DF, FLAGS_ALWAYS_ONE, IF, STATUS_FLAGS, TF } from '../flags';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import { IOPL_MASK, VIF, type VmControls } from './controls';
import type { Action } from './sensitivity';
import { EXIT_EXCEPTION, VECTOR_GENERAL_PROTECTION, type ExitRecord } from './exits';

/** The flag bits a guest's POPF/IRET may change whatever the action: status flags, TF, DF. */
const GUEST_WRITABLE = STATUS_FLAGS | TF | DF;
/** The low 12 bits of FLAGS as the 8086 has them (bits 1 set, 3 and 5 clear). */
const LOW_FLAGS = STATUS_FLAGS | TF | IF | DF;

/**
 * Exit for a sensitive instruction under TRAP. On the pre-VT profiles the 386 reported it as #GP(0) with CS:IP
 * only; on HW-assist the CPU gives the VT-x reason and qualification (`vtx`) and the instruction's length.
 */
export function trapInstruction(
  cpu: Cpu,
  i: Instruction,
  vtx: Omit<ExitRecord, 'reasonName' | 'style' | 'guestCs' | 'guestIp'>
): never {
  const controls = cpu.vm as VmControls;
  if (controls.reporting === '386') {
    cpu.exitWith(
      {
        reason: EXIT_EXCEPTION,
        event: { vector: VECTOR_GENERAL_PROTECTION, type: 'HW_EXCEPTION', errorCode: 0 }
      },
      i
    );
  }
  cpu.exitWith({ ...vtx, instructionLength: i.length }, i);
}

/**
 * The FLAGS image PUSHF (and an interrupt's push) shows the guest. VIRTUAL: IF is the virtual IF and bits
 * 12–15 are 1, the 8086 signature. NATIVE and SILENT: the real flags in the 386's view, real IF (1 while a guest
 * runs) and IOPL in bits 12–13, bits 14–15 clear: a detection routine can tell it is not on an 8086 (§2.2.1).
 */
export function guestFlagsImage(cpu: Cpu, action: Action): number {
  const flags = cpu.flags;
  if (action === 'VIRTUAL') return (flags & LOW_FLAGS & ~IF) | (flags & VIF ? IF : 0) | FLAGS_ALWAYS_ONE;
  return (flags & (LOW_FLAGS | IOPL_MASK)) | 0x0002;
}

/**
 * POPF and IRET in VM mode: the status flags, TF and DF always load. IF: VIRTUAL loads it into VIF, NATIVE into
 * the real IF, SILENT drops the change (the "sensitive but unprivileged" POPF of a deprivileged kernel). IOPL
 * never changes at CPL 3; VM, VIF (except VIRTUAL) and VIP are not in the low 16 bits.
 */
export function applyGuestFlags(cpu: Cpu, value: number, action: Action): void {
  let flags = (cpu.flags & ~GUEST_WRITABLE) | (value & GUEST_WRITABLE);
  if (action === 'VIRTUAL') flags = (flags & ~VIF) | (value & IF ? VIF : 0);
  else if (action === 'NATIVE') flags = (flags & ~IF) | (value & IF);
  cpu.flags = flags;
}

/** CLI and STI under VIRTUAL act on VIF, under NATIVE on the real IF; SILENT drops them. */
export function setGuestInterruptFlag(cpu: Cpu, on: boolean, action: Action): void {
  const bit = action === 'VIRTUAL' ? VIF : action === 'NATIVE' ? IF : 0;
  cpu.flags = on ? cpu.flags | bit : cpu.flags & ~bit;
}

/** The guest's view of its interrupt flag: VIF unless CLI/STI run natively. */
export function guestInterruptFlagBit(controls: VmControls): number {
  return controls.table.cli === 'NATIVE' ? IF : VIF;
}
