// The Machine: CPU, bus, memory and ports wired together, and the one facade the outside uses (with index.ts).
// Loading programs, stepping, running with a budget, breakpoints by linear address, registers as plain data,
// and snapshot/restore of the whole state.

import { Cpu } from './cpu/cpu';
import { CS, DS, ES, SS, SP, type Registers } from './cpu/registers';
import { FLAGS_ALWAYS_ONE } from './cpu/flags';
import {
  OUTCOME_HALTED,
  OUTCOME_INTERRUPT,
  OUTCOME_EXIT,
  STOP_BREAKPOINT,
  STOP_BUDGET,
  STOP_HALT,
  STOP_STEPS,
  STOP_SHUTDOWN,
  STOP_EXIT,
  MAX_RUN,
  type InterruptCause
} from './cpu/traps';
import { DEFAULT_MEMORY_SIZE, PAGE_SIZE, PhysicalMemory } from './mem/memory';
import { PortMap } from './mem/ports';
import { SystemBus } from './mem/system-bus';
import { getRegisters, setRegisters } from './registers-access';
import type { VmControls } from './cpu/vm/controls';
import type { ExitRecord } from './cpu/vm/exits';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  snapshotProblem,
  type MachineSnapshot,
  type MemoryPage
} from './snapshot';
import type { LinearAddr, PhysAddr } from './types';
import { PcBoard, type PcBoardOptions } from './devices/pc-board';
import { runWithBoard, sleepUntilTimer } from './board-run';

export interface MachineOptions {
  /** Host physical memory in bytes: 1–16 MiB in 4 KiB pages; 4 MiB by default. */
  memorySize?: number;
  /**
   * Attach a PC device board (PIC, PIT, keyboard, COM1, disk, CRTC, E9h, NIC) to the ports, with the CPU's INTR
   * following the PIC and the PIT moved by the instructions run. Off by default: the bare machine has no devices.
   */
  board?: boolean | PcBoardOptions;
}

/** How one step ended. */
export type StepResult =
  | { kind: 'executed' }
  | { kind: 'interrupt'; vector: number; cause: InterruptCause }
  | { kind: 'halted' }
  | { kind: 'exit'; exit: ExitRecord };

/**
 * Why run() returned. 'shutdown': a fault while delivering a page fault stopped the CPU until reset. 'exit':
 * VM mode only, the guest exited to the hypervisor (the record is in RunResult.exit).
 */
export type StopReason = 'halt' | 'budget' | 'max-steps' | 'breakpoint' | 'shutdown' | 'exit';

export interface RunResult {
  stop: StopReason;
  /** Steps completed by this run (a REP instruction counts once). */
  steps: number;
  /** Effective instructions executed by this run (every REP iteration counts). */
  iterations: number;
  /** With stop 'exit': the VM exit record. */
  exit?: ExitRecord;
}

export interface RunOptions {
  /** Stop after this many steps of this run. */
  maxSteps?: number;
}

/** Linear addresses segment * 16 + offset reach 10FFEFh. */
const LINEAR_SPACE = 0x110000;

const STOP_REASONS: Record<number, StopReason> = {
  [STOP_BUDGET]: 'budget',
  [STOP_HALT]: 'halt',
  [STOP_BREAKPOINT]: 'breakpoint',
  [STOP_STEPS]: 'max-steps',
  [STOP_SHUTDOWN]: 'shutdown',
  [STOP_EXIT]: 'exit'
};

/** Where the benchmark contract (../shared/bench/README.md) loads a .COM image: one 64 KiB segment. */
export const COM_SEGMENT = 0x1000;
export const COM_OFFSET = 0x100;
export const COM_MAX_SIZE = 0x10000 - COM_OFFSET;

export class Machine {
  readonly memory: PhysicalMemory;
  readonly ports: PortMap;
  readonly bus: SystemBus;
  readonly cpu: Cpu;
  /** The device board, when one is attached (MachineOptions.board or attachBoard()). */
  board: PcBoard | null = null;
  /** Steps and effective instructions executed since the last reset (see RunResult). */
  totalSteps = 0;
  totalIterations = 0;
  private readonly breakpoints = new Set<LinearAddr>();
  /** The same breakpoints as one byte per linear address, for the run loop's check. */
  private readonly breakpointMap = new Uint8Array(LINEAR_SPACE);

