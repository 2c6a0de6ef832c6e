// The hypervisor with its VMs as a DebugTarget: one step of the timeline is one Hypervisor.step() (a guest
// instruction of the VM the scheduler runs, an exit handled to the end, or an idle stretch), checkpoints and
// hashes of the whole host, and the views' registers and memory of one VM (the selected one, else the one whose
// turn it is). Plus the step kinds only a hypervisor has: run to the next exit, and its handler step by step.
//
// Every step ends with the host parked (the VM's registers saved to its VMCB): a world switch drops the CPU's
// decoded instructions and so changes the TLB's lookup counters, which are in the host hash. Parking after every
// step makes every path to a step — stepping, running, replaying from a checkpoint — the same sequence of
// operations, so a return in history lands on exactly the state that was there.

import type { Registers } from '../cpu/registers';
import type { ExitRecord } from '../cpu/vm/exits';
import { GuestPageFault } from '../hypervisor/guest-memory';
import type { Hypervisor } from '../hypervisor/hypervisor';
import type { HostSnapshot } from '../hypervisor/host-snapshot';
import type { HvStep } from '../hypervisor/steps';
import type { Vm } from '../hypervisor/vmcb';
import type { VirtualBoard } from '../hypervisor/virtual-board';
import { PAGE_SIZE } from '../mem/memory';
import type { LinearAddr } from '../types';
import type { AccessObserver, Checkpoint, DebugTarget, TargetInput, TargetRun, TargetStep } from './target';

/**
 * The checkpoint interval to give a DebugEngine over this target (EngineOptions.history.interval). A step here
 * costs tens of microseconds (the world switch in and out of every step drops the CPU's decoded instructions),
 * so the bare machine's 2^21 would make a step back replay for a minute; 4096 steps replay in a fraction of a
 * second, and a checkpoint (about a millisecond: host memory compared page by page) every 4096 steps is cheap.
 */
export const HYPERVISOR_CHECKPOINT_INTERVAL = 4096;

export interface HypervisorTargetOptions {
  /** Deliver a 'device' input (a key press, a packet…) to a VM's virtual devices. */
  deviceInput?: (vm: Vm, device: string, data: unknown) => void;
}

interface TargetState {
  host: HostSnapshot;
  steps: number;
}

/** One handler step (Hypervisor.handlerStep) as the debugger reports it. */
export interface HandlerStepResult {
  /** The step now being carried out; null once the handler is done. */
  current: HvStep | null;
  /** The exit is handled to the end (the timeline moved one step). */
  done: boolean;
}

export class HypervisorTarget implements DebugTarget {
  readonly handlesExits = true;
  private steps = 0;
  private selected: number | null = null;
  /** The VM that ran last (the views' default between slices). */
  private lastVm = 0;
  private readonly words: Int32Array;

  constructor(
    readonly hv: Hypervisor,
    private readonly options: HypervisorTargetOptions = {}
  ) {
    const bytes = hv.machine.memory.bytes;
    this.words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
    hv.park();
  }

  /** Show this VM's registers and memory (null: follow the scheduler). */
  select(vmId: number | null): void {
    if (vmId !== null && !this.hv.vms[vmId]) throw new RangeError(`no VM ${vmId}`);
    this.selected = vmId;
  }

  /**
   * The VM the views show: the selected one; else the one with an exit pending or a slice open; else the one the
   * scheduler would pick next (runnable, or blocked with an interrupt waiting; smallest pass); else the last.
   */
  currentVm(): Vm {
    const hv = this.hv;
    if (this.selected !== null) return hv.vms[this.selected];
    const busy = hv.pendingExit?.vm ?? hv.currentVm;
    if (busy) return busy;
    let next: Vm | null = null;
    for (const vm of hv.vms) {
      const ready = vm.status === 'runnable' || (vm.status === 'blocked' && vm.devices.pendingVector() >= 0);
      if (ready && (next === null || vm.pass < next.pass)) next = vm;
    }
    return next ?? hv.vms[this.lastVm];
  }

