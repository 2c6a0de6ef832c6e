// The debugger in the benchmark (issue 6, acceptance 2):
//   history_mb_10m    the memory of reverse-execution history after 10 million steps of a workload under the engine
//   step_back_ms      median time of one step back from random points of that history (restore + replay)
//   debugger_overhead 1 − (MIPS under the engine, history on, no breakpoints) / (bare MIPS), over two workloads
// Runs in the CLI's main thread after the workload workers finished. The wall clock is read here, never in the core.

import { performance } from 'node:perf_hooks';
import { DebugEngine, Machine, MachineTarget } from '$lib/emu';
import { assembleWorkload } from './assembler-bench';
import { WORKLOADS } from './workloads';

export interface DebuggerFigures {
  historyMb10m: number;
  stepBackMs: number;
  debuggerOverhead: number;
}

const HISTORY_STEPS = 10_000_000;
const STEP_BACK_SAMPLES = 21;
/** The workloads of the overhead figure: sieve (memory-heavy loops) and fib (CALL/RET, stack). */
const OVERHEAD_WORKLOADS = ['sieve', 'fib'];
const OVERHEAD_RUNS = 3;
const OVERHEAD_WARM_UP = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A seeded generator (mulberry32) for the step-back positions, so every run measures the same points. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** History over 10M steps of sieve, and step-back times at random depths of it. */
function benchHistory(): { historyMb10m: number; stepBackMs: number } {
  const machine = new Machine();
  machine.loadCom(assembleWorkload('sieve').image);
  const engine = new DebugEngine(new MachineTarget(machine));
  const stop = engine.continue(HISTORY_STEPS);
  if (stop.reason !== 'limit') throw new Error(`bench: sieve stopped by ${stop.reason} before 10M steps`);
  const historyMb10m = engine.history.bytes() / (1024 * 1024);
  const random = seeded(6);
  const times: number[] = [];
  for (let sample = 0; sample < STEP_BACK_SAMPLES; sample++) {
    const position = 1 + Math.floor(random() * (engine.history.head - 1));
    engine.jumpTo(position);
    const started = performance.now();
    engine.stepBack();
    times.push(performance.now() - started);
    if (engine.step !== position - 1) throw new Error('bench: a step back did not land one step back');
  }
  return { historyMb10m, stepBackMs: median(times) };
}

/** Seconds of one run to HLT, bare or under the engine (a fresh engine: history starts at the load). */
function timedRun(machine: Machine, image: Uint8Array, debugged: boolean): number {
  machine.loadCom(image);
  const started = performance.now();
  if (debugged) {
    const engine = new DebugEngine(new MachineTarget(machine));
    const stop = engine.continue(Number.POSITIVE_INFINITY);
    if (stop.reason !== 'halt')
      throw new Error(`bench: under the debugger the workload stopped by ${stop.reason}`);
  } else {
    const result = machine.run(Number.POSITIVE_INFINITY);
    if (result.stop !== 'halt') throw new Error(`bench: the workload stopped by ${result.stop}`);
  }
  return (performance.now() - started) / 1000;
}

/** 1 − debugged MIPS / bare MIPS (geometric mean over the workloads), runs interleaved bare/debugged. */
function benchOverhead(): number {
  const ratios: number[] = [];
  for (const name of OVERHEAD_WORKLOADS) {
    const workload = WORKLOADS.find((w) => w.name === name);
    if (!workload) throw new Error(`bench: no workload ${name}`);
    const image = assembleWorkload(name).image;
    const machine = new Machine();
    const bare: number[] = [];
    const debugged: number[] = [];
    for (let round = 0; round < OVERHEAD_WARM_UP + OVERHEAD_RUNS; round++) {
      const b = timedRun(machine, image, false);
      const d = timedRun(machine, image, true);
      if (round >= OVERHEAD_WARM_UP) {
        bare.push(b);
        debugged.push(d);
      }
    }
    // MIPS ratio = time ratio inverted (same instruction count).
    ratios.push(median(bare) / median(debugged));
  }
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  return 1 - geomean;
}

export function benchDebugger(): DebuggerFigures {
  const { historyMb10m, stepBackMs } = benchHistory();
  return { historyMb10m, stepBackMs, debuggerOverhead: benchOverhead() };
}
