// How the Machine runs the CPU when a device board is attached: in slices that end where the PIT's output (IRQ0)
// next changes, so the interrupt reaches the PIC at the exact instruction however the caller cuts its runs; a PIT
// write ends the slice early (the next change may now come sooner); a HLT that an interrupt can end sleeps until
// the timer's next IRQ. Without a board the Machine never comes here (the bare run loop is untouched).
// The CPU samples INTR after each instruction it executes, so an IRQ raised at the end of a slice (or by the host
// between runs) is taken after the next instruction: one instruction later than an 8086 would, the same every time.

import { IF } from './cpu/flags';
import type { Cpu } from './cpu/cpu';
import { MAX_RUN, STOP_BREAKPOINT, STOP_BUDGET, STOP_HALT, STOP_STEPS } from './cpu/traps';
import { CS } from './cpu/registers';
import type { PcBoard } from './devices/pc-board';

export interface BoardRun {
  /** A STOP_* reason of the CPU. */
  stop: number;
  steps: number;
  iterations: number;
}

export function runWithBoard(
  cpu: Cpu,
  board: PcBoard,
  budget: number,
  maxSteps: number | undefined,
  breakpoints: Uint8Array | null
): BoardRun {
  let iterationsLeft = budget;
  let stepsLeft = maxSteps ?? Number.POSITIVE_INFINITY;
  let steps = 0;
  let iterations = 0;
  let stop = STOP_BUDGET;
  let first = true;
  while (iterationsLeft > 0 && stepsLeft > 0) {
    // The CPU does not check a breakpoint at the first instruction of a run (so a run can leave one); between
    // slices this loop checks it instead. (A REP instruction paused at a slice end, on a breakpoint, stops here.)
    if (!first && breakpoints !== null && !cpu.halted && breakpoints[(cpu.segs[CS] << 4) + cpu.ip] !== 0) {
      stop = STOP_BREAKPOINT;
      break;
    }
    first = false;
    const slice = Math.min(iterationsLeft, board.instructionsUntilTimerChange(), MAX_RUN);
    board.beginSlice(cpu);
    stop = cpu.run(slice, Math.min(stepsLeft, MAX_RUN), breakpoints);
    board.endSlice(cpu.iterationsThisRun);
    steps += cpu.stepsThisRun;
    iterations += cpu.iterationsThisRun;
    iterationsLeft -= cpu.iterationsThisRun;
    stepsLeft -= cpu.stepsThisRun;
    if (stop === STOP_HALT) {
      const slept = sleepUntilTimer(cpu, board, iterationsLeft);
      if (slept === 0) break;
      iterationsLeft -= slept;
      stop = STOP_BUDGET;
      continue;
    }
    if (stop !== STOP_BUDGET && stop !== STOP_STEPS) break;
  }
  if (stepsLeft <= 0 && stop === STOP_BUDGET) stop = STOP_STEPS;
  return { stop, steps, iterations };
}

/**
 * The CPU is halted: if an interrupt could end it (IF set, not shut down, the timer will raise IRQ0), let model
 * time pass until the timer's next IRQ or for `limit` instructions, whichever is first. Returns the time spent.
 */
export function sleepUntilTimer(cpu: Cpu, board: PcBoard, limit: number): number {
  if (!cpu.halted || cpu.shutdown || !(cpu.flags & IF) || cpu.intr) return 0;
  const untilIrq = board.instructionsUntilNextIrq();
  if (untilIrq === Number.POSITIVE_INFINITY) return 0;
  const wait = Math.min(untilIrq, limit);
  if (wait <= 0) return 0;
  board.advance(wait);
  return wait;
}
