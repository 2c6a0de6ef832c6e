// The hypervisor (virtualization.md §2.3–2.15): several VMs on the one CPU. It owns host memory through the
// allocator (frames.ts), gives each VM a control block (vmcb.ts), enters the guest in VM mode, receives each exit
// record from Machine.run, runs the interpreter routine for it (dispatcher.ts, each handler a generator of HvSteps
// with a model cost), and schedules the VMs (stride scheduling, below). It is deterministic: time is counted in guest
// instructions, and nothing reads a clock. The debugger drives it one step at a time through the same slice loop
// run() uses (step(), runToExit(), handlerStep(); host-step.ts, debugger/hypervisor-target.ts).

import { COM_OFFSET, COM_SEGMENT, Machine } from '../machine';
import { BIOS_IMAGE } from '../bios/bios';
import { fastBoot } from '../bios/fast-boot';
import { BOOT_IMAGE_MAX_SIZE } from '../bios/boot';
import { makeVmControls, VIP } from '../cpu/vm/controls';
import { SHADOW_NONE } from '../cpu/traps';
import { guestFlags } from '../cpu/vm/vm-events';
import { guestInterruptFlagBit } from '../cpu/vm/vm-mode';
import { getRegisters } from '../registers-access';
import type { ExitRecord } from '../cpu/vm/exits';
import type { Registers } from '../cpu/registers';
import { DEFAULT_COSTS, newCounters } from './counters';
import { FRAME_HYPERVISOR, FRAME_OPEN_BUS, FRAME_SHARED_ROM, HostFrames } from './frames';
import { GuestMemory } from './guest-memory';
import { P2m, GUEST_FRAMES } from './p2m';
import { ShadowTables } from './shadow-paging';
import {
  hostStateHash,
  restoreHost,
  snapshotHost,
  type HostSnapshot,
  type SchedulerState
} from './host-snapshot';
import { dispatch } from './dispatcher';
import { virtualBoard } from './virtual-board';
import { VirtualSwitch } from '../devices/vswitch';
import { noBugs, type HypervisorBugs } from './bugs';
import { reflect } from './reflect';
import type { ExitContext, Handler, HvStep } from './steps';
import type { VirtualDevices, Vm, VmConfig } from './vmcb';
import type { HostStep, OpenSlice, PendingExit } from './host-step';
import {
  HUNG_AFTER,
  TRACE_LIMIT,
  type ExitLogEntry,
  type HypervisorOptions,
  type SliceRecord
} from './host-records';
import { resetRegisters, vmMac } from './vm-defaults';
import { drainHandler, exitContext } from './exit-handling';
import { ProgressGuard } from './progress-guard';
import { pickNext } from './scheduler';
import { WorldSwitch } from './world-switch';

export { HUNG_AFTER, type ExitLogEntry, type HypervisorOptions, type SliceRecord } from './host-records';
export { noDevices, vmMac } from './vm-defaults';

export class Hypervisor {
  readonly machine: Machine;
  /** Which VM the CPU holds, and the world switches in and out (world-switch.ts). */
  private readonly world: WorldSwitch;
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
  /** The scheduling timeline: the last TRACE_LIMIT slices at least (at most twice as many). */
  readonly trace: SliceRecord[] = [];
  /** Host model time: guest instructions executed by all VMs. */
  time = 0;
  /** Set when a guest kept the CPU after its quantum (real IF cleared): the host never got it back (§2.12 I3). */
  hung = false;
  /** Called after every handled exit (the auditor in tests and lesson mode). */
  afterExit: ((vm: Vm, entry: ExitLogEntry) => void) | null = null;
  private readonly makeDevices: (vmId: number, config: VmConfig) => VirtualDevices;
  /** The virtual switch every VM's NIC is cabled to (port k = VM k when every VM has a NIC). */
  readonly network = new VirtualSwitch();

