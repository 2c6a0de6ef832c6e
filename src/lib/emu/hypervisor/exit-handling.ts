// Handling one exit to the end, the part every exit shares: the context a handler works with (steps.ts), running
// the handler's steps, adding up their model cost, counting the exit by the reason the hypervisor classified it
// as, and the exit log entry (§2.16) the views and the auditor (afterExit) read.

import type { Machine } from '../machine';
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

export function exitContext(host: ExitHost, vm: Vm, exit: ExitRecord): ExitContext {
  const machine = host.machine;
  const ctx: ExitContext = {
    cpu: machine.cpu,
    vm,
    exit,
    memory: machine.memory,
    frames: host.frames,
    costs: host.costs,
    bugs: host.bugs,
    classified: exit.reason,
    summary: exit.reasonName,
    endSlice: false,
    stepWithScratch: (source, map, unmap, linear) =>
      stepWithScratch(machine, host.scratchFrame, vm, source, map, unmap, linear),
    reconfigurePaging: () => machine.cpu.reconfigureVmPaging(),
    stopVm: (reason) => {
      host.stop(vm, reason);
      ctx.endSlice = true;
    }
  };
  return ctx;
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
