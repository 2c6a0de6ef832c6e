// The no-progress guard: a hypervisor that cannot resolve an exit sees the same exit at the same place again and
// again with no model time passing (no guest instruction run or emulated). After REPEAT_LIMIT such repeats the VM
// is stopped with a clear reason instead of the host spinning forever. Its memory is part of the host snapshot.

import type { ExitRecord } from '../cpu/vm/exits';
import { REPEAT_LIMIT } from './host-records';

export interface RepeatState {
  vm: number;
  key: string;
  count: number;
}

export class ProgressGuard {
  // Bookkeeping by VM id (VMs are never removed, so ids are stable).
  private readonly repeats = new Map<number, { key: string; count: number }>();

  /**
   * Note an exit handled for `vm` after which `timePassed` model time had passed. Returns null while the VM makes
   * progress, else the reason to stop it.
   */
  check(vm: number, exit: ExitRecord, timePassed: number): string | null {
    let repeats = this.repeats.get(vm);
    if (repeats === undefined) {
      repeats = { key: '', count: 0 };
      this.repeats.set(vm, repeats);
    }
    if (timePassed > 0) {
      // Model time moved: progress. (The common case: no key is built, this runs on every exit.)
      repeats.key = '';
      repeats.count = 1;
      return null;
    }
    const key = `${exit.reason}:${exit.event?.vector ?? ''}:${exit.guestCs}:${exit.guestIp}`;
    repeats.count = repeats.key === key ? repeats.count + 1 : 1;
    repeats.key = key;
    if (repeats.count < REPEAT_LIMIT) return null;
    return `no progress: exit ${exit.reasonName} at ${exit.guestCs.toString(16)}:${exit.guestIp.toString(16)} repeated ${REPEAT_LIMIT} times`;
  }

  state(): RepeatState[] {
    return [...this.repeats].map(([vm, r]) => ({ vm, key: r.key, count: r.count }));
  }

  restore(state: readonly RepeatState[]): void {
    this.repeats.clear();
    for (const r of state) this.repeats.set(r.vm, { key: r.key, count: r.count });
  }
}
