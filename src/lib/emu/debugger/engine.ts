// The debugger engine: drives a DebugTarget toward a goal (step into / over / out, continue, run to an address)
// in slices, stopping at breakpoints and watchpoints, recording history for reverse execution and, on demand, a
// trace. It runs the target's fast loop whenever it can (no watchpoints, no trace): breakpoint addresses go into
// the Machine's own breakpoint map, and only a stop there costs a condition check.

import type { ExitRecord } from '../cpu/vm/exits';
import type { SourceMap } from '../asm/source-map';
import { BreakpointSet, type BreakpointResult, type BreakpointSpec, type SourceContext } from './breakpoints';
import {
  canRun,
  canStep,
  canStepBack,
  transition,
  type ExecutionEvent,
  type ExecutionState
} from './execution-state';
import type { EvaluationContext } from './expression';
import { History, type HistoryOptions } from './history';
import { fetchAt, lastHitBefore, watchList } from './reverse-search';
import { controlAt } from './stepping';
import type { DebugTarget, TargetInput, TargetStep } from './target';
import { TraceRecorder } from './trace';
import { AccessLog, WatchpointSet, type WatchpointResult, type WatchpointSpec } from './watchpoints';

export type StopReason =
  | 'step' // the requested steps ran (step into, step over a plain instruction)
  | 'done' // a goal reached its place (step over a call, step out, run to cursor)
  | 'breakpoint'
  | 'watchpoint'
  | 'halt'
  | 'shutdown'
  | 'exit'
  | 'pause'
  | 'limit' // a synchronous call ran out of steps
  | 'history-start' // going back reached the start of history
  | 'refused'; // not possible in this execution state

export interface Stop {
  reason: StopReason;
  /** The step the machine is at now. */
  step: number;
  breakpoint?: number;
  watch?: { id: number; detail: string }[];
  exit?: ExitRecord;
}

export type DebugEvent =
  { kind: 'log'; breakpoint: number; step: number; message: string } | { kind: 'stop'; stop: Stop };

type Goal =
  | { kind: 'continue' }
  | { kind: 'steps'; remaining: number }
  | { kind: 'until'; cs: number; ip: number; ss: number; sp: number | null }
  | { kind: 'step-out'; ss: number; sp: number }
  | { kind: 'next-exit' };

export interface EngineOptions {
  history?: HistoryOptions;
}

/** Synchronous commands stop after this many steps so an endless loop cannot hang a test or the CLI. */
export const DEFAULT_SYNC_LIMIT = 50_000_000;

export class DebugEngine {
  readonly breakpoints = new BreakpointSet();
  readonly watchpoints = new WatchpointSet();
  readonly history: History;
  trace: TraceRecorder | null = null;
  private executionState: ExecutionState = 'paused';
  private goal: Goal | null = null;
  /** Whether the instruction at CS:IP still has to be checked against breakpoints before it runs. */
  private checkHere = false;
  private source: SourceContext | null = null;
  readonly accessLog = new AccessLog();
  private events: DebugEvent[] = [];

  constructor(
    readonly target: DebugTarget,
    options: EngineOptions = {}
  ) {
    this.history = new History(target, options.history);
    this.settle('load');
  }

  get state(): ExecutionState {
    return this.executionState;
  }

  get step(): number {
    return this.target.stepCount();
  }

  /** The program in the target was replaced or reset: history starts again here, hit counts from zero. */
  reset(): void {
    this.goal = null;
    this.history.reset();
    this.breakpoints.resetHits();
    this.trace?.records.splice(0);
    this.executionState = 'empty';
    this.settle('load');
  }

  /** Source lines resolve through this map, for an image running in `segment`. */
  setSource(map: SourceMap, segment: number): void {
    this.source = { map, segment };
  }

  addBreakpoint(spec: BreakpointSpec): BreakpointResult {
    return this.breakpoints.add(spec, this.source);
  }

  addWatchpoint(spec: WatchpointSpec): WatchpointResult {
    return this.watchpoints.add(spec);
  }

