// Hypervisor handlers are generators that yield one HvStep per line of their pseudo-code (virtualization.md
// §2.5), so a learner can single-step the hypervisor itself; the run loop simply drains them. The effects of a
// step happen between its yield and the next one.

import type { Cpu } from '../cpu/cpu';
import type { ExitRecord } from '../cpu/vm/exits';
import type { PhysicalMemory } from '../mem/memory';
import type { DEFAULT_COSTS } from './counters';
import type { HostFrames } from './frames';
import type { HypervisorBugs } from './bugs';
import type { Vm } from './vmcb';

export interface HvStep {
  /** Short name of the step, e.g. "decode" or "shadow fill". */
  label: string;
  /** The pseudo-code line it carries out. */
  pseudo: string;
  /** Model cycles (§2.15). */
  cost: number;
}

export type Handler = Generator<HvStep, void, void>;

/** What a handler may use: the live CPU (the VM is on it), the VM, the exit, and the hypervisor's services. */
export interface ExitContext {
  readonly cpu: Cpu;
  readonly vm: Vm;
  readonly exit: ExitRecord;
  readonly memory: PhysicalMemory;
  readonly frames: HostFrames;
  readonly costs: typeof DEFAULT_COSTS;
  /** The instructor's hypervisor-bug switch (§2.12 E5); all off by default. */
  readonly bugs: HypervisorBugs;
  /** The reason the hypervisor classified the exit as (pre-VT profiles report #GP/#UD; §2.4). */
  classified: number;
  /** What the exit was, in a few words, for the exit log (e.g. "CLI", "OUT E9h", "hidden fault: lazy backing"). */
  summary: string;
  /** The VM gives up the CPU after this exit (HLT, yield hypercall, stop, quantum end). */
  endSlice: boolean;
  /**
   * Run exactly one guest instruction with a temporary mapping, then take it away (dropped and traced writes).
   * `sourceFrame` ≥ 0: its contents are copied to a scratch frame, which `map` receives (the write lands there
   * and is thrown away); −1: `map` installs the real frame writable (the write is kept).
   */
  stepWithScratch(sourceFrame: number, map: (frame: number) => void, unmap: () => void, linear: number): void;
  /** The VM's paging configuration changed (guest CR0/CR3, shadow root): tell the CPU. */
  reconfigurePaging(): void;
  /** Stop the VM for good. */
  stopVm(reason: string): void;
}

export function step(label: string, pseudo: string, cost: number): HvStep {
  return { label, pseudo, cost };
}