  constructor(options: HypervisorOptions = {}) {
    this.machine = new Machine({ memorySize: options.memorySize });
    const memory = this.machine.memory;
    this.frames = new HostFrames(memory.size / 4096);
    this.world = new WorldSwitch(this.machine, this.frames, this.costs);
    this.quantum = options.quantum ?? 2000;
    // Frame 0 up: the shared frames first, so they sit at the same place in every run.
    this.romFrame = this.frames.allocate(FRAME_SHARED_ROM);
    this.openBusFrame = this.frames.allocate(FRAME_OPEN_BUS);
    this.scratchFrame = this.frames.allocate(FRAME_HYPERVISOR);
    memory.fill(this.openBusFrame * 4096, 4096, 0xff);
    memory.fill(this.romFrame * 4096, 4096, 0xff);
    memory.load(this.romFrame * 4096, Array.from(options.rom ?? BIOS_IMAGE).slice(0, 4096));
    this.makeDevices =
      options.devices ??
      ((vmId, config) =>
        virtualBoard({ mac: vmMac(vmId), diskImage: config.diskImage ?? new Uint8Array(0) }));
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
      devices: this.makeDevices(id, config),
      context: { registers: resetRegisters(), extendedFlags: -1, interruptShadow: SHADOW_NONE },
      status: 'stopped',
      stopReason: 'not started',
      interruptShadow: false,
      console: '',
      counters: newCounters(),
      pass: 0
    };
    p2m.remapped = (_guestFrame, oldHostFrame) => this.forgetHostFrame(vm, oldHostFrame);
    if (vm.devices.nic) this.network.connect(vm.devices.nic, config.network ?? {});
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

  /**
   * Load a .COM program into a VM exactly as the bare `run` loads one (loadComWithBios): the BIOS's fast boot
   * (IVT, BIOS data area, text page, and its OUTs to the VM's own PIC, PIT and CRTC), the image at 1000:0100,
   * CS = DS = ES = SS = 1000h, SP = FFFEh, IP = 0100h, the general registers 0 and the guest's IF = 0.
   */
  loadCom(vm: Vm, program: ArrayLike<number>): void {
    fastBoot(
      (address, value) => vm.memory.writePhysical8(address, value),
      (port, value) => vm.devices.ports.out8(port, value)
    );
    this.writeGuestPhysical(vm, COM_SEGMENT * 16 + COM_OFFSET, program);
    const s = COM_SEGMENT;
    this.start(vm, { cs: s, ds: s, es: s, ss: s, ip: COM_OFFSET, sp: 0xfffe, flags: 0xf002 });
  }

  /** A boot image at 0000:7C00, started by the guest BIOS's reset code from FFFF:0000 (as powerOnWithBios). */
  boot(vm: Vm, image: ArrayLike<number>): void {
    if (image.length > BOOT_IMAGE_MAX_SIZE) {
      throw new RangeError(
        `a boot image holds at most ${BOOT_IMAGE_MAX_SIZE} bytes; this one has ${image.length}`
      );
    }
    this.writeGuestPhysical(vm, 0x7c00, image);
    this.start(vm, { cs: 0xffff, ip: 0, flags: 0xf002 });
  }

  /** Copy bytes into a VM's guest-physical memory (backing frames as needed). */
  writeGuestPhysical(vm: Vm, address: number, bytes: ArrayLike<number>): void {
    for (let k = 0; k < bytes.length; k++) vm.memory.writePhysical8(address + k, bytes[k]);
  }

  /**
   * Run the VMs until all have stopped (or are blocked with nothing to wake them) or `budget` guest
   * instructions have run in total. Returns the instructions executed. An exit paused by runToExit() is handled
   * to the end first, and a slice left open by step() goes on (see host-step.ts).
   */
  run(budget: number): number {
    return this.runUntil(budget, false);
  }

  /**
   * As run(), but stop before handling the next exit: it is then `pendingExit`, its handler not started (advance
   * it with handlerStep(), or let step()/run() handle it to the end). The VM stays on the CPU. Returns the
   * pending exit, or null when the budget ran out (or nothing could run) first.
   */
  runToExit(budget: number): PendingExit | null {
    this.runUntil(budget, true);
    return this.pending;
  }

  private runUntil(budget: number, pauseAtExit: boolean): number {
    const start = this.time;
    this.finishPending();
    while (this.time - start < budget && !this.hung) {
      const left = budget - (this.time - start);
      if (this.slice === null) {
        const vm = pickNext(this, left);
        if (vm === null) break;
        if (vm === 'idle') continue;
        this.slice = {
          vm: vm.id,
          quantum: Math.min(this.quantum, left),
          start: this.time,
          left: 0,
          endSlice: false
        };
        this.slice.left = this.slice.quantum;
      }
      // A slice run() opened fits its budget; one step() opened is capped by it (and stays open).
      while (this.slice !== null && this.sliceGoesOn() && this.time - start < budget) {
        if (this.iterate(budget - (this.time - start), pauseAtExit)) return this.time - start;
      }
      if (this.slice !== null && !this.sliceGoesOn()) this.endSlice();
    }
    this.park();
    return this.time - start;
  }

