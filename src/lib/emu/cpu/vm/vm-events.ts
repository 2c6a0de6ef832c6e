// The CPU's own events in VM mode (virtualization.md §2.4): exceptions (exit or straight into the guest,
// per the exception bitmap), page faults and nested-paging violations, physical interrupts, the interrupt
// window and the preemption timer. Entering and leaving VM mode are here too.

import type { Cpu } from '../cpu';
import { IF } from '../flags';
import type { PagingFault } from '../../mem/paging/walk-record';
import { PAGE_SHIFT } from '../../mem/paging/entries';
import { A20_ENABLED } from '../../mem/system-bus';
import { IOPL_SHIFT, VIF, VIP, VM_FLAG, type VmControls } from './controls';
import {
  EXIT_EXCEPTION,
  EXIT_EXTERNAL_INTERRUPT,
  EXIT_INTERRUPT_WINDOW,
  EXIT_NPT_VIOLATION,
  EXIT_PREEMPTION_TIMER,
  type EventType
} from './exits';
import { guestInterruptFlagBit } from './vm-mode';

/** The paging configuration of a VM: its active tables, or nested paging over the guest's own CR0/CR3. */
export function vmPagingConfig(controls: VmControls) {
  const paging = controls.paging;
  return {
    rootFrame: paging.mode === 'tables' ? paging.rootFrame : 0,
    user: true,
    vpid: controls.vpid,
    nested:
      paging.mode === 'nested'
        ? {
            nestedRootFrame: paging.nestedRootFrame,
            guestPaging: (controls.guestCr0 & 0x8000) !== 0,
            guestRootFrame: controls.guestCr3
          }
        : null
  };
}

/** Whether exception `vector` exits under these controls. */
export function exceptionExits(controls: VmControls, vector: number): boolean {
  return ((controls.exceptionBitmap >>> vector) & 1) !== 0;
}

/** An exception in VM mode that exits: EXCEPTION with its vector (and error code), at the IP it would push. */
export function exceptionExit(cpu: Cpu, vector: number, type: EventType, errorCode: number): never {
  cpu.exitWith({
    reason: EXIT_EXCEPTION,
    event: errorCode >= 0 ? { vector, type, errorCode } : { vector, type }
  });
}

/**
 * A page fault in VM mode. In the nested tables: NPT_VIOLATION, always. Otherwise #PF, which exits when the
 * exception bitmap says so (always on the pre-VT profiles; in shadow modes on HW-assist) and else goes straight
 * into the guest with the guest's CR2 (nested paging's guest-table faults).
 */
export function vmPageFault(cpu: Cpu, fault: PagingFault): void {
  const controls = cpu.vm as VmControls;
  if (fault.kind === 'nested-violation') {
    cpu.exitWith({
      reason: EXIT_NPT_VIOLATION,
      npt: {
        guestPhysical: fault.guestPhysical ?? 0,
        access: fault.access,
        linear: fault.linear,
        duringGuestWalk: fault.duringGuestWalk ?? false
      }
    });
  }
  if (exceptionExits(controls, 14)) {
    cpu.exitWith({
      reason: EXIT_EXCEPTION,
      event: { vector: 14, type: 'HW_EXCEPTION', errorCode: fault.errorCode },
      pf: { linear: fault.linear, errorCode: fault.errorCode }
    });
  }
  controls.guestCr2 = (fault.linear >>> PAGE_SHIFT) & 0xffff;
  cpu.deliverToGuest(14, fault.errorCode);
}

/**
 * After each guest instruction: a physical interrupt exits (on the pre-VT profiles only while the real IF is
 * set, as the 386's real IF gated it; on HW-assist always, as with VT-x's external-interrupt exiting), an NMI
 * exits, the interrupt window exits when the guest has just opened its virtual IF with an interrupt pending,
 * the preemption timer counts down, and the single-step trap is an exception (exit or into the guest).
 */
export function vmAfterInstruction(cpu: Cpu, trapAfter: boolean, shadowed: boolean): void {
  const controls = cpu.vm as VmControls;
  if (cpu.nmiPending) {
    cpu.nmiPending = false;
    cpu.exitWith({ reason: EXIT_EXCEPTION, event: { vector: 2, type: 'NMI' } });
  }
  if (cpu.intr && (controls.reporting === 'vtx' || (cpu.flags & IF) !== 0)) {
    cpu.exitWith({ reason: EXIT_EXTERNAL_INTERRUPT });
  }
  if (controls.preemptionTimer >= 0 && --controls.preemptionTimer <= 0) {
    controls.preemptionTimer = -1;
    cpu.exitWith({ reason: EXIT_PREEMPTION_TIMER });
  }
  const open = (cpu.flags & guestInterruptFlagBit(controls)) !== 0;
  if (controls.interruptWindowExiting && open && (cpu.flags & VIP) !== 0 && !shadowed) {
    cpu.exitWith({ reason: EXIT_INTERRUPT_WINDOW });
  }
  if (trapAfter) cpu.exception(1, -1, 'HW_EXCEPTION');
}

/**
 * Enter VM mode: the CPU runs the registers it holds as the guest's, at CPL 3 with EFLAGS.VM set, IOPL from the
 * controls, every access translated (21-bit linear addresses; the tables decide what the HMA maps to), and the
 * guest's IF virtual (VIF) unless CLI/STI run natively. The real IF is 1 while a guest runs.
 */
export function enterVm(cpu: Cpu, controls: VmControls): void {
  const guestIf = (cpu.flags & IF) !== 0;
  let flags = (cpu.flags & 0x0fff & ~IF) | (controls.iopl << IOPL_SHIFT) | VM_FLAG | IF;
  if (controls.table.cli !== 'NATIVE') flags = guestIf ? flags | VIF : flags & ~VIF;
  else if (!guestIf) flags &= ~IF;
  cpu.flags = flags;
  cpu.vm = controls;
  cpu.exit = null;
  cpu.switchTranslation(vmPagingConfig(controls), A20_ENABLED);
}

/** The guest's FLAGS as the guest believes them (8086 view): IF is its virtual IF, bits 12–15 are 1. */
export function guestFlags(cpu: Cpu, controls: VmControls): number {
  const flags = cpu.flags;
  const guestIf = (flags & guestInterruptFlagBit(controls)) !== 0;
  return ((flags & 0x0fff & ~IF) | (guestIf ? IF : 0) | 0xf002) & 0xffff;
}