  stepCount(): number {
    return this.steps;
  }

  step(): TargetStep {
    const result = this.hv.step();
    this.hv.park();
    if (result.kind === 'stopped') return { kind: 'halted' };
    this.steps++;
    if (result.kind === 'instruction' || result.kind === 'exit') this.lastVm = result.vm;
    return result.kind === 'exit' ? { kind: 'exit', exit: result.exit } : { kind: 'executed' };
  }

  /**
   * Up to `maxSteps` steps, stopping before a step whose VM is at a breakpoint (not before the first), when
   * nothing can run ('halt'), or with `stopAtExit` right after an exit is handled ('exit').
   */
  run(
    maxSteps: number,
    breakpoints: ReadonlySet<LinearAddr>,
    options: { stopAtExit?: boolean } = {}
  ): TargetRun {
    let steps = 0;
    while (steps < maxSteps) {
      if (steps > 0 && breakpoints.size > 0 && breakpoints.has(this.nextAddress())) {
        return { stop: 'breakpoint', steps };
      }
      const before = this.steps;
      const result = this.step();
      if (this.steps === before) return { stop: 'halt', steps };
      steps++;
      if (result.kind === 'exit' && options.stopAtExit) return { stop: 'exit', steps, exit: result.exit };
    }
    return { stop: 'max-steps', steps };
  }

  /** "Run to next exit": stop right after the next exit is handled (its handler drained, as run() does). */
  runToNextExit(maxSteps: number): TargetRun {
    return this.run(maxSteps, new Set(), { stopAtExit: true });
  }

  /**
   * Step up to the next exit and stop before it is handled: it is then the hypervisor's pending exit, advanced
   * by handlerStep(). The steps before it count; the exit's own step counts when its handler is done.
   */
  runUntilExitPending(maxSteps: number): TargetRun & { exit?: ExitRecord } {
    let steps = 0;
    while (steps < maxSteps && this.hv.pendingExit === null) {
      const result = this.hv.step({ pauseAtExit: true });
      if (result.kind === 'paused') return { stop: 'exit', steps, exit: result.exit };
      this.hv.park();
      if (result.kind === 'stopped') return { stop: 'halt', steps };
      this.steps++;
      steps++;
    }
    const pending = this.hv.pendingExit;
    return pending ? { stop: 'exit', steps, exit: pending.exit } : { stop: 'max-steps', steps };
  }

  /** One hypervisor handler step of the pending exit (runUntilExitPending first). */
  handlerStep(): HandlerStepResult {
    if (this.hv.pendingExit === null) return { current: null, done: false };
    const current = this.hv.handlerStep();
    if (current !== null) return { current, done: false };
    this.hv.park();
    this.steps++;
    return { current: null, done: true };
  }

  /** The linear CS:IP of the instruction the next step runs (of the VM whose turn it is). */
  private nextAddress(): LinearAddr {
    const r = this.hv.vmRegisters(this.currentVmUnselected());
    return r.cs * 16 + r.ip;
  }

  private currentVmUnselected(): Vm {
    const selected = this.selected;
    this.selected = null;
    const vm = this.currentVm();
    this.selected = selected;
    return vm;
  }

  /** Nothing can run any more: every VM stopped, or blocked with no interrupt to come; or the host hung. */
  halted(): boolean {
    if (this.hv.hung) return true;
    if (this.hv.currentVm !== null || this.hv.pendingExit !== null) return false;
    return this.hv.vms.every(
      (vm) =>
        vm.status === 'stopped' ||
        (vm.status === 'blocked' &&
          vm.devices.pendingVector() < 0 &&
          !Number.isFinite(vm.devices.instructionsUntilInterrupt()))
    );
  }

  /** The host never shuts down: a VM that does is stopped (its stop reason says so). */
  shutdown(): boolean {
    return false;
  }

  registers(): Registers {
    return this.hv.vmRegisters(this.currentVm());
  }

  peek8(address: LinearAddr): number {
    return this.currentVm().memory.look8(address);
  }