  /** Events (log point messages, stops) since the last call. */
  takeEvents(): DebugEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  // ---- forward: goals run in slices ----

  /** Start a goal; runSlice() then advances it. Returns false when the state does not allow it. */
  start(
    kind:
      | 'continue'
      | 'next-exit'
      | 'step-into'
      | 'step-over'
      | 'step-out'
      | { runTo: { cs: number; ip: number } }
  ): boolean {
    const runs = kind === 'continue' || kind === 'next-exit' || typeof kind === 'object';
    if (this.goal !== null || !(runs ? canRun(this.state) : canStep(this.state))) {
      return false;
    }
    const regs = this.target.registers();
    if (typeof kind === 'object') {
      this.goal = { kind: 'until', cs: kind.runTo.cs, ip: kind.runTo.ip, ss: regs.ss, sp: null };
    } else if (kind === 'continue' || kind === 'next-exit') {
      this.goal = { kind };
    } else if (kind === 'step-into') {
      this.goal = { kind: 'steps', remaining: 1 };
    } else if (kind === 'step-out') {
      this.goal = { kind: 'step-out', ss: regs.ss, sp: regs.sp };
    } else {
      const control = controlAt((a) => this.target.peek8(a), regs.cs, regs.ip);
      this.goal =
        control.kind === 'call' || control.kind === 'interrupt' || control.kind === 'repeat'
          ? { kind: 'until', cs: regs.cs, ip: (regs.ip + control.length) & 0xffff, ss: regs.ss, sp: regs.sp }
          : { kind: 'steps', remaining: 1 };
    }
    this.checkHere = false;
    this.settle('run');
    return true;
  }

  get running(): boolean {
    return this.goal !== null;
  }

  /** Stop the goal in progress (the Pause button). */
  pause(): Stop {
    return this.finish({ reason: 'pause', step: this.step });
  }

  /** Advance the goal by at most `budget` steps: its Stop when it ended, null when it goes on. */
  runSlice(budget: number): Stop | null {
    const goal = this.goal;
    if (goal === null) return null;
    const slow = goal.kind === 'step-out' || this.trace !== null || this.watchpoints.active();
    if (slow) {
      this.target.observe(this.trace !== null || this.watchpoints.needsAccesses() ? this.accessLog : null);
      try {
        return this.runSlow(goal, budget);
      } finally {
        this.target.observe(null);
      }
    }
    return this.runFast(goal, budget);
  }

  /** Run a goal to its end (tests, the CLI): at most `limit` steps. */
  runToEnd(limit = DEFAULT_SYNC_LIMIT): Stop {
    const started = this.step;
    for (;;) {
      const left = limit - (this.step - started);
      if (left <= 0) return this.finish({ reason: 'limit', step: this.step });
      const stop = this.runSlice(Math.min(1 << 20, left));
      if (stop) return stop;
    }
  }

  stepInto(): Stop {
    return this.start('step-into') ? this.runToEnd() : this.refused();
  }

  stepOver(limit?: number): Stop {
    return this.start('step-over') ? this.runToEnd(limit) : this.refused();
  }

  stepOut(limit?: number): Stop {
    return this.start('step-out') ? this.runToEnd(limit) : this.refused();
  }

  continue(limit?: number): Stop {
    return this.start('continue') ? this.runToEnd(limit) : this.refused();
  }

  /** Run until the next VM exit has been handled (a hypervisor target; the bare Machine stops at every exit). */
  runToNextExit(limit?: number): Stop {
    return this.start('next-exit') ? this.runToEnd(limit) : this.refused();
  }

  runTo(cs: number, ip: number, limit?: number): Stop {
    return this.start({ runTo: { cs, ip } }) ? this.runToEnd(limit) : this.refused();
  }

  private refused(): Stop {
    return { reason: 'refused', step: this.step };
  }

