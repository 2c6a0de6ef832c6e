// Reverse execution's memory: periodic checkpoints plus deterministic replay plus a log of outside inputs
// (DESIGN.md "Reverse execution"). Going to step S restores the last checkpoint at or before S and replays
// forward; the core is deterministic, so the state reached is exactly the one that was there.
//
// Checkpoints share unchanged memory pages with their predecessor, so their cost is the pages a program writes.
// Taking one compares all of memory with the previous checkpoint (about a millisecond for 4 MiB), so they are
// spaced `interval` steps apart (2^21 by default: replaying that far takes a few tens of milliseconds). When the
// history grows past its byte budget, every other older checkpoint is dropped (the replay from the remaining ones
// is longer, never wrong). Every input gets a checkpoint of its own, taken just after it and never dropped, so a
// replay between two checkpoints never crosses an input, and execution that reaches an input's step again (going
// forward after going back) continues from that checkpoint.

import type { Checkpoint, DebugTarget, TargetInput } from './target';

export interface HistoryOptions {
  /** Steps between checkpoints. */
  interval?: number;
  /** Bytes of checkpoint pages kept at most (64 MiB by default). */
  budgetBytes?: number;
}

export const DEFAULT_CHECKPOINT_INTERVAL = 1 << 21;
export const DEFAULT_HISTORY_BUDGET = 64 * 1024 * 1024;
/** Rough bytes of one checkpoint besides its own pages: the CPU/paging state and the page table of references. */
const CHECKPOINT_OVERHEAD = 4096;

export interface LoggedInput {
  step: number;
  input: TargetInput;
}

interface Entry extends Checkpoint {
  /** An input was applied at this step: the checkpoint holds it and must stay. */
  pinned: boolean;
}

export class History {
  readonly interval: number;
  readonly budgetBytes: number;
  private checkpoints: Entry[] = [];
  readonly inputs: LoggedInput[] = [];
  /** The furthest step reached since the last reset (history covers start…head). */
  head = 0;

  constructor(
    private readonly target: DebugTarget,
    options: HistoryOptions = {}
  ) {
    this.interval = Math.max(1, options.interval ?? DEFAULT_CHECKPOINT_INTERVAL);
    this.budgetBytes = options.budgetBytes ?? DEFAULT_HISTORY_BUDGET;
    this.reset();
  }

  /** Forget everything and start history at the target's current state. */
  reset(): void {
    this.checkpoints = [];
    this.inputs.length = 0;
    this.add(false);
    this.head = this.target.stepCount();
  }

  /** The first step history can go back to. */
  get start(): number {
    return this.checkpoints[0].step;
  }

  /** Checkpoints held (for views and tests). */
  get checkpointSteps(): number[] {
    return this.checkpoints.map((c) => c.step);
  }

  /** Bytes held: checkpoint pages, a fixed overhead per checkpoint, and the input log (roughly). */
  bytes(): number {
    let total = 0;
    for (const c of this.checkpoints) total += c.ownBytes + CHECKPOINT_OVERHEAD;
    return total + this.inputs.length * 256;
  }

  /** The step at which the engine must stop running to take the next checkpoint (past every one held). */
  nextCheckpointStep(): number {
    return this.checkpoints[this.checkpoints.length - 1].step + this.interval;
  }

  /**
   * The next step after `step` where forward execution must pause for history: a checkpoint is due, or an input
   * was applied there (execution alone does not reproduce it).
   */
  nextBoundary(step: number): number {
    const input = this.inputs.find((logged) => logged.step > step);
    return Math.min(this.nextCheckpointStep(), input ? input.step : Number.POSITIVE_INFINITY);
  }

  /**
   * Called after the target moved forward: note the head, and take a checkpoint when one is due. Arriving by
   * execution at a step where an input was applied, the state is the one before the input: the checkpoint taken
   * after it replaces it.
   */
  advanced(): void {
    const step = this.target.stepCount();
    if (step > this.head) this.head = step;
    if (this.inputs.some((logged) => logged.step === step))
      this.target.restoreCheckpoint(this.checkpointAtOrBefore(step));
    if (step >= this.nextCheckpointStep()) this.add(false);
  }

