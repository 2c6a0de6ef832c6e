// Which tables the CPU walks for a VM (virtualization.md §2.7), recomputed whenever the guest's CR0.PG or CR3
// changes: the P2M's physical map while the guest's paging is off; shadow tables while it is on (p2m, shadow and
// shadow-traced modes); under nested paging always the physical map as the nested tables, with the guest's own
// CR0/CR3 driving the guest stage of the hardware's 2-D walk.

import { CR0_PG } from '../cpu/flags';
import type { PhysicalMemory } from '../mem/memory';
import type { HostFrames } from './frames';
import { ShadowTables } from './shadow-paging';
import type { Vm } from './vmcb';

export function guestPagingOn(vm: Vm): boolean {
  return (vm.controls.guestCr0 & CR0_PG) !== 0;
}

/**
 * Point the VM's controls at the right tables. `cr3Changed`: the guest loaded CR3 (shadow modes switch to, or
 * rebuild, the shadow of that address space). Returns whether a cached shadow was reused.
 */
export function applyPagingMode(
  vm: Vm,
  memory: PhysicalMemory,
  frames: HostFrames,
  cr3Changed: boolean
): boolean {
  const mode = vm.config.paging;
  if (mode === 'nested') {
    vm.controls.paging = { mode: 'nested', nestedRootFrame: vm.p2m.directoryFrame };
    return false;
  }
  if (!guestPagingOn(vm)) {
    vm.shadow?.dropAll();
    vm.controls.paging = { mode: 'tables', rootFrame: vm.p2m.directoryFrame };
    return false;
  }
  let reused = false;
  if (vm.shadow === null) vm.shadow = new ShadowTables(memory, frames, mode === 'shadow-traced');
  const active =
    vm.controls.paging.mode === 'tables' && vm.controls.paging.rootFrame !== vm.p2m.directoryFrame;
  if (cr3Changed || !active) reused = vm.shadow.switchTo(vm.controls.guestCr3);
  vm.controls.paging = { mode: 'tables', rootFrame: vm.shadow.activeRoot };
  return reused;
}
