// `run FILE.asm|FILE.com|FILE.bin [--max-steps N] [--json]`: load under the benchmark contract (image at
// 1000:0100, CS = DS = ES = SS = 1000h, SP = FFFEh), run to HLT or the step limit, print the final state.
// A .asm file is assembled first; its errors are printed and nothing runs.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { COM_OFFSET, formatDiagnostic, Machine, REGISTER_KEYS, type Registers } from '$lib/emu';
import { parseArgs } from '../args';
import { assembleFile } from '../asm-files';
import { formatFlags, hex4 } from '../format';
import { runVms } from './run-vm';

/** Without --max-steps, stop after this many steps so an endless loop still ends. */
export const DEFAULT_MAX_STEPS = 100_000_000;
/** Steps per run() slice: small enough to stop promptly, large enough to cost nothing. */
const SLICE = 1_000_000;

export function runCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, {
    'max-steps': 'number',
    json: 'boolean',
    vm: 'string',
    paging: 'string'
  });
  const file = positional[0];
  if (!file) throw new Error('run: give a program file (.asm, .com or .bin)');
  if (options.vm !== undefined || options.paging !== undefined) {
    const images = [];
    for (const name of positional) {
      const image = loadImage(name);
      if (image === null) return 1;
      images.push({ file: name, image, boot: extname(name).toLowerCase() === '.bin' });
    }
    return runVms(images, {
      profile: (options.vm as string | undefined) ?? 'Strict-P&G',
      paging: (options.paging as string | undefined) ?? 'nested',
      maxSteps: (options['max-steps'] as number | undefined) ?? DEFAULT_MAX_STEPS,
      json: options.json === true
    });
  }
  if (positional.length > 1) throw new Error('run: several files run as several VMs: add --vm PROFILE');
  const image = loadImage(file);
  if (image === null) return 1;
  const maxSteps = (options['max-steps'] as number | undefined) ?? DEFAULT_MAX_STEPS;

  const machine = new Machine({ board: true });
  machine.loadCom(image);
  let stop: string = 'max-steps';
  let steps = 0;
  while (steps < maxSteps) {
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

/** The program image of a file: a .asm assembled (its errors printed; null when it has any), else the bytes. */
export function loadImage(file: string): Uint8Array | null {
  const extension = extname(file).toLowerCase();
  if (extension === '.asm') {
    const result = assembleFile(file);
    for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
    if (!result.ok) return null;
    if (result.origin !== COM_OFFSET) {
      console.error(
        `${file}: warning: org is ${result.origin.toString(16)}h, but run loads programs at 100h (write org 0x100)`
      );
    }
    return result.image;
  }
  if (extension === '.com' || extension === '.bin') return readFileSync(file);
  throw new Error(`run: ${file}: expected NASM source (.asm) or a flat binary (.com or .bin)`);
}

export function formatRegisters(regs: Registers): string {
  const row = (keys: (keyof Registers)[]) =>
    keys.map((key) => `${key.toUpperCase()}=${hex4(regs[key])}`).join('  ');
  return [
    row(['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp']),
    row(['cs', 'ds', 'es', 'ss', 'ip', 'flags'])
  ].join('\n');
}
