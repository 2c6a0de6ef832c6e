// Which VM gets the CPU next (virtualization.md §2.9): stride scheduling by weight over the runnable VMs; a
// blocked VM (HLT with its virtual IF set) wakes when its vPIC has an interrupt for it; when every VM waits, the
// host idles until the earliest virtual timer fires, and the timeline records the idle stretch.

import type { SliceRecord } from './host-records';
import type { Vm } from './vmcb';

export interface SchedulerHost {
  readonly vms: readonly Vm[];
  /** Host model time; idling moves it on. */
  time: number;
  readonly trace: SliceRecord[];
}

/** Stride scheduling (§2.9): the runnable VM with the smallest pass; blocked VMs wake when a virtual IRQ is due. */
export function pickNext(host: SchedulerHost, budgetLeft: number): Vm | 'idle' | null {
  for (const vm of host.vms) {
    if (vm.status === 'blocked' && vm.devices.pendingVector() >= 0) vm.status = 'runnable';
  }
  let best: Vm | null = null;
  for (const vm of host.vms) {
    if (vm.status === 'runnable' && (best === null || vm.pass < best.pass)) best = vm;
  }
  if (best !== null) return best;
  // Everyone is blocked: idle the host until the earliest virtual timer fires (model time jumps).
  // (instructionsUntilInterrupt counts to the timer's next output change; idling repeats until one wakes.)
  let wake: Vm | null = null;
  let soonest = Infinity;
  for (const vm of host.vms) {
    if (vm.status !== 'blocked') continue;
    const due = vm.devices.instructionsUntilInterrupt();
    if (due < soonest) {
      soonest = due;
      wake = vm;
    }
  }
  if (wake === null || !Number.isFinite(soonest)) return null;
  // Idle time counts against the run's budget (as HLT's sleep does on the bare machine): a guest whose
  // awaited interrupt never comes (masked) cannot keep run() going forever.
  const idle = Math.max(1, Math.min(soonest, budgetLeft));
  for (const vm of host.vms) if (vm.status === 'blocked') vm.devices.advance(idle);
  host.time += idle;
  const last = host.trace[host.trace.length - 1];
  if (last?.vm === -1 && last.end === host.time - idle) last.end = host.time;
  else host.trace.push({ vm: -1, start: host.time - idle, end: host.time, ended: 'idle' });
  return 'idle';
}
