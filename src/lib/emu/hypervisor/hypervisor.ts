// The hypervisor (virtualization.md §2.3–2.15): several VMs on the one CPU. It owns host memory through the
// allocator (frames.ts), gives each VM a control block (vmcb.ts), enters the guest in VM mode, receives each exit
// record from Machine.run, runs the interpreter routine for it (dispatcher.ts, each handler a generator of HvSteps
// with a model cost), and schedules the VMs (scheduler.ts). It is deterministic: time is counted in guest
// instructions, and nothing reads a clock.

import { Machine } from '../machine';
import { makeVmControls } from '../cpu/vm/controls';
import { SHADOW_NONE } from '../cpu/traps';
import { guestFlags } from '../cpu/vm/vm-events';
import { guestInterruptFlagBit } from '../cpu/vm/vm-mode';
import { getRegisters, setRegisters } from '../registers-access';
import type { ExitRecord } from '../cpu/vm/exits';
import type { Registers } from '../cpu/registers';
import { PortMap } from '../mem/ports';
import { DEFAULT_COSTS, newCounters } from './counters';
import { FRAME_HYPERVISOR, FRAME_OPEN_BUS, FRAME_SHARED_ROM, HostFrames } from './frames';
import { GuestMemory } from './guest-memory';
import { P2m, GUEST_FRAMES } from './p2m';
import { applyPagingMode } from './paging-modes';
import { dispatch } from './dispatcher';
import { noBugs, type HypervisorBugs } from './bugs';
import { reflect } from './reflect';
import type { ExitContext, Handler, HvStep } from './steps';
import type { VirtualDevices, Vm, VmConfig } from './vmcb';

export interface HypervisorOptions {
  /** Host physical memory in bytes (default 4 MiB). */
  memorySize?: number;
  /** Guest instructions per scheduling quantum (§2.9: 2,000). */
  quantum?: number;
  /** The guest BIOS ROM page (4 KiB, guest-physical FF000h), shared read-only by every VM. */
  rom?: ArrayLike<number>;
  /** Builds a VM's virtual devices (defaults to none: every port reads FFh). */
  devices?: (vmId: number) => VirtualDevices;
}

/** One line of the exit log (§2.16): what the hardware reported and what the hypervisor made of it. */
export interface ExitLogEntry {
  seq: number;
  vm: number;
  /** The hardware's report: reason number (EXCEPTION for #GP/#UD/#PF on the pre-VT profiles). */
  reported: number;
  vector?: number;
  classified: number;
  summary: string;
  guestCs: number;
  guestIp: number;
  /** Model cycles the handling cost, exit and entry included. */
  cost: number;
  /** Host model time (guest instructions of all VMs) when it happened. */
  time: number;
  steps: HvStep[];
}

/** Instructions a guest may run after its quantum's physical timer fired before the host counts as hung (I3). */
export const HUNG_AFTER = 100_000;
const EXIT_LOG_LIMIT = 2000;

export class Hypervisor {
  readonly machine: Machine;
  readonly frames: HostFrames;
  readonly vms: Vm[] = [];
  readonly quantum: number;
  readonly costs = { ...DEFAULT_COSTS };
  readonly romFrame: number;
  readonly openBusFrame: number;
  readonly scratchFrame: number;
  /** The instructor's switch (§2.12 E5): documented hypervisor bugs, all off unless a lesson turns one on. */
  readonly bugs: HypervisorBugs = noBugs();
  /** Exits handled so far (sequence numbers of the log). */
  exitCount = 0;
  readonly exitLog: ExitLogEntry[] = [];
  /** Host model time: guest instructions executed by all VMs. */
  time = 0;
  /** Set when a guest kept the CPU after its quantum (real IF cleared): the host never got it back (§2.12 I3). */
  hung = false;
  /** Called after every handled exit (the auditor in tests and lesson mode). */
  afterExit: ((vm: Vm, entry: ExitLogEntry) => void) | null = null;
  private readonly makeDevices: (vmId: number) => VirtualDevices;

