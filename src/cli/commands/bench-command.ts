// `bench [--json]`: assemble the five workloads of ../shared/bench from their sources with our assembler (the
// images must equal NASM's in bench/bin), run them, check every result register and the exact instruction
// counts, and report effective MIPS (median of 5 runs, after two warm-up runs that are not counted) per
// workload and their geometric mean; and the assembler's own figure, asm_10k_ms (bench/assembler-bench.ts).
//
// Each workload runs in its own worker thread (its own V8 isolate), as JMH forks a JVM per benchmark: a JIT
// compiles the interpreter loop for the code it has seen, and a workload measured after others would pay for
// their instruction mix. That is also how the site runs a program: one machine in its own Web Worker. The runs
// are interleaved across workloads, as were the figures of the other emulators in ../shared/bench.
// The wall clock is read here, in the CLI, never in the core.

import { performance } from 'node:perf_hooks';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { COM_OFFSET, COM_SEGMENT, Hypervisor, Machine, type Registers } from '$lib/emu';
import { parseArgs } from '../args';
import { enableIdentityPaging } from '../bench/identity-paging';
import { WORKLOADS, type Workload } from '../bench/workloads';
import {
  ASM_BENCH_RUNS,
  ASM_PROGRAM_LINES,
  assembleWorkload,
  benchAssembler
} from '../bench/assembler-bench';
import { benchDebugger } from '../bench/debugger-bench';

const RUNS = 5;
/** Runs before the measured ones, not counted: V8 settles its compiled code for the workload (JMH warm-up). */
const WARM_UP_RUNS = 2;

export interface WorkloadFigure {
  name: string;
  mips: number;
  ok: boolean;
  /** Why ok is false. */
  problem?: string;
}

interface WorkerSetup {
  workload: Workload;
  image: Uint8Array;
  /** flat: the bare machine; paged: paging on, the low 1 MiB identity-mapped (paging_ratio); vm: as a guest
   * under the hypervisor, Strict-P&G with nested paging (vm_ratio). */
  mode: BenchMode;
}

type BenchMode = 'flat' | 'paged' | 'vm';
const MODES: BenchMode[] = ['flat', 'paged', 'vm'];

/** One timed run, as the worker reports it. */
interface RunReport {
  seconds: number;
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
  workload: Workload,
  mode: BenchMode
): { seconds: number; problem?: string } {
  if (mode === 'vm') return runAsGuest(image, workload);
  machine.loadCom(image);
  if (mode === 'paged') enableIdentityPaging(machine);
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

/** Run one workload as the only guest of a hypervisor (Strict-P&G, nested paging), loaded as `run --vm` does. */
function runAsGuest(image: Uint8Array, workload: Workload): { seconds: number; problem?: string } {
  const hv = new Hypervisor();
  const vm = hv.addVm({ profile: 'Strict-P&G', paging: 'nested' });
  hv.writeGuestPhysical(vm, COM_SEGMENT * 16 + COM_OFFSET, image);
  const s = COM_SEGMENT;
  hv.start(vm, { cs: s, ds: s, es: s, ss: s, ip: COM_OFFSET, sp: 0xfffe, flags: 0xf002 });
  const started = performance.now();
  hv.run(Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - started) / 1000;
  const regs = hv.guestRegisters(vm);
  const wrong = Object.entries(workload.expect)
    .filter(([key, value]) => regs[key as keyof Registers] !== value)
    .map(
      ([key, value]) =>
        `${key.toUpperCase()}=${regs[key as keyof Registers].toString(16)}h, expected ${value.toString(16)}h`
    );
  if (vm.stopReason !== 'halt') return { seconds, problem: `the guest stopped: ${vm.stopReason}` };
  if (wrong.length) return { seconds, problem: wrong.join('; ') };
  // The final HLT exits before it executes; every other instruction ran in the guest.
  if (vm.counters.guestInstructions !== workload.effective) {
    return {
      seconds,
      problem: `the guest executed ${vm.counters.guestInstructions} effective instructions, expected ${workload.effective}`
    };
  }
  return { seconds };
}

/** The worker thread's side: owns one machine and one workload; runs it once per message, timing each run. */
export function benchWorkerMain(): void {
  const { workload, image, mode } = workerData as WorkerSetup;
  const machine = new Machine();
  parentPort?.on('message', () => parentPort?.postMessage(runOnce(machine, image, workload, mode)));
}

/** A worker thread for one workload, and a way to ask it for one timed run. */
function startWorker(setup: WorkerSetup): { run: () => Promise<RunReport>; stop: () => Promise<number> } {
  // This module is bundled into one file (scripts/cli.mjs), which is also the worker's entry point.
  const worker = new Worker(new URL(import.meta.url), { workerData: setup });
  return {
    run: () =>
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('run');
      }),
    stop: () => worker.terminate()
  };
}

/**
 * Measure every workload: each in its own worker, first WARM_UP_RUNS uncounted rounds, then RUNS rounds in which each
 * workload runs once in turn (interleaved, so a slow spell of a shared machine spreads over all of them).
 */