  /**
   * One step of the host (the debugger's unit, hypervisor-target.ts): one guest instruction of the VM the
   * scheduler runs, or one exit handled to the end, or one idle stretch until a blocked VM's timer fires. The
   * scheduling is run()'s (the same quantum, injection and exits); the slice stays open between steps, so N
   * steps are N iterations of the loop run() goes through, one instruction each. The VM stays on the CPU.
   */
  step(options: { pauseAtExit?: boolean } = {}): HostStep {
    if (this.pending !== null) {
      const vm = this.pending.vm.id;
      const exit = this.pending.exit;
      this.finishPending();
      return { kind: 'exit', vm, exit };
    }
    if (this.hung) return { kind: 'stopped' };
    if (this.slice === null) {
      const vm = pickNext(this, Number.POSITIVE_INFINITY);
      if (vm === null) return { kind: 'stopped' };
      if (vm === 'idle') return { kind: 'idle' };
      this.slice = {
        vm: vm.id,
        quantum: this.quantum,
        start: this.time,
        left: this.quantum,
        endSlice: false
      };
    }
    const vm = this.slice.vm;
    this.lastExit = null;
    if (this.iterate(1, options.pauseAtExit ?? false)) {
      return { kind: 'paused', vm, exit: (this.pendingExit as PendingExit).exit };
    }
    if (this.slice !== null && !this.sliceGoesOn()) this.endSlice();
    const exit = this.lastExit as ExitRecord | null;
    return exit ? { kind: 'exit', vm, exit } : { kind: 'instruction', vm };
  }

  /** The exit finishPending() handled last (step()'s report). */
  private lastExit: ExitRecord | null = null;

  /**
   * Advance the pending exit's handler by one HvStep (virtualization.md §2.5: the hypervisor single-stepped).
   * Returns the step now current: the handler ran up to its yield, and the step's own effects happen on the next
   * call (steps.ts). Returns null when the handler had no step left: the exit is then handled to the end exactly
   * as run() handles it (log, counters, model time, the slice going on or ending) and is no longer pending.
   */
  handlerStep(): HvStep | null {
    const pending = this.pending;
    if (pending === null) return null;
    this.enterIfParked(pending.vm);
    const next = pending.handler.next();
    if (next.done) {
      this.finishPending();
      return null;
    }
    pending.steps.push(next.value);
    return next.value;
  }

  /** The exit paused by runToExit(), being handled step by step (null when none). */
  get pendingExit(): PendingExit | null {
    return this.pending;
  }

  /** The VM whose slice is open (the one the next step runs), or null between slices. */
  get currentVm(): Vm | null {
    return this.slice === null ? null : this.vms[this.slice.vm];
  }

  /** The slice open between steps (plain data, part of the snapshot). */
  get openSlice(): OpenSlice | null {
    return this.slice === null ? null : { ...this.slice };
  }

  private slice: OpenSlice | null = null;
  /** Stops a VM whose exit repeats with no progress (progress-guard.ts). */
  private readonly progress = new ProgressGuard();
  private pending:
    | (PendingExit & { handler: Handler; ctx: ExitContext; timeBefore: number; emulatedBefore: number })
    | null = null;

  /** Whether the open slice's loop goes on (runSlice's loop condition). */
  private sliceGoesOn(): boolean {
    const s = this.slice as OpenSlice;
    return this.vms[s.vm].status === 'runnable' && s.left > 0 && !s.endSlice;
  }

  private enterIfParked(vm: Vm): void {
    if (this.world.onCpu !== vm) {
      if (this.world.onCpu !== null) this.world.leave(this.world.onCpu);
      this.world.enter(vm);
    }
  }