  constructor(options: HypervisorOptions = {}) {
    this.machine = new Machine({ memorySize: options.memorySize });
    const memory = this.machine.memory;
    this.frames = new HostFrames(memory.size / 4096);
    this.quantum = options.quantum ?? 2000;
    // Frame 0 up: the shared frames first, so they sit at the same place in every run.
    this.romFrame = this.frames.allocate(FRAME_SHARED_ROM);
    this.openBusFrame = this.frames.allocate(FRAME_OPEN_BUS);
    this.scratchFrame = this.frames.allocate(FRAME_HYPERVISOR);
    memory.fill(this.openBusFrame * 4096, 4096, 0xff);
    memory.fill(this.romFrame * 4096, 4096, 0xff);
    if (options.rom) memory.load(this.romFrame * 4096, Array.from(options.rom).slice(0, 4096));
    this.makeDevices = options.devices ?? (() => noDevices());
  }

  /** Create a VM (not started until a program is loaded into it). */
  addVm(config: VmConfig): Vm {
    const id = this.vms.length;
    if (id >= 15) throw new Error('at most 15 VMs (one VPID each)');
    const full = {
      profile: config.profile,
      paging: config.paging,
      ramFrames: Math.min(config.ramFrames ?? GUEST_FRAMES, GUEST_FRAMES),
      weight: config.weight ?? 1,
      iopl: config.iopl ?? 0,
      a20Wrap: true,
      passthroughPorts: config.passthroughPorts ?? []
    };
    const memory = this.machine.memory;
    const p2m = new P2m(
      memory,
      this.frames,
      id,
      full.ramFrames,
      { romFrame: this.romFrame, openBusFrame: this.openBusFrame },
      true
    );
    const controls = makeVmControls(full.profile, {
      iopl: full.iopl,
      vpid: id + 1,
      paging:
        full.paging === 'nested'
          ? { mode: 'nested', nestedRootFrame: p2m.directoryFrame }
          : { mode: 'tables', rootFrame: p2m.directoryFrame },
      passthroughPorts: full.passthroughPorts
    });
    const vm: Vm = {
      id,
      name: config.name ?? `VM${id}`,
      config: full,
      controls,
      p2m,
      memory: new GuestMemory(memory, p2m, controls, true),
      shadow: null,
      devices: this.makeDevices(id),
      context: { registers: resetRegisters(), extendedFlags: -1, interruptShadow: SHADOW_NONE },
      status: 'stopped',
      stopReason: 'not started',
      interruptShadow: false,
      console: '',
      counters: newCounters(),
      pass: 0
    };
    this.vms.push(vm);
    return vm;
  }

  /** Start a VM at these registers (FLAGS as the guest's 8086 FLAGS: IF is its virtual IF). */
  start(vm: Vm, registers: Partial<Registers>): void {
    vm.context = {
      registers: { ...resetRegisters(), ...registers },
      extendedFlags: -1,
      interruptShadow: SHADOW_NONE
    };
    vm.status = 'runnable';
    vm.stopReason = '';
  }

  /** Copy bytes into a VM's guest-physical memory (backing frames as needed). */
  writeGuestPhysical(vm: Vm, address: number, bytes: ArrayLike<number>): void {
    for (let k = 0; k < bytes.length; k++) vm.memory.writePhysical8(address + k, bytes[k]);
  }

  /**
   * Run the VMs until all have stopped (or are blocked with nothing to wake them) or `budget` guest
   * instructions have run in total. Returns the instructions executed.
   */
  run(budget: number): number {
    const start = this.time;
    while (this.time - start < budget && !this.hung) {
      const vm = this.pickNext();
      if (vm === null) break;
      this.runSlice(vm, Math.min(this.quantum, budget - (this.time - start)));
    }
    if (this.onCpu !== null) this.leave(this.onCpu);
    return this.time - start;
  }

  /** Stride scheduling (§2.9): the runnable VM with the smallest pass; blocked VMs wake when a virtual IRQ is due. */
  private pickNext(): Vm | null {
    for (const vm of this.vms) {
      if (vm.status === 'blocked' && vm.devices.pendingVector() >= 0) vm.status = 'runnable';
    }
    let best: Vm | null = null;
    for (const vm of this.vms) {
      if (vm.status === 'runnable' && (best === null || vm.pass < best.pass)) best = vm;
    }
    if (best !== null) return best;
    // Everyone is blocked: idle the host until the earliest virtual timer fires (model time jumps).
    let wake: Vm | null = null;
    let soonest = Infinity;
    for (const vm of this.vms) {
      if (vm.status !== 'blocked') continue;
      const due = vm.devices.instructionsUntilInterrupt();
      if (due < soonest) {
        soonest = due;
        wake = vm;
      }
    }
    if (wake === null || !Number.isFinite(soonest)) return null;
    for (const vm of this.vms) if (vm.status === 'blocked') vm.devices.advance(soonest);
    wake.status = 'runnable';
    return wake;
  }

