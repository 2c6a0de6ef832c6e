// The hypervisor single-stepped (virtualization.md §2.5, issue 6 "run to next exit", "one hypervisor handler
// step"): the plain-data shapes of Hypervisor.step(), the slice left open between steps, and an exit whose
// handler is being advanced one HvStep at a time.

import type { ExitRecord } from '../cpu/vm/exits';
import type { HvStep } from './steps';
import type { Vm } from './vmcb';

/** What one Hypervisor.step() did. */
export type HostStep =
  /** One guest instruction of this VM ran (or an interrupt was injected into it and it ran one). */
  | { kind: 'instruction'; vm: number }
  /** An exit of this VM was handled to the end (the instruction it emulated, if any, counts as this step). */
  | { kind: 'exit'; vm: number; exit: ExitRecord }
  /**
   * step({ pauseAtExit: true }) only: an exit was received and waits as `pendingExit`, its handler not started.
   * The next step() (or the last handlerStep()) handles it: that is the step, as an 'exit'.
   */
  | { kind: 'paused'; vm: number; exit: ExitRecord }
  /** Every VM waited (HLT): the host idled until the earliest virtual timer fired. */
  | { kind: 'idle' }
  /** Nothing can run any more (every VM stopped, or blocked with nothing to wake it; or the host hung). */
  | { kind: 'stopped' };

/** The scheduling slice in progress (runSlice's loop state), kept between steps and in snapshots. */
export interface OpenSlice {
  vm: number;
  quantum: number;
  /** Host model time when the slice began. */
  start: number;
  /** Model time left in the quantum. */
  left: number;
  /** The last exit ended the slice (HLT, yield, stop). */
  endSlice: boolean;
}

/** An exit received and not yet handled to the end: its handler advances by Hypervisor.handlerStep(). */
export interface PendingExit {
  vm: Vm;
  exit: ExitRecord;
  /** The HvSteps carried out so far, in order (the last one is the current step). */
  steps: HvStep[];
}
