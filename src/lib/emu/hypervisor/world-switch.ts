// World switches (virtualization.md §2.3): putting a VM's saved guest state on the CPU in VM mode, and saving it
// back into its VMCB when another VM (or the host) takes the CPU. A VM that runs again right away stays on the
// CPU: no switch, its TLB entries and decoded code stay warm. Each VM is charged the table references and TLB
// hits and misses of the time it held the CPU.

import type { Machine } from '../machine';
import { guestFlags } from '../cpu/vm/vm-events';
import { getRegisters, setRegisters } from '../registers-access';
import type { DEFAULT_COSTS } from './counters';
import type { HostFrames } from './frames';
import { applyPagingMode } from './paging-modes';
import type { Vm } from './vmcb';

export class WorldSwitch {
  /** The VM whose registers the CPU holds (saved to its context by leave()). */
  onCpu: Vm | null = null;
  private tlbMark = { hits: 0, misses: 0 };

  constructor(
    private readonly machine: Machine,
    private readonly frames: HostFrames,
    private readonly costs: typeof DEFAULT_COSTS
  ) {}

  /** World switch in: the VM's registers onto the CPU, VM mode with its controls and tables. */
  enter(vm: Vm): void {
    this.onCpu = vm;
    const cpu = this.machine.cpu;
    const paging = this.machine.bus.paging;
    paging.walkReferences = 0;
    setRegisters(cpu, vm.context.registers);
    if (vm.context.extendedFlags < 0) {
      // First entry: FLAGS is the guest's 8086 view; enterVm turns IF into the virtual IF.
      applyPagingMode(vm, this.machine.memory, this.frames, true);
      cpu.enterVm(vm.controls);
    } else {
      cpu.enterVm(vm.controls);
      cpu.flags = vm.context.extendedFlags;
    }
    cpu.interruptShadow = vm.context.interruptShadow;
    cpu.exit = null;
    cpu.halted = false;
    // The TLB's counters are the machine's; each VM is charged what happened while it was on the CPU.
    paging.settle();
    this.tlbMark = { ...paging.tlb.counters };
  }

  /** World switch out: the CPU's registers back into the VM's context, its share of the counters charged. */
  leave(vm: Vm): void {
    this.onCpu = null;
    const cpu = this.machine.cpu;
    const paging = this.machine.bus.paging;
    paging.settle();
    vm.context = {
      registers: getRegisters(cpu),
      extendedFlags: cpu.flags,
      interruptShadow: cpu.interruptShadow
    };
    vm.counters.walkReferences += paging.walkReferences;
    vm.counters.cycles += paging.walkReferences * this.costs.walkReference;
    paging.walkReferences = 0;
    const tlb = paging.tlb.counters;
    vm.counters.tlbHits += tlb.hits - this.tlbMark.hits;
    vm.counters.tlbMisses += tlb.misses - this.tlbMark.misses;
    vm.console += vm.devices.takeOutput();
  }

  /** The guest's registers as the guest sees them (FLAGS with its virtual IF), from its saved context. */
  savedRegisters(vm: Vm) {
    const registers = { ...vm.context.registers };
    if (vm.context.extendedFlags >= 0) {
      const cpu = this.machine.cpu;
      const saved = cpu.flags;
      cpu.flags = vm.context.extendedFlags;
      registers.flags = guestFlags(cpu, vm.controls);
      cpu.flags = saved;
    }
    return registers;
  }
}