  /**
   * One iteration of the slice loop: inject, run a chunk of at most `cap` instructions, handle its exit (or, with
   * `pauseAtExit`, leave it pending and return true).
   */
  private iterate(cap: number, pauseAtExit: boolean): boolean {
    const s = this.slice as OpenSlice;
    const vm = this.vms[s.vm];
    // The same VM again: it is still on the CPU (no world switch, its TLB and decoded code stay warm).
    this.enterIfParked(vm);
    const cpu = this.machine.cpu;
    if (!this.injectPending(vm)) return false; // the VM stopped: the loop condition ends the slice
    const shadowed = vm.interruptShadow || cpu.interruptShadow !== SHADOW_NONE;
    const chunk = Math.max(1, Math.min(s.left, cap, vm.devices.instructionsUntilInterrupt()));
    if (vm.controls.reporting !== '386') vm.controls.preemptionTimer = s.left;
    const timeBefore = this.time;
    const result = this.machine.run(chunk, shadowed ? { maxSteps: 1 } : {});
    vm.interruptShadow = false;
    this.account(vm, result.iterations);
    if (result.stop === 'exit' && result.exit) {
      const ctx = exitContext(this, vm, result.exit);
      this.pending = {
        vm,
        exit: result.exit,
        steps: [],
        handler: dispatch(ctx),
        ctx,
        timeBefore,
        emulatedBefore: vm.counters.emulatedInstructions
      };
      if (pauseAtExit) return true;
      this.finishPending();
      return false;
    }
    if (result.stop === 'shutdown') this.stop(vm, 'shutdown');
    else if (result.stop === 'halt') this.stop(vm, 'halt');
    // The slice is model time: instructions the guest ran and those the hypervisor emulated for it.
    s.left -= this.time - timeBefore;
    return false;
  }

  /** Handle the pending exit to the end (the rest of its handler), then account it to the open slice. */
  private finishPending(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const { vm, exit, ctx } = pending;
    this.enterIfParked(vm);
    drainHandler(this, vm, exit, pending.handler, null, ctx, pending.steps);
    this.chargeEmulated(vm, pending.emulatedBefore);
    this.lastExit = exit;
    const s = this.slice as OpenSlice;
    s.endSlice = ctx.endSlice;
    const stuck = this.progress.check(vm.id, exit, this.time - pending.timeBefore);
    if (stuck !== null) {
      this.stop(vm, stuck);
      s.endSlice = true;
    }
    s.left -= this.time - pending.timeBefore;
    if (!this.sliceGoesOn()) this.endSlice();
  }

  /** The end of runSlice: the physical timer on the pre-VT profiles, the stride, the timeline record. */
  private endSlice(): void {
    const { vm: id, quantum, start, left, endSlice } = this.slice as OpenSlice;
    const vm = this.vms[id];
    const preVt = vm.controls.reporting === '386';
    if (preVt && vm.status === 'runnable' && left <= 0 && !endSlice) this.physicalTimer(vm);
    vm.controls.preemptionTimer = -1;
    vm.pass += quantum / vm.config.weight;
    const ended =
      vm.status === 'stopped'
        ? 'stopped'
        : vm.status === 'blocked'
          ? 'blocked'
          : endSlice && left > 0
            ? 'yield'
            : 'quantum';
    this.trace.push({ vm: vm.id, start, end: this.time, ended });
    // Trimmed in batches: shifting one entry off a long array at every slice would copy it every time.
    if (this.trace.length > 2 * TRACE_LIMIT) this.trace.splice(0, TRACE_LIMIT);
    this.slice = null;
  }

  /**
   * On the pre-VT profiles a quantum ends the way a 386 monitor took the CPU back: the physical PIT interrupts,
   * which exits only while the real IF is set (§2.9). A guest that cleared the real IF (NATIVE CLI under
   * 386-V86 with IOPL 3) keeps the CPU: after HUNG_AFTER instructions the host counts as hung.
   */
  private physicalTimer(vm: Vm): void {
    const cpu = this.machine.cpu;
    // The usual case: nothing holds the interrupt off, so it exits at this very boundary (no instruction is run
    // to reach the CPU's own check; a VM-level shadow left by an emulated STI or MOV SS still covers one).
    if (!vm.interruptShadow && cpu.physicalInterruptExitsNow()) {
      this.handleExit(vm, cpu.externalInterruptExit());
      return;
    }
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

  /**
   * Model time moves with the guest instructions run. Every VM's virtual timer runs on host time (§2.9): the
   * running VM's, and those of VMs waiting in HLT or for their turn (a descheduled VM's vPIC holds the tick that
   * came while it waited: the "drop" policy of missed ticks).
   */
  private account(vm: Vm, instructions: number): void {
    vm.counters.guestInstructions += instructions;
    vm.counters.cycles += instructions * this.costs.guestInstruction;
    for (const other of this.vms) if (other.status !== 'stopped') other.devices.advance(instructions);
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
      cpu.flags &= ~VIP;
      return true;
    }
    const open = (cpu.flags & guestInterruptFlagBit(vm.controls)) !== 0;
    if (!open || vm.interruptShadow || cpu.interruptShadow !== SHADOW_NONE) {
      cpu.flags |= VIP;
      return true;
    }
    cpu.flags &= ~VIP;
    const vector = vm.devices.acknowledge();
    vm.counters.interruptsInjected++;
    const exit: ExitRecord = {
      reason: 7,
      reasonName: 'INTERRUPT_WINDOW',
      style: vm.controls.reporting,
      guestCs: cpu.segs[1],
      guestIp: cpu.ip
    };
    const ctx = exitContext(this, vm, exit);
    drainHandler(this, vm, exit, reflect(ctx, vector, cpu.ip), 'inject', ctx);
    return vm.status === 'runnable';
  }