  /** Give `vm` the CPU for up to `quantum` guest instructions. */
  private runSlice(vm: Vm, quantum: number): void {
    // The same VM again: it is still on the CPU (no world switch, its TLB and decoded code stay warm).
    if (this.onCpu !== vm) {
      if (this.onCpu !== null) this.leave(this.onCpu);
      this.enter(vm);
    }
    const cpu = this.machine.cpu;
    const preVt = vm.controls.reporting === '386';
    let left = quantum;
    let endSlice = false;
    while (vm.status === 'runnable' && left > 0 && !endSlice) {
      if (!this.injectPending(vm)) break;
      const shadowed = vm.interruptShadow || cpu.interruptShadow !== SHADOW_NONE;
      const chunk = Math.max(1, Math.min(left, vm.devices.instructionsUntilInterrupt()));
      if (!preVt) vm.controls.preemptionTimer = left;
      const result = this.machine.run(chunk, shadowed ? { maxSteps: 1 } : {});
      vm.interruptShadow = false;
      this.account(vm, result.iterations);
      left -= result.iterations;
      if (result.stop === 'exit' && result.exit) endSlice = this.handleExit(vm, result.exit);
      else if (result.stop === 'shutdown') this.stop(vm, 'shutdown');
      else if (result.stop === 'halt') this.stop(vm, 'halt');
    }
    if (preVt && vm.status === 'runnable' && left <= 0 && !endSlice) this.physicalTimer(vm);
    vm.controls.preemptionTimer = -1;
    vm.pass += quantum / vm.config.weight;
  }

  /**
   * On the pre-VT profiles a quantum ends the way a 386 monitor took the CPU back: the physical PIT interrupts,
   * which exits only while the real IF is set (§2.9). A guest that cleared the real IF (NATIVE CLI under
   * 386-V86 with IOPL 3) keeps the CPU: after HUNG_AFTER instructions the host counts as hung.
   */
  private physicalTimer(vm: Vm): void {
    const cpu = this.machine.cpu;
    cpu.intr = true;
    const result = this.machine.run(HUNG_AFTER);
    this.account(vm, result.iterations);
    if (result.stop === 'exit' && result.exit) this.handleExit(vm, result.exit);
    else if (result.stop === 'budget') {
      this.hung = true;
      this.stop(vm, 'kept the CPU with the real IF clear: the host never regained control');
    }
    cpu.intr = false;
  }

  private account(vm: Vm, instructions: number): void {
    vm.counters.guestInstructions += instructions;
    vm.counters.cycles += instructions * this.costs.guestInstruction;
    vm.devices.advance(instructions);
    this.time += instructions;
  }

  /**
   * Deliver the highest-priority pending virtual interrupt if the guest's IF is set and no interrupt shadow holds
   * it off (§2.6); else set VIP (and, on HW-assist, interrupt-window exiting does the rest). Returns false if the
   * VM stopped (a reflection that faulted).
   */
  private injectPending(vm: Vm): boolean {
    const cpu = this.machine.cpu;
    if (vm.devices.pendingVector() < 0) {
      cpu.flags &= ~VIP_BIT;
      return true;
    }
    const open = (cpu.flags & guestInterruptFlagBit(vm.controls)) !== 0;
    if (!open || vm.interruptShadow || cpu.interruptShadow !== SHADOW_NONE) {
      cpu.flags |= VIP_BIT;
      return true;
    }
    cpu.flags &= ~VIP_BIT;
    const vector = vm.devices.acknowledge();
    vm.counters.interruptsInjected++;
    const exit: ExitRecord = {
      reason: 7,
      reasonName: 'INTERRUPT_WINDOW',
      style: vm.controls.reporting,
      guestCs: cpu.segs[1],
      guestIp: cpu.ip
    };
    this.drain(vm, exit, reflect(this.context(vm, exit), vector, cpu.ip), 'inject');
    return vm.status === 'runnable';
  }

  /** Handle one exit to the end. Returns whether the VM's slice ends. */
  private handleExit(vm: Vm, exit: ExitRecord): boolean {
    const ctx = this.context(vm, exit);
    this.drain(vm, exit, dispatch(ctx), null, ctx);
    return ctx.endSlice;
  }