  stateHash(): number {
    return parseInt(this.hv.stateHash(), 16);
  }

  snapshot(): TargetState {
    return { host: this.hv.snapshot(), steps: this.steps };
  }

  restore(snapshot: unknown): void {
    const state = snapshot as TargetState;
    this.hv.restore(state.host);
    this.steps = state.steps;
  }

  checkpoint(previous: Checkpoint | null): Checkpoint {
    const state: TargetState = { host: this.hv.snapshot({ memory: false }), steps: this.steps };
    const pageCount = this.memoryPages();
    const pages: (Uint8Array | null)[] = new Array(pageCount);
    const bytes = this.hv.machine.memory.bytes;
    const wordsPerPage = PAGE_SIZE >> 2;
    let ownBytes = 0;
    for (let index = 0; index < pageCount; index++) {
      const before = previous?.pages[index] ?? null;
      const start = index * wordsPerPage;
      if (before === null ? isZero(this.words, start, wordsPerPage) : samePage(this.words, start, before)) {
        pages[index] = before;
      } else {
        pages[index] = bytes.slice(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
        ownBytes += PAGE_SIZE;
      }
    }
    return { step: this.steps, state, pages, ownBytes };
  }

  restoreCheckpoint(checkpoint: Checkpoint): void {
    // The host restore clears memory (the snapshot has none); the pages go back in after it.
    this.restore(checkpoint.state);
    const bytes = this.hv.machine.memory.bytes;
    checkpoint.pages.forEach((page, index) => {
      if (page !== null) bytes.set(page, index * PAGE_SIZE);
    });
  }

  /**
   * Inputs go to the VM the views show: a poke writes its guest memory through its own mapping (a byte whose
   * page the guest has not mapped is skipped), registers go into its saved context.
   */
  applyInput(input: TargetInput): void {
    const vm = this.currentVm();
    this.hv.park();
    if (input.kind === 'poke') {
      input.bytes.forEach((value, i) => {
        try {
          vm.memory.write8(input.address + i, value & 0xff);
        } catch (fault) {
          if (!(fault instanceof GuestPageFault)) throw fault;
        }
      });
    } else if (input.kind === 'registers') {
      const { flags, ...rest } = input.values;
      vm.context.registers = { ...vm.context.registers, ...rest };
      if (flags !== undefined) {
        vm.context.registers.flags = flags;
        // Once entered, FLAGS lives in the extended word (VM, IOPL, VIF…): only the 8086 bits change.
        if (vm.context.extendedFlags >= 0)
          vm.context.extendedFlags = (vm.context.extendedFlags & ~0xffff) | (flags & 0xffff);
      }
    } else if (input.kind === 'key') {
      // A VM with a virtual PC board (virtual-board.ts) has a keyboard; other device sets have none.
      const keyboard = 'board' in vm.devices ? (vm.devices as VirtualBoard).board.keyboard : null;
      if (keyboard === null) throw new Error(`VM ${vm.id} has no keyboard`);
      if (input.scancode !== undefined) keyboard.pressKey(input.scancode);
      else keyboard.type(input.text);
    } else if (this.options.deviceInput) {
      this.options.deviceInput(vm, input.device, input.data);
    } else {
      throw new Error(`no handler for inputs to device '${input.device}'`);
    }
  }

  observe(observer: AccessObserver | null): void {
    this.hv.machine.bus.setObserver(observer);
  }

  memoryPages(): number {
    return this.hv.machine.memory.size / PAGE_SIZE;
  }

  pageBytes(index: number): Uint8Array {
    return this.hv.machine.memory.bytes.subarray(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
  }
}

function isZero(words: Int32Array, start: number, count: number): boolean {
  for (let i = start; i < start + count; i++) if (words[i] !== 0) return false;
  return true;
}

function samePage(words: Int32Array, start: number, page: Uint8Array): boolean {
  const other = new Int32Array(page.buffer, page.byteOffset, page.length >> 2);
  for (let i = 0; i < other.length; i++) if (words[start + i] !== other[i]) return false;
  return true;
}