  /** Handle one exit to the end (the physical timer's; slice exits go through `pending`). */
  private handleExit(vm: Vm, exit: ExitRecord): void {
    const ctx = exitContext(this, vm, exit);
    const emulatedBefore = vm.counters.emulatedInstructions;
    drainHandler(this, vm, exit, dispatch(ctx), null, ctx);
    this.chargeEmulated(vm, emulatedBefore);
  }

  /**
   * An instruction the hypervisor emulated took its step of model time, as it would have on the bare machine
   * (the virtual timers see the same instruction count either way).
   */
  private chargeEmulated(vm: Vm, emulatedBefore: number): void {
    const emulated = vm.counters.emulatedInstructions - emulatedBefore;
    if (emulated > 0) {
      for (const other of this.vms)
        if (other.status !== 'stopped' || other === vm) other.devices.advance(emulated);
      this.time += emulated;
    }
  }

  /** Save the VM on the CPU into its context (a world switch out). Running again enters it afresh. */
  park(): void {
    if (this.world.onCpu !== null) this.world.leave(this.world.onCpu);
  }

  /** The whole host as plain data; with `memory: false` host memory is left out (the debugger keeps it as pages). */
  snapshot(options: { memory?: boolean } = {}): HostSnapshot {
    return snapshotHost(this, options);
  }

  schedulerState(): SchedulerState {
    return { slice: this.openSlice, repeats: this.progress.state() };
  }

  restoreScheduler(state: SchedulerState): void {
    this.pending = null;
    this.slice = state.slice === null ? null : { ...state.slice };
    this.progress.restore(state.repeats);
  }

  /** Restore a snapshot of this host (same VMs). Throws, changing nothing, if it does not fit. */
  restore(snapshot: HostSnapshot): void {
    restoreHost(this, snapshot, (state) => {
      const shadow = new ShadowTables(this.machine.memory, this.frames, state.traced);
      shadow.restore(state);
      return shadow;
    });
  }

  /** A hash of the whole host state (memory, CPU, hypervisor): equal hashes, equal futures. */
  stateHash(): string {
    return hostStateHash(this);
  }

  /** A host frame stopped backing one of `vm`'s pages: its shadow entries and TLB entries for it must go. */
  private forgetHostFrame(vm: Vm, hostFrame: number): void {
    vm.shadow?.dropFrame(hostFrame);
    const paging = this.machine.bus.paging;
    for (const entry of paging.tlb.view()) {
      if (!entry.valid || entry.vpid !== vm.controls.vpid || entry.frame !== hostFrame) continue;
      // On the CPU, through the paging unit (it also forgets its remembered pages); else the next entry does.
      if (this.world.onCpu === vm) paging.invalidatePage(entry.page << 12);
      else paging.tlb.flushPage(entry.vpid, entry.page);
    }
  }

  stop(vm: Vm, reason: string): void {
    vm.status = 'stopped';
    vm.stopReason = reason;
  }

  /** The VM whose registers the CPU holds (saved to its context by leave()). */
  /** A VM's registers as the guest sees them, from the CPU while it is on it (no side effect). */
  vmRegisters(vm: Vm): Registers {
    if (this.world.onCpu !== vm) return this.guestRegisters(vm);
    const cpu = this.machine.cpu;
    return { ...getRegisters(cpu), flags: guestFlags(cpu, vm.controls) };
  }

  /** The guest's registers as the guest sees them (FLAGS with its virtual IF). */
  guestRegisters(vm: Vm): Registers {
    return this.world.savedRegisters(vm);
  }
}
