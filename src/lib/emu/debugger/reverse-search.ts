// Reverse continue's search: the last breakpoint or watchpoint hit before a step. History holds no record of
// hits, so each stretch between two checkpoints, latest first, is replayed and watched; the first stretch with a
// hit has the answer (its last hit). Conditions apply; hit counts and log points do not (a replay must not count
// or log twice).

import type { BreakpointSet } from './breakpoints';
import type { History } from './history';
import { controlAt } from './stepping';
import type { DebugTarget } from './target';
import type { AccessLog, WatchHit, WatchpointSet } from './watchpoints';

export interface Hit {
  step: number;
  reason: 'breakpoint' | 'watchpoint';
  breakpoint?: number;
  watch?: { id: number; detail: string }[];
}

export interface SearchScope {
  target: DebugTarget;
  history: History;
  breakpoints: BreakpointSet;
  watchpoints: WatchpointSet;
  accessLog: AccessLog;
}

/** The last hit strictly before `current`, or null. Leaves the target somewhere in history: seek afterwards. */
export function lastHitBefore(scope: SearchScope, current: number): Hit | null {
  for (const stretch of scope.history.stretchesBefore(current)) {
    scope.history.seek(stretch.from);
    const hit = searchStretch(scope, stretch.to, current);
    if (hit !== null) return hit;
  }
  return null;
}

/** CS, IP and length of the instruction about to run (decoded over peeks), for AccessLog.expectFetch. */
export function fetchAt(target: DebugTarget): [number, number, number] {
  const regs = target.registers();
  return [regs.cs, regs.ip, controlAt((a) => target.peek8(a), regs.cs, regs.ip).length];
}

export function watchList(hits: WatchHit[]): { id: number; detail: string }[] {
  return hits.map((hit) => ({ id: hit.watchpoint.id, detail: hit.detail }));
}

/** Replay from the target's step to `to`: the last hit before `current`. */
function searchStretch(scope: SearchScope, to: number, current: number): Hit | null {
  const { target, breakpoints, watchpoints, accessLog } = scope;
  let last: Hit | null = null;
  const breakpointHere = (): void => {
    const regs = target.registers();
    const step = target.stepCount();
    if (step >= current || !breakpoints.addresses.has(regs.cs * 16 + regs.ip)) return;
    const context = { registers: regs, peek8: (address: number) => target.peek8(address) };
    const verdict = breakpoints.check(regs.cs, regs.ip, context, false);
    if (verdict.stop) last = { step, reason: 'breakpoint', breakpoint: verdict.stop.id };
  };
  breakpointHere();
  if (watchpoints.active()) {
    // Watchpoints need every step (and, for memory and ports, its accesses).
    target.observe(watchpoints.needsAccesses() ? accessLog : null);
    try {
      const watchReads = watchpoints.watchesReads();
      while (target.stepCount() < to) {
        accessLog.clear();
        if (watchReads) accessLog.expectFetch(...fetchAt(target));
        const before = target.stepCount();
        const result = target.step();
        const step = target.stepCount();
        if (step === before) break;
        const hits = watchpoints.check(result, accessLog.accesses, false);
        if (hits.length > 0 && step < current) last = { step, reason: 'watchpoint', watch: watchList(hits) };
        breakpointHere();
      }
    } finally {
      target.observe(null);
    }
    return last;
  }
  // Breakpoints only: the target's fast loop stops at their addresses; the conditions are checked there.
  while (target.stepCount() < to) {
    const result = target.run(to - target.stepCount(), breakpoints.addresses);
    if (result.stop === 'breakpoint') breakpointHere();
    else if (result.steps === 0 || result.stop !== 'max-steps') break;
  }
  return last;
}
