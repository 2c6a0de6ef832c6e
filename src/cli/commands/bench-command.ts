// `bench [--json]`: run the five workloads of ../shared/bench, check every result register and the exact
// instruction counts, and report effective MIPS (median of 5 runs, after one warm-up run that is not counted)
// per workload and their geometric mean.
//
// Each workload runs in a fresh worker thread (its own V8 isolate), as JMH forks a JVM per benchmark: a JIT
// compiles the interpreter loop for the code it has seen, and a workload measured after others would pay for
// their instruction mix. That is also how the site runs a program: one machine in its own Web Worker.
// The wall clock is read here, in the CLI, never in the core.

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { Machine, type Registers } from '$lib/emu';
import { parseArgs } from '../args';
import { SHARED_BENCH_DIR, WORKLOADS, type Workload } from '../bench/workloads';

const RUNS = 5;
/** Runs before the measured ones, not counted: V8 settles its compiled code for the workload (JMH warm-up). */
const WARM_UP_RUNS = 1;

export interface WorkloadFigure {
  name: string;
  mips: number;
  ok: boolean;
  /** Why ok is false. */
  problem?: string;
}

interface WorkerRequest {
  workload: Workload;
  image: Uint8Array;
}

interface WorkerAnswer {
  seconds: number[];
  problem?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Run one workload to HLT once; returns seconds taken and the problem with its result, if any. */
function runOnce(
  machine: Machine,
  image: Uint8Array,
  workload: Workload
): { seconds: number; problem?: string } {
  machine.loadCom(image);
  const started = performance.now();
  const result = machine.run(Number.POSITIVE_INFINITY);
  const seconds = (performance.now() - started) / 1000;
  const regs = machine.registers();
  const wrong = Object.entries(workload.expect)
    .filter(([key, value]) => regs[key as keyof Registers] !== value)
    .map(
      ([key, value]) =>
        `${key.toUpperCase()}=${regs[key as keyof Registers].toString(16)}h, expected ${value.toString(16)}h`
    );
  if (result.stop !== 'halt') return { seconds, problem: `stopped by ${result.stop}, not HLT` };
  if (wrong.length) return { seconds, problem: wrong.join('; ') };
  // The HLT itself is a step; the published counts leave it out.
  if (result.steps - 1 !== workload.instructions || result.iterations - 1 !== workload.effective) {
    return {
      seconds,
      problem: `executed ${result.steps - 1} instructions (${result.iterations - 1} effective), expected ${workload.instructions} (${workload.effective})`
    };
  }
  return { seconds };
}

/** The worker thread's side: measure one workload RUNS times and post the times back. */
export function benchWorkerMain(): void {
  const { workload, image } = workerData as WorkerRequest;
  const machine = new Machine();
  const answer: WorkerAnswer = { seconds: [] };
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const once = runOnce(machine, image, workload);
    if (run >= WARM_UP_RUNS) answer.seconds.push(once.seconds);
    answer.problem ??= once.problem;
  }
  parentPort?.postMessage(answer);
}

function measureInWorker(request: WorkerRequest): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    // This module is bundled into one file (scripts/cli.mjs), which is also the worker's entry point.
    const worker = new Worker(new URL(import.meta.url), { workerData: request });
    worker.once('message', (answer: WorkerAnswer) => resolve(answer));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench worker for ${request.workload.name} exited with code ${code}`));
    });
  });
}

export async function benchWorkloads(log: (line: string) => void = () => {}): Promise<WorkloadFigure[]> {
  const figures: WorkloadFigure[] = [];
  for (const workload of WORKLOADS) {
    const file = join(SHARED_BENCH_DIR, 'bin', `${workload.name}.com`);
    if (!existsSync(file)) {
      figures.push({ name: workload.name, mips: 0, ok: false, problem: `missing ${file}` });
      continue;
    }
    const answer = await measureInWorker({ workload, image: new Uint8Array(readFileSync(file)) });
    const mips = workload.effective / median(answer.seconds) / 1e6;
    const problem = answer.problem;
    log(
      `${workload.name.padEnd(8)} ${mips.toFixed(1).padStart(8)} MIPS  ${problem ? 'WRONG: ' + problem : 'ok'}`
    );
    figures.push({ name: workload.name, mips, ok: problem === undefined, problem });
  }
  return figures;
}

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, { json: 'boolean' });
  const json = options.json === true;
  const figures = await benchWorkloads(json ? undefined : (line) => console.log(line));
  const geomean = geometricMean(figures.map((f) => Math.max(f.mips, 1e-9)));
  if (json) {
    const round = (value: number) => Math.round(value * 10) / 10;
    const workloads = figures.map(({ name, mips, ok }) => ({ name, mips: round(mips), ok }));
    console.log(JSON.stringify({ workloads, geomean: round(geomean) }));
  } else {
    console.log(
      `geomean  ${geomean.toFixed(1).padStart(8)} MIPS  (effective instructions per second, median of ${RUNS} runs after ${WARM_UP_RUNS} warm-up, each workload in a fresh worker thread)`
    );
  }
  return figures.every((f) => f.ok) ? 0 : 1;
}
