// Handling one exit to the end, the part every exit shares: the context a handler works with (steps.ts), running
// the handler's steps, adding up their model cost, counting the exit by the reason the hypervisor classified it
// as, and the exit log entry (§2.16) the views and the auditor (afterExit) read.

import type { Machine } from '../machine';
import type { Cpu } from '../cpu/cpu';
import type { PhysicalMemory } from '../mem/memory';
import type { ExitRecord } from '../cpu/vm/exits';
import type { DEFAULT_COSTS } from './counters';
import type { HostFrames } from './frames';
import type { HypervisorBugs } from './bugs';
import { EXIT_LOG_LIMIT, type ExitLogEntry } from './host-records';
import { stepWithScratch } from './scratch-step';
import type { ExitContext, Handler, HvStep } from './steps';
import type { Vm } from './vmcb';

/** What exit handling needs of the hypervisor (Hypervisor has all of it). */
export interface ExitHost {
  readonly machine: Machine;
  readonly frames: HostFrames;
  readonly costs: typeof DEFAULT_COSTS;
  readonly bugs: HypervisorBugs;
  readonly scratchFrame: number;
  readonly exitLog: ExitLogEntry[];
  exitCount: number;
  readonly time: number;
  afterExit: ((vm: Vm, entry: ExitLogEntry) => void) | null;
  stop(vm: Vm, reason: string): void;
}

/**
 * The context of one exit (steps.ts's ExitContext). A class rather than an object literal with closures: the
 * physical timer alone makes one every quantum, and one object is cheaper than four.
 */
class HandlerContext implements ExitContext {
  readonly cpu: Cpu;
  readonly memory: PhysicalMemory;
  readonly frames: HostFrames;
  readonly costs: typeof DEFAULT_COSTS;
  readonly bugs: HypervisorBugs;
  classified: number;
  summary: string;
  endSlice = false;

  constructor(
    private readonly host: ExitHost,
    readonly vm: Vm,
    readonly exit: ExitRecord
  ) {
    this.cpu = host.machine.cpu;
    this.memory = host.machine.memory;
    this.frames = host.frames;
    this.costs = host.costs;
    this.bugs = host.bugs;
    this.classified = exit.reason;
    this.summary = exit.reasonName;
  }

  stepWithScratch(
    sourceFrame: number,
    map: (frame: number) => void,
    unmap: () => void,
    linear: number
  ): void {
    stepWithScratch(this.host.machine, this.host.scratchFrame, this.vm, sourceFrame, map, unmap, linear);
  }

  reconfigurePaging(): void {
    this.cpu.reconfigureVmPaging();
  }

  stopVm(reason: string): void {
    this.host.stop(this.vm, reason);
    this.endSlice = true;
  }
}

export function exitContext(host: ExitHost, vm: Vm, exit: ExitRecord): ExitContext {
  return new HandlerContext(host, vm, exit);
}

/**
 * Run a handler to its end; `steps` are those already carried out (single-stepped with handlerStep). With a
 * `label` (an interrupt injection) the steps cost model time but are not an exit: nothing is counted or logged.
 */
export function drainHandler(
  host: ExitHost,
  vm: Vm,
  exit: ExitRecord,
  handler: Handler,
  label: string | null,
  ctx: ExitContext,
  steps: HvStep[] = []
): void {
  let cost = 0;
  for (const s of steps) cost += s.cost;
  for (const s of handler) {
    steps.push(s);
    cost += s.cost;
  }
  vm.counters.cycles += cost;
  if (label !== null) return;
  vm.counters.exits[ctx.classified] = (vm.counters.exits[ctx.classified] ?? 0) + 1;
  const entry: ExitLogEntry = {
    seq: host.exitCount++,
    vm: vm.id,
    reported: exit.reason,
    vector: exit.event?.vector,
    classified: ctx.classified,
    summary: ctx.summary,
    guestCs: exit.guestCs,
    guestIp: exit.guestIp,
    cost,
    time: host.time,
    steps
  };
  host.exitLog.push(entry);
  // Trimmed in batches: shifting one entry off a long array at every exit would copy it every time.
  if (host.exitLog.length > 2 * EXIT_LOG_LIMIT) host.exitLog.splice(0, EXIT_LOG_LIMIT);
  host.afterExit?.(vm, entry);
}