  /** The target's fast loop, breakpoint addresses (and the goal's place) in its map. */
  private runFast(goal: Goal, budget: number): Stop | null {
    const target = this.target;
    const addresses = new Set(this.breakpoints.addresses);
    if (goal.kind === 'until') addresses.add(goal.cs * 16 + goal.ip);
    let left = budget;
    while (left > 0) {
      if (this.checkHere) {
        const stop = this.checkBefore(goal);
        if (stop) return stop;
      }
      let n = Math.min(left, this.history.nextBoundary(this.step) - this.step);
      if (goal.kind === 'steps') n = Math.min(n, goal.remaining);
      const result = target.run(Math.max(1, n), addresses, { stopAtExit: goal.kind === 'next-exit' });
      this.history.advanced();
      left -= Math.max(1, result.steps);
      if (goal.kind === 'steps') goal.remaining -= result.steps;
      this.checkHere = true;
      switch (result.stop) {
        case 'breakpoint': {
          const stop = this.checkBefore(goal);
          if (stop) return stop;
          break;
        }
        case 'halt':
          return this.finish({ reason: 'halt', step: this.step });
        case 'shutdown':
          return this.finish({ reason: 'shutdown', step: this.step });
        case 'exit':
          return this.finish({ reason: 'exit', step: this.step, exit: result.exit });
        default:
          if (goal.kind === 'steps' && goal.remaining <= 0)
            return this.finish({ reason: 'step', step: this.step });
      }
    }
    return null;
  }

  /** Step by step, with the access log attached when watchpoints or the trace need it. */
  private runSlow(goal: Goal, budget: number): Stop | null {
    const target = this.target;
    const watchReads = this.watchpoints.watchesReads();
    for (let left = budget; left > 0; left--) {
      if (this.checkHere) {
        const stop = this.checkBefore(goal);
        if (stop) return stop;
      }
      this.checkHere = true;
      // Registers and the instruction's text only when the trace or a step out needs them (this loop is hot).
      const before = this.trace !== null || goal.kind === 'step-out' ? target.registers() : null;
      const control =
        before !== null && goal.kind === 'step-out'
          ? controlAt((a) => target.peek8(a), before.cs, before.ip)
          : null;
      const text =
        this.trace && before ? this.trace.instructionText((a) => target.peek8(a), before.cs, before.ip) : '';
      const step = this.step;
      this.accessLog.clear();
      if (watchReads) this.accessLog.expectFetch(...fetchAt(target));
      const result = target.step();
      this.history.advanced();
      if (this.trace && before && this.step > step) {
        this.trace.record(step, before, target.registers(), text, result, this.accessLog.accesses);
      }
      const hits = this.watchpoints.check(result, this.accessLog.accesses, true);
      if (hits.length > 0)
        return this.finish({ reason: 'watchpoint', step: this.step, watch: watchList(hits) });
      const end = this.endOfStep(result, goal);
      if (end) return end;
      if (goal.kind === 'steps' && --goal.remaining <= 0)
        return this.finish({ reason: 'step', step: this.step });
      if (goal.kind === 'step-out' && control?.kind === 'return') {
        const after = target.registers();
        // Out of the routine: the return popped the frame the step out started in (the stack went above it).
        if (after.ss !== goal.ss || after.sp > goal.sp)
          return this.finish({ reason: 'done', step: this.step });
      }
    }
    return null;
  }

  private endOfStep(result: TargetStep, goal: Goal): Stop | null {
    if (this.target.shutdown()) return this.finish({ reason: 'shutdown', step: this.step });
    if (result.kind === 'halted') return this.finish({ reason: 'halt', step: this.step });
    if (result.kind === 'exit' && (!this.target.handlesExits || goal.kind === 'next-exit'))
      return this.finish({ reason: 'exit', step: this.step, exit: result.exit });
    return null;
  }