  constructor(options: MachineOptions = {}) {
    this.memory = new PhysicalMemory(options.memorySize ?? DEFAULT_MEMORY_SIZE);
    this.ports = new PortMap();
    this.bus = new SystemBus(this.memory, this.ports);
    this.cpu = new Cpu(this.bus);
    if (options.board) this.attachBoard(options.board === true ? {} : options.board);
  }

  /**
   * Attach a device board: its devices claim their ports, the PIC becomes the CPU's interrupt controller and its
   * INTR output drives the CPU's INTR pin, and run()/step() advance the PIT by the instructions they execute.
   */
  attachBoard(options: PcBoardOptions = {}): PcBoard {
    if (this.board !== null) throw new Error('a device board is already attached');
    const board = new PcBoard(this.ports, options);
    const cpu = this.cpu;
    board.pic.onIntrChange = (level) => {
      cpu.intr = level;
    };
    cpu.interruptController = board.pic;
    board.onTimerProgrammed = () => cpu.endRunAfterThisInstruction();
    cpu.intr = board.pic.hasPending();
    this.board = board;
    return board;
  }

  /** Power on: memory cleared, CPU in its reset state (CS:IP = FFFF:0000). Breakpoints stay. */
  reset(): void {
    this.memory.clear();
    this.cpu.reset();
    if (this.board !== null) {
      this.board.reset();
      this.cpu.intr = this.board.pic.hasPending();
    }
    this.totalSteps = 0;
    this.totalIterations = 0;
  }

  /** Copy bytes into physical memory. */
  load(bytes: ArrayLike<number>, address: PhysAddr): void {
    this.memory.load(address, bytes);
  }

  /**
   * Reset and load a flat .COM-style image under the benchmark contract: at segment:0100h, with
   * CS = DS = ES = SS = segment, SP = FFFEh, IP = 0100h, the general registers 0 and IF = 0.
   */
  loadCom(bytes: ArrayLike<number>, segment = COM_SEGMENT): void {
    if (bytes.length > COM_MAX_SIZE) {
      throw new RangeError(`a .COM image holds at most ${COM_MAX_SIZE} bytes; this one has ${bytes.length}`);
    }
    this.reset();
    this.load(bytes, segment * 16 + COM_OFFSET);
    const cpu = this.cpu;
    for (const s of [CS, DS, ES, SS]) cpu.segs[s] = segment;
    cpu.words[SP] = 0xfffe;
    cpu.ip = COM_OFFSET;
    cpu.flags = FLAGS_ALWAYS_ONE;
  }

  registers(): Registers {
    return getRegisters(this.cpu);
  }

  /** Change some registers (the rest keep their values). FLAGS is brought to the 8086's fixed bits. */
  setRegisters(values: Partial<Registers>): void {
    setRegisters(this.cpu, values);
  }

  /** Execute one instruction (a whole REP instruction unless the CPU is set to step by iteration). */
  step(): StepResult {
    this.board?.beginSlice(this.cpu);
    const outcome = this.cpu.step();
    this.totalSteps += this.cpu.stepsThisRun;
    this.totalIterations += this.cpu.iterationsThisRun;
    if (this.board !== null) {
      this.board.endSlice(this.cpu.iterationsThisRun);
      // A HLT that an interrupt can end sleeps until the timer's next IRQ: the next step wakes into the handler.
      if (outcome === OUTCOME_HALTED) sleepUntilTimer(this.cpu, this.board, Number.POSITIVE_INFINITY);
    }
    if (outcome === OUTCOME_EXIT && this.cpu.exit !== null) return { kind: 'exit', exit: this.cpu.exit };
    if (outcome === OUTCOME_HALTED) return { kind: 'halted' };
    if (outcome === OUTCOME_INTERRUPT) {
      return { kind: 'interrupt', vector: this.cpu.lastVector, cause: this.cpu.lastCause };
    }
    return { kind: 'executed' };
  }