  private drain(
    vm: Vm,
    exit: ExitRecord,
    handler: Handler,
    label: string | null,
    ctx = this.context(vm, exit)
  ): void {
    const steps: HvStep[] = [];
    let cost = 0;
    for (const s of handler) {
      steps.push(s);
      cost += s.cost;
    }
    vm.counters.cycles += cost;
    if (label !== null) return; // injections are not exits
    vm.counters.exits[ctx.classified] = (vm.counters.exits[ctx.classified] ?? 0) + 1;
    const entry: ExitLogEntry = {
      seq: this.exitCount++,
      vm: vm.id,
      reported: exit.reason,
      vector: exit.event?.vector,
      classified: ctx.classified,
      summary: ctx.summary,
      guestCs: exit.guestCs,
      guestIp: exit.guestIp,
      cost,
      time: this.time,
      steps
    };
    this.exitLog.push(entry);
    if (this.exitLog.length > EXIT_LOG_LIMIT) this.exitLog.shift();
    this.afterExit?.(vm, entry);
  }

  private context(vm: Vm, exit: ExitRecord): ExitContext {
    const machine = this.machine;
    const ctx: ExitContext = {
      cpu: machine.cpu,
      vm,
      exit,
      memory: machine.memory,
      frames: this.frames,
      costs: this.costs,
      bugs: this.bugs,
      classified: exit.reason,
      summary: exit.reasonName,
      endSlice: false,
      stepWithScratch: (source, map, unmap, linear) => this.stepWithScratch(vm, source, map, unmap, linear),
      reconfigurePaging: () => machine.cpu.reconfigureVmPaging(),
      stopVm: (reason) => {
        this.stop(vm, reason);
        ctx.endSlice = true;
      }
    };
    return ctx;
  }

  /** Run one guest instruction with a temporary mapping (see ExitContext.stepWithScratch). */
  private stepWithScratch(
    vm: Vm,
    source: number,
    map: (frame: number) => void,
    unmap: () => void,
    linear: number
  ): void {
    const memory = this.machine.memory;
    const paging = this.machine.bus.paging;
    if (source >= 0) {
      memory.load(this.scratchFrame * 4096, memory.bytes.subarray(source * 4096, source * 4096 + 4096));
      map(this.scratchFrame);
    } else {
      map(-1);
    }
    // Only the page of the access changes translation (the other TLB entries stay, as on the bare machine).
    paging.invalidatePage(linear);
    const result = this.machine.run(1, { maxSteps: 1 });
    this.account(vm, result.iterations);
    vm.counters.guestInstructions -= result.iterations;
    vm.counters.emulatedInstructions += result.iterations;
    unmap();
    paging.invalidatePage(linear);
  }

  stop(vm: Vm, reason: string): void {
    vm.status = 'stopped';
    vm.stopReason = reason;
  }

  /** The VM whose registers the CPU holds (saved to its context by leave()). */
  private onCpu: Vm | null = null;

  /** World switch in: the VM's registers onto the CPU, VM mode with its controls and tables. */
  private enter(vm: Vm): void {
    this.onCpu = vm;
    const cpu = this.machine.cpu;
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
  }

  private leave(vm: Vm): void {
    this.onCpu = null;
    const cpu = this.machine.cpu;
    vm.context = {
      registers: getRegisters(cpu),
      extendedFlags: cpu.flags,
      interruptShadow: cpu.interruptShadow
    };
    vm.counters.walkReferences += this.machine.bus.paging.walkReferences;
    this.machine.bus.paging.walkReferences = 0;
    vm.console += vm.devices.takeOutput();
  }

  /** The guest's registers as the guest sees them (FLAGS with its virtual IF). */
  guestRegisters(vm: Vm): Registers {
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

const VIP_BIT = 1 << 20;

function resetRegisters(): Registers {
  return {
    ax: 0,
    bx: 0,
    cx: 0,
    dx: 0,
    si: 0,
    di: 0,
    bp: 0,
    sp: 0,
    cs: 0xffff,
    ds: 0,
    es: 0,
    ss: 0,
    ip: 0,
    flags: 0xf002
  };
}

/** A VM with no devices: every port reads FFh, no interrupts. */
export function noDevices(): VirtualDevices {
  return {
    ports: new PortMap(),
    pendingVector: () => -1,
    acknowledge: () => 0xff,
    advance: () => {},
    instructionsUntilInterrupt: () => Infinity,
    takeOutput: () => '',
    state: () => null,
    restore: () => {}
  };
}
