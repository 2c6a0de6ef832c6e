// `bench [--json]`: run the five workloads of ../shared/bench, check every result register and the exact
// instruction counts, and report effective MIPS (median of 5 runs) per workload and their geometric mean.
// The wall clock is read here, in the CLI, never in the core.

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Machine, type Registers } from '$lib/emu';
import { parseArgs } from '../args';
import { SHARED_BENCH_DIR, WORKLOADS, type Workload } from '../bench/workloads';

const RUNS = 5;

export interface WorkloadFigure {
  name: string;
  mips: number;
  ok: boolean;
  /** Why ok is false. */
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

export function benchWorkloads(log: (line: string) => void = () => {}): WorkloadFigure[] {
  const machine = new Machine();
  return WORKLOADS.map((workload) => {
    const file = join(SHARED_BENCH_DIR, 'bin', `${workload.name}.com`);
    if (!existsSync(file)) return { name: workload.name, mips: 0, ok: false, problem: `missing ${file}` };
    const image = readFileSync(file);
    const times: number[] = [];
    let problem: string | undefined;
    for (let run = 0; run < RUNS; run++) {
      const once = runOnce(machine, image, workload);
      times.push(once.seconds);
      problem ??= once.problem;
    }
    const mips = workload.effective / median(times) / 1e6;
    log(
      `${workload.name.padEnd(8)} ${mips.toFixed(1).padStart(8)} MIPS  ${problem ? 'WRONG: ' + problem : 'ok'}`
    );
    return { name: workload.name, mips, ok: problem === undefined, problem };
  });
}

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

export function benchCommand(argv: string[]): number {
  const { options } = parseArgs(argv, { json: 'boolean' });
  const json = options.json === true;
  const figures = benchWorkloads(json ? undefined : (line) => console.log(line));
  const geomean = geometricMean(figures.map((f) => Math.max(f.mips, 1e-9)));
  if (json) {
    const round = (value: number) => Math.round(value * 10) / 10;
    const workloads = figures.map(({ name, mips, ok }) => ({ name, mips: round(mips), ok }));
    console.log(JSON.stringify({ workloads, geomean: round(geomean) }));
  } else {
    console.log(
      `geomean  ${geomean.toFixed(1).padStart(8)} MIPS  (effective instructions per second, median of ${RUNS} runs)`
    );
  }
  return figures.every((f) => f.ok) ? 0 : 1;
}
