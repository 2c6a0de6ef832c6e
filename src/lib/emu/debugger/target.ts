// What the debugger drives: a DebugTarget. The engine (engine.ts) knows nothing else about the machine under it,
// so the bare Machine (machine-target.ts) and, later, the hypervisor with its VMs implement the same interface.
// Everything a target reports is plain data; every look (registers, peeks, hashes) has no side effect.
//
// A second implementation (the hypervisor with its VMs) needs: one step counter for the whole host (history's
// timeline), step/run that go through the hypervisor's exits and handlers, checkpoint/restore of everything the
// host holds (every VM's VMCB, devices, TLB, host memory as pages), and a hash over the same. The engine, history,
// breakpoints, watchpoints and the worker host then work unchanged; registers() is the view's current context.

import type { Registers } from '../cpu/registers';
import type { ExitRecord } from '../cpu/vm/exits';
import type { StepResult, StopReason } from '../machine';
import type { BusObserver } from '../mem/bus';
import type { LinearAddr } from '../types';

/** How one step ended (the Machine's step result: executed, interrupt entered, halted, VM exit). */
export type TargetStep = StepResult;

export interface TargetRun {
  stop: StopReason;
  /** Steps completed by this run. */
  steps: number;
  /** With stop 'exit': the exit record. */
  exit?: ExitRecord;
}

/**
 * An input from outside the guest's deterministic world: a poke into memory from the UI, registers edited by
 * hand, or (with devices) a key press or an incoming packet. Logged with the step count at which it happened,
 * so replay re-applies it at the same point (DESIGN.md "Reverse execution").
 */
export type TargetInput =
  | { kind: 'poke'; address: LinearAddr; bytes: number[] }
  | { kind: 'registers'; values: Partial<Registers> }
  /**
   * Keys typed on the keyboard (US layout): each character pressed and released, Shift around it where needed;
   * '\r' is Enter, '\b' Backspace, '\t' Tab, '\x1b' Escape. `scancode` presses a key without a character
   * (an arrow, F1…) by its set 1 make code instead.
   */
  | { kind: 'key'; text: string; scancode?: undefined }
  | { kind: 'key'; scancode: number; text?: undefined }
  | { kind: 'device'; device: string; data: unknown };

/**
 * Told about every data access while attached (watchpoints, trace), once it has happened; addresses are linear
 * (after the A20 mask); a write comes with the value it replaced. Instruction fetches are not data.
 */
export type AccessObserver = BusObserver;

/**
 * A point in history: the whole state, with memory as pages that may be shared (the same Uint8Array object) with
 * the checkpoint taken before it, so unchanged pages cost nothing. `ownBytes` counts the page bytes this
 * checkpoint allocated itself.
 */
export interface Checkpoint {
  step: number;
  /** Target-specific state without memory (plain data). */
  state: unknown;
  /** One entry per memory page: its bytes, or null for an all-zero page. */
  pages: (Uint8Array | null)[];
  ownBytes: number;
}

export interface DebugTarget {
  /**
   * Exits are handled inside the target (a hypervisor): an exit is an ordinary step, and a run stops at one only
   * when asked (`stopAtExit`, the "run to next exit" goal). Without it (the bare Machine) every exit stops.
   */
  readonly handlesExits?: boolean;
  /** Steps executed since reset: the position on the history timeline. */
  stepCount(): number;
  /** Execute one step. */
  step(): TargetStep;
  /**
   * Run at most `maxSteps` steps at full speed, stopping before an instruction whose linear CS:IP address is in
   * `breakpoints` (not before the first one), at HLT, shutdown or an exit.
   */
  run(maxSteps: number, breakpoints: ReadonlySet<LinearAddr>, options?: { stopAtExit?: boolean }): TargetRun;
  /** Whether the CPU is halted (HLT, or shut down). */
  halted(): boolean;
  /** Whether the CPU has shut down (a fault while delivering a fault): nothing runs until a reset. */
  shutdown(): boolean;
  registers(): Registers;
  /** A byte at a linear address, with no side effect (no faults, no A/D bits, no watchpoints). */
  peek8(address: LinearAddr): number;
  /** FNV-1a over the whole state (registers, control registers, memory, TLB, devices). */
  stateHash(): number;
  /** The whole state as plain data, structured-clone-able. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** A checkpoint that shares unchanged pages with `previous` (see Checkpoint). */
  checkpoint(previous: Checkpoint | null): Checkpoint;
  restoreCheckpoint(checkpoint: Checkpoint): void;
  /** Apply an outside input now (the engine logs it for replay). */
  applyInput(input: TargetInput): void;
  /** Attach an observer of data accesses, or detach it (null): the run loop is only slowed while one is set. */
  observe(observer: AccessObserver | null): void;
  /** Memory pages (4 KiB) of the target, for views that mirror memory. */
  memoryPages(): number;
  /** The bytes of one page (a view that must not be written). */
  pageBytes(index: number): Uint8Array;
}