export async function benchWorkloads(log: (line: string) => void = () => {}): Promise<BenchFigures> {
  const assembled = WORKLOADS.map((workload) => assembleWorkload(workload.name));
  // One worker per workload with paging off, then with paging on, then as a guest.
  const setups = MODES.flatMap((mode) =>
    WORKLOADS.map((workload, w) => ({ workload, image: assembled[w].image, mode }))
  );
  const workers = setups.map(startWorker);
  const seconds: number[][] = setups.map(() => []);
  const problems: (string | undefined)[] = setups.map((setup, k) => assembled[k % WORKLOADS.length].problem);
  try {
    for (let round = 0; round < WARM_UP_RUNS + RUNS; round++) {
      for (let w = 0; w < workers.length; w++) {
        const report = await workers[w].run();
        if (round >= WARM_UP_RUNS) seconds[w].push(report.seconds);
        problems[w] ??= report.problem;
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
  const figure = (k: number): WorkloadFigure => {
    const workload = setups[k].workload;
    const problem = problems[k];
    const mips = workload.effective / median(seconds[k]) / 1e6;
    return { name: workload.name, mips, ok: problem === undefined, problem };
  };
  const flat = WORKLOADS.map((_, w) => figure(w));
  const paged = WORKLOADS.map((_, w) => figure(WORKLOADS.length + w));
  const guest = WORKLOADS.map((_, w) => figure(2 * WORKLOADS.length + w));
  for (const [w, f] of flat.entries()) {
    const p = paged[w];
    const g = guest[w];
    const problem = f.problem ?? p.problem ?? g.problem;
    log(
      `${f.name.padEnd(8)} ${f.mips.toFixed(1).padStart(8)} MIPS   paging on ${p.mips.toFixed(1).padStart(7)} MIPS (${(f.mips / p.mips).toFixed(2)}x)   guest ${g.mips.toFixed(1).padStart(7)} MIPS (${(g.mips / f.mips).toFixed(2)})  ${problem ? 'WRONG: ' + problem : 'ok'}`
    );
  }
  return { flat, paged, guest };
}

export interface BenchFigures {
  /** Paging off (the bare machine's default). */
  flat: WorkloadFigure[];
  /** The same workloads with paging on, identity-mapped. */
  paged: WorkloadFigure[];
  /** As a guest: Strict-P&G, nested paging, the hypervisor's default quantum (2,000 instructions). */
  guest: WorkloadFigure[];
}

export function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, { json: 'boolean' });
  const json = options.json === true;
  // The assembler first, while no worker thread competes for the CPU.
  const asm10kMs = benchAssembler();
  const { flat, paged, guest } = await benchWorkloads(json ? undefined : (line) => console.log(line));
  const figures = [...flat, ...paged, ...guest];
  const geomean = geometricMean(flat.map((f) => Math.max(f.mips, 1e-9)));
  const pagedGeomean = geometricMean(paged.map((f) => Math.max(f.mips, 1e-9)));
  // paging_ratio: paging-off MIPS ÷ paging-on MIPS, as a geometric mean over the workloads.
  const pagingRatio = geomean / pagedGeomean;
  // vm_ratio: guest MIPS ÷ bare MIPS, as a geometric mean over the workloads.
  const guestGeomean = geometricMean(guest.map((f) => Math.max(f.mips, 1e-9)));
  const vmRatio = guestGeomean / geomean;
  // The debugger's figures (bench/debugger-bench.ts), in this thread once the workers are done.
  const debuggerFigures = benchDebugger();
  if (json) {
    const round = (value: number) => Math.round(value * 10) / 10;
    const workloads = flat.map(({ name, mips, ok }) => ({ name, mips: round(mips), ok }));
    const pagedWorkloads = paged.map(({ name, mips, ok }) => ({ name, mips: round(mips), ok }));
    console.log(
      JSON.stringify({
        workloads,
        geomean: round(geomean),
        asm_10k_ms: round(asm10kMs),
        paged_workloads: pagedWorkloads,
        paged_geomean: round(pagedGeomean),
        paging_ratio: Math.round(pagingRatio * 100) / 100,
        guest_workloads: guest.map(({ name, mips, ok }) => ({ name, mips: round(mips), ok })),
        guest_geomean: round(guestGeomean),
        vm_ratio: Math.round(vmRatio * 100) / 100,
        history_mb_10m: Math.round(debuggerFigures.historyMb10m * 100) / 100,
        step_back_ms: Math.round(debuggerFigures.stepBackMs * 10) / 10,
        debugger_overhead: Math.round(debuggerFigures.debuggerOverhead * 1000) / 1000
      })
    );
  } else {
    console.log(
      `geomean  ${geomean.toFixed(1).padStart(8)} MIPS   paging on ${pagedGeomean.toFixed(1).padStart(7)} MIPS (paging_ratio ${pagingRatio.toFixed(2)})`
    );
    console.log(
      `guest    ${guestGeomean.toFixed(1).padStart(8)} MIPS   (vm_ratio ${vmRatio.toFixed(2)}: Strict-P&G, nested paging, quantum 2,000)`
    );
    console.log(
      `         (effective instructions per second, median of ${RUNS} interleaved runs after ${WARM_UP_RUNS} warm-up, each workload in its own worker thread)`
    );
    console.log(
      `asm 10k  ${asm10kMs.toFixed(1).padStart(8)} ms    (median of ${ASM_BENCH_RUNS} runs assembling a ${ASM_PROGRAM_LINES.toLocaleString('en')}-line program made of the workload sources)`
    );
    console.log(
      `debugger history ${debuggerFigures.historyMb10m.toFixed(2)} MB over 10M steps, step back ${debuggerFigures.stepBackMs.toFixed(1)} ms (median), overhead ${(debuggerFigures.debuggerOverhead * 100).toFixed(1)}% of bare MIPS`
    );
  }
  return figures.every((f) => f.ok) ? 0 : 1;
}