  /**
   * Run until HLT, a breakpoint, `options.maxSteps` steps, or `budget` effective instructions (a long REP
   * instruction pauses mid-way when the budget runs out, and resumes on the next call).
   */
  run(budget: number, options: RunOptions = {}): RunResult {
    if (this.board !== null) {
      const breakpoints = this.breakpoints.size > 0 ? this.breakpointMap : null;
      const run = runWithBoard(this.cpu, this.board, budget, options.maxSteps, breakpoints);
      this.totalSteps += run.steps;
      this.totalIterations += run.iterations;
      const stop = STOP_REASONS[run.stop];
      return run.stop === STOP_EXIT && this.cpu.exit !== null
        ? { stop, steps: run.steps, iterations: run.iterations, exit: this.cpu.exit }
        : { stop, steps: run.steps, iterations: run.iterations };
    }
    const cpu = this.cpu;
    const breakpoints = this.breakpoints.size > 0 ? this.breakpointMap : null;
    let iterationsLeft = budget;
    let stepsLeft = options.maxSteps ?? Number.POSITIVE_INFINITY;
    let steps = 0;
    let iterations = 0;
    let stop = STOP_BUDGET;
    // The CPU runs at most MAX_RUN at a time, so its counters stay small integers; long runs go in chunks.
    while (iterationsLeft > 0 && stepsLeft > 0) {
      stop = cpu.run(Math.min(iterationsLeft, MAX_RUN), Math.min(stepsLeft, MAX_RUN), breakpoints);
      steps += cpu.stepsThisRun;
      iterations += cpu.iterationsThisRun;
      iterationsLeft -= cpu.iterationsThisRun;
      stepsLeft -= cpu.stepsThisRun;
      if (stop !== STOP_BUDGET && stop !== STOP_STEPS) break;
    }
    if (stepsLeft <= 0 && stop === STOP_BUDGET) stop = STOP_STEPS;
    this.totalSteps += steps;
    this.totalIterations += iterations;
    if (stop === STOP_EXIT && cpu.exit !== null) return { stop: 'exit', steps, iterations, exit: cpu.exit };
    return { stop: STOP_REASONS[stop], steps, iterations };
  }

  /**
   * Run the registers the CPU holds as a guest in VM mode under these controls, until it exits (run() then
   * stops with 'exit'). The hypervisor of a later issue drives this; tests and lessons may too.
   */
  enterVm(controls: VmControls): void {
    this.cpu.enterVm(controls);
  }

  /** Leave VM mode: back to the bare machine. */
  leaveVm(): void {
    this.cpu.leaveVm();
  }

  /** Stop run() before executing the instruction at this linear address (segment * 16 + offset). */
  addBreakpoint(address: LinearAddr): void {
    if (!Number.isInteger(address) || address < 0 || address >= LINEAR_SPACE) {
      throw new RangeError(
        `a breakpoint address must be a linear address below ${LINEAR_SPACE.toString(16)}h`
      );
    }
    this.breakpoints.add(address);
    this.breakpointMap[address] = 1;
  }

  removeBreakpoint(address: LinearAddr): void {
    this.breakpoints.delete(address);
    if (address >= 0 && address < LINEAR_SPACE) this.breakpointMap[address] = 0;
  }

  clearBreakpoints(): void {
    for (const address of this.breakpoints) this.breakpointMap[address] = 0;
    this.breakpoints.clear();
  }

