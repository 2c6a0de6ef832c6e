// `run FILE.asm|FILE.com|FILE.bin [--max-steps N] [--json] [--break LABEL|ADDR] [--trace out.csv|out.json]`:
// load under the benchmark contract (image at 1000:0100, CS = DS = ES = SS = 1000h, SP = FFFEh), run to HLT or
// the step limit, print the final state.
// A .asm file is assembled first; its errors are printed and nothing runs. With --break or --trace the program
// runs under the debugger engine (../debug-run.ts).

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  COM_OFFSET,
  formatDiagnostic,
  Machine,
  REGISTER_KEYS,
  type AssembleResult,
  type Registers
} from '$lib/emu';
import { parseArgs } from '../args';
import { assembleFile } from '../asm-files';
import { formatFlags, hex4 } from '../format';
import { debugRun } from '../debug-run';

/** Without --max-steps, stop after this many steps so an endless loop still ends. */
export const DEFAULT_MAX_STEPS = 100_000_000;
/** Steps per run() slice: small enough to stop promptly, large enough to cost nothing. */
const SLICE = 1_000_000;

export function runCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, {
    'max-steps': 'number',
    json: 'boolean',
    break: 'string',
    trace: 'string'
  });
  const file = positional[0];
  if (!file) throw new Error('run: give a program file (.asm, .com or .bin)');
  const extension = extname(file).toLowerCase();
  let image: Uint8Array;
  let program: AssembleResult | null = null;
  if (extension === '.asm') {
    const result = assembleFile(file);
    program = result;
    for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
    if (!result.ok) return 1;
    if (result.origin !== COM_OFFSET) {
      console.error(
        `${file}: warning: org is ${result.origin.toString(16)}h, but run loads programs at 100h (write org 0x100)`
      );
    }
    image = result.image;
  } else if (extension === '.com' || extension === '.bin') {
    image = readFileSync(file);
  } else {
    throw new Error(`run: ${file}: expected NASM source (.asm) or a flat binary (.com or .bin)`);
  }
  const maxSteps = (options['max-steps'] as number | undefined) ?? DEFAULT_MAX_STEPS;

  const machine = new Machine();
  machine.loadCom(image);
  let stop: string = 'max-steps';
  let steps = 0;
  if (options.break !== undefined || options.trace !== undefined) {
    const breaks = options.break === undefined ? [] : String(options.break).split(',');
    const result = debugRun(machine, program, {
      breaks,
      trace: options.trace as string | undefined,
      maxSteps
    });
    stop = result.stop.reason === 'limit' ? 'max-steps' : result.stop.reason;
    if (result.breakpoint) stop = `breakpoint ${result.breakpoint}`;
    steps = result.stop.step;
  }
  while (steps < maxSteps && stop === 'max-steps') {
    const result = machine.run(Number.POSITIVE_INFINITY, { maxSteps: Math.min(SLICE, maxSteps - steps) });
    steps += result.steps;
    if (result.stop !== 'max-steps') {
      stop = result.stop;
      break;
    }
  }
  const regs = machine.registers();
  if (options.json) {
    const lower = Object.fromEntries(REGISTER_KEYS.map((key) => [key, regs[key]])) as unknown as Registers;
    console.log(JSON.stringify({ stop, steps, regs: lower }));
  } else {
    console.log(formatRegisters(regs));
    console.log(`flags ${formatFlags(regs.flags)}`);
    console.log(`steps ${steps}, effective instructions ${machine.totalIterations}, stopped: ${stop}`);
  }
  return 0;
}

export function formatRegisters(regs: Registers): string {
  const row = (keys: (keyof Registers)[]) =>
    keys.map((key) => `${key.toUpperCase()}=${hex4(regs[key])}`).join('  ');
  return [
    row(['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp']),
    row(['cs', 'ds', 'es', 'ss', 'ip', 'flags'])
  ].join('\n');
}