  /** Before the instruction at CS:IP runs: has the goal arrived, does a breakpoint stop or log here? */
  private checkBefore(goal: Goal): Stop | null {
    this.checkHere = false;
    if (goal.kind !== 'until' && this.breakpoints.addresses.size === 0) return null;
    const regs = this.target.registers();
    if (goal.kind === 'until' && regs.cs === goal.cs && regs.ip === goal.ip) {
      if (goal.sp === null || regs.ss !== goal.ss || regs.sp >= goal.sp)
        return this.finish({ reason: 'done', step: this.step });
    }
    if (!this.breakpoints.addresses.has(regs.cs * 16 + regs.ip)) return null;
    const verdict = this.breakpoints.check(regs.cs, regs.ip, this.context(regs), true);
    for (const log of verdict.logs) {
      this.events.push({ kind: 'log', breakpoint: log.breakpoint.id, step: this.step, message: log.message });
    }
    if (verdict.stop)
      return this.finish({ reason: 'breakpoint', step: this.step, breakpoint: verdict.stop.id });
    return null;
  }

  private context(registers = this.target.registers()): EvaluationContext {
    return { registers, peek8: (address) => this.target.peek8(address) };
  }

  private finish(stop: Stop): Stop {
    this.goal = null;
    this.settle(stop.reason === 'halt' ? 'halt' : stop.reason === 'shutdown' ? 'shutdown' : 'stop');
    this.events.push({ kind: 'stop', stop });
    return stop;
  }

  /** Apply an execution event; where the CPU itself is halted or shut down, that decides. */
  private settle(event: ExecutionEvent): void {
    // Back in history, the trace forgets the steps ahead: going forward again records them anew.
    if (event === 'rewind') this.trace?.forgetFrom(this.step);
    let next = transition(this.executionState, event) ?? this.executionState;
    if (next !== 'running' && next !== 'empty') {
      if (this.target.shutdown()) next = 'shutdown';
      else if (this.target.halted()) next = 'halted';
      else next = 'paused';
    }
    this.executionState = next;
  }

  // ---- outside inputs ----

  /** Poke memory, edit registers, press a key: applied now and logged for replay. */
  input(input: TargetInput): void {
    this.history.input(input);
    this.settle('rewind');
  }

  // ---- backward ----

  /** Go to any step of history (past the head: run forward to it). */
  /**
   * Go to any step of history. Past the head, the machine runs forward to it plainly (no breakpoints, watchpoints
   * or trace: the step was asked for), as far as it can (a halt ends it early).
   */
  jumpTo(step: number): Stop {
    if (this.goal !== null || transition(this.state, 'rewind') === null) return this.refused();
    const clamped = Math.max(step, this.history.start);
    this.history.seek(Math.min(clamped, this.history.head));
    const none = new Set<number>();
    while (this.step < step) {
      const n = Math.min(step, this.history.nextBoundary(this.step)) - this.step;
      const result = this.target.run(n, none);
      this.history.advanced();
      if (result.steps === 0 || (result.stop !== 'max-steps' && result.stop !== 'budget')) break;
    }
    this.settle('rewind');
    const stop: Stop = { reason: step < this.history.start ? 'history-start' : 'step', step: this.step };
    if (this.step < step) stop.reason = this.target.shutdown() ? 'shutdown' : 'halt';
    this.events.push({ kind: 'stop', stop });
    return stop;
  }

  stepBack(count = 1): Stop {
    if (!canStepBack(this.state, this.step, this.history.start)) return this.refused();
    return this.jumpTo(this.step - count);
  }

  /** Back to the last breakpoint or watchpoint hit before the current step (see reverse-search.ts). */
  reverseContinue(): Stop {
    if (!canStepBack(this.state, this.step, this.history.start)) return this.refused();
    const hit = lastHitBefore(this, this.step);
    this.history.seek(hit === null ? this.history.start : hit.step);
    this.settle('rewind');
    let stop: Stop = { reason: 'history-start', step: this.step };
    if (hit !== null) {
      stop = { reason: hit.reason, step: this.step };
      if (hit.breakpoint !== undefined) stop.breakpoint = hit.breakpoint;
      if (hit.watch !== undefined) stop.watch = hit.watch;
    }
    this.events.push({ kind: 'stop', stop });
    return stop;
  }
}