  /**
   * The whole state as plain data (see snapshot.ts). With `memory: false` the pages are left out (the debugger's
   * history keeps memory itself, page by page, shared between checkpoints).
   */
  snapshot(options: { memory?: boolean } = {}): MachineSnapshot {
    const cpu = this.cpu;
    const pages: MemoryPage[] = [];
    const bytes = this.memory.bytes;
    for (let start = 0; options.memory !== false && start < bytes.length; start += PAGE_SIZE) {
      const page = bytes.subarray(start, start + PAGE_SIZE);
      if (page.some((b) => b !== 0)) pages.push({ index: start / PAGE_SIZE, bytes: page.slice() });
    }
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      cpu: {
        registers: this.registers(),
        extendedFlags: cpu.flags,
        cr0: cpu.cr0,
        cr2: cpu.cr2,
        cr3: cpu.cr3,
        shutdown: cpu.shutdown,
        vm: cpu.vm === null ? null : structuredClone(cpu.vm),
        bareAddressMask: cpu.bareAddressMask,
        exit: cpu.exit === null ? null : structuredClone(cpu.exit),
        halted: cpu.halted,
        intr: cpu.intr,
        nmiPending: cpu.nmiPending,
        interruptShadow: cpu.interruptShadow,
        steps: this.totalSteps,
        iterations: this.totalIterations,
        lastEa: cpu.lastEa,
        repOneIterationPerStep: cpu.repOneIterationPerStep
      },
      memory: { size: this.memory.size, pages },
      bus: { addressMask: this.bus.addressMask },
      paging: {
        enabled: this.bus.paging.enabled,
        config: structuredClone(this.bus.paging.config),
        tlb: this.bus.paging.tlb.state(),
        lastFault: this.bus.paging.lastFault === null ? null : { ...this.bus.paging.lastFault }
      },
      ...(this.board !== null ? { board: this.board.state() } : {})
    };
  }

  /** Put the machine back in a snapshotted state. Throws (changing nothing) if the snapshot does not fit. */
  restore(snapshot: MachineSnapshot): void {
    const problem = snapshotProblem(snapshot);
    if (problem) throw new Error(`cannot restore: ${problem}`);
    if (snapshot.memory.size !== this.memory.size) {
      throw new Error(
        `cannot restore: the snapshot has ${snapshot.memory.size} bytes of memory, this machine ${this.memory.size}`
      );
    }
    if ((snapshot.board !== undefined) !== (this.board !== null)) {
      throw new Error(
        `cannot restore: the snapshot ${snapshot.board ? 'has' : 'has no'} device board, this machine ${this.board ? 'has one' : 'has none'}`
      );
    }
    this.memory.clear();
    for (const page of snapshot.memory.pages) this.memory.bytes.set(page.bytes, page.index * PAGE_SIZE);
    const cpu = this.cpu;
    const state = snapshot.cpu;
    setRegisters(cpu, state.registers);
    cpu.halted = state.halted;
    cpu.intr = state.intr;
    cpu.attention = 0;
    cpu.nmiPending = state.nmiPending;
    cpu.interruptShadow = state.interruptShadow;
    this.totalSteps = state.steps;
    this.totalIterations = state.iterations;
    cpu.lastEa = state.lastEa;
    cpu.repOneIterationPerStep = state.repOneIterationPerStep;
    cpu.flags = state.extendedFlags;
    cpu.cr0 = state.cr0;
    cpu.cr2 = state.cr2;
    cpu.cr3 = state.cr3;
    cpu.shutdown = state.shutdown;
    cpu.vm = state.vm === null ? null : structuredClone(state.vm);
    cpu.bareAddressMask = state.bareAddressMask;
    cpu.exit = state.exit === null ? null : structuredClone(state.exit);
    this.bus.addressMask = snapshot.bus.addressMask;
    cpu.reconfigureTranslation();
    const paging = snapshot.paging;
    // Translation off keeps the last configuration (unused until paging is on again, which sets it anew); put the
    // snapshot's back so the restored state is the one saved, field for field (the debugger's hashes compare it).
    if (!this.bus.paging.enabled) this.bus.paging.config = structuredClone(paging.config);
    this.bus.paging.restoreTlb(paging.tlb);
    this.bus.paging.lastFault = paging.lastFault === null ? null : { ...paging.lastFault };
    if (this.board !== null && snapshot.board !== undefined) {
      this.board.restore(snapshot.board);
      cpu.intr = this.board.pic.hasPending();
    }
  }
}