  /**
   * Apply an outside input at the current step and log it. What lay ahead in history was computed without it,
   * so it goes: checkpoints after this step, inputs logged after it, and the head comes back here.
   */
  input(input: TargetInput): void {
    const step = this.target.stepCount();
    // Applied first: an input the target refuses (it throws) leaves history as it was.
    this.target.applyInput(input);
    this.truncateAfter(step);
    this.inputs.push({ step, input });
    // The checkpoint taken at this step (if any) predates the input.
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last.step === step) this.dropAt(this.checkpoints.length - 1);
    this.add(true);
    this.head = step;
  }

  private truncateAfter(step: number): void {
    while (this.checkpoints.length > 1 && this.checkpoints[this.checkpoints.length - 1].step > step) {
      this.checkpoints.pop();
    }
    while (this.inputs.length > 0 && this.inputs[this.inputs.length - 1].step > step) this.inputs.pop();
  }

  /**
   * Put the target at `step` (between start and head): restore the last checkpoint at or before it and replay.
   * Returns false (moving nothing) when the step is outside history.
   */
  seek(step: number): boolean {
    if (step < this.start || step > this.head) return false;
    const here = this.target.stepCount();
    if (here === step) return true;
    const checkpoint = this.checkpointAtOrBefore(step);
    // Going forward within one stretch, replay from where the target is rather than from the checkpoint.
    if (!(here > checkpoint.step && here < step)) this.target.restoreCheckpoint(checkpoint);
    this.replayTo(step);
    return this.target.stepCount() === step;
  }

  /** Run the target forward to exactly `step` (no breakpoints, no observers: a replay). */
  replayTo(step: number): void {
    const none = new Set<number>();
    while (this.target.stepCount() < step) {
      const result = this.target.run(step - this.target.stepCount(), none);
      if (result.steps === 0) break; // halted or shut down: the step count cannot advance
    }
  }

  /** The checkpoint in force at `step`. */
  checkpointAtOrBefore(step: number): Checkpoint {
    let low = 0;
    let high = this.checkpoints.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.checkpoints[mid].step <= step) low = mid;
      else high = mid - 1;
    }
    return this.checkpoints[low];
  }

  /** The checkpoints' steps that start the stretches of history before `step`, latest first (reverse search). */
  stretchesBefore(step: number): { from: number; to: number }[] {
    const stretches: { from: number; to: number }[] = [];
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      const from = this.checkpoints[i].step;
      if (from >= step) continue;
      const to = Math.min(step, i + 1 < this.checkpoints.length ? this.checkpoints[i + 1].step : step);
      stretches.push({ from, to });
    }
    return stretches;
  }

  private add(pinned: boolean): void {
    const step = this.target.stepCount();
    const last = this.checkpoints[this.checkpoints.length - 1] ?? null;
    if (last !== null && last.step === step) return;
    const checkpoint = this.target.checkpoint(last);
    this.checkpoints.push({ ...checkpoint, pinned });
    if (this.bytes() > this.budgetBytes) this.thin();
  }

  /** Over budget: drop every other unpinned checkpoint of the older half (never the first, never the last). */
  private thin(): void {
    const half = this.checkpoints.length >> 1;
    for (let i = half - 1; i >= 1; i -= 2) {
      if (!this.checkpoints[i].pinned) this.dropAt(i);
    }
  }

  /** Remove a checkpoint; pages it allocated that the next one still shares become the next one's own. */
  private dropAt(index: number): void {
    const dropped = this.checkpoints[index];
    const next = this.checkpoints[index + 1];
    const previous = this.checkpoints[index - 1];
    if (next) {
      for (let page = 0; page < dropped.pages.length; page++) {
        const bytes = dropped.pages[page];
        if (bytes !== null && next.pages[page] === bytes && previous?.pages[page] !== bytes) {
          next.ownBytes += bytes.length;
        }
      }
    }
    this.checkpoints.splice(index, 1);
  }
}
