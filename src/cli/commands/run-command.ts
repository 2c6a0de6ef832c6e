// `run FILE.asm|FILE.com|FILE.bin [--max-steps N] [--json]`: load under the benchmark contract (image at
// 1000:0100, CS = DS = ES = SS = 1000h, SP = FFFEh), run to HLT or the step limit, print the final state.
// A .asm file is assembled first; its errors are printed and nothing runs.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  COM_OFFSET,
  formatDiagnostic,
  loadComWithBios,
  Machine,
  REGISTER_KEYS,
  type AssembleResult,
  type Registers
} from '$lib/emu';
import { parseArgs } from '../args';
import { assembleFile } from '../asm-files';
import { formatFlags, hex4 } from '../format';
import { runVms } from './run-vm';
import { debugRun } from '../debug-run';

/** Without --max-steps, stop after this many steps so an endless loop still ends. */
export const DEFAULT_MAX_STEPS = 100_000_000;
/** Steps per run() slice: small enough to stop promptly, large enough to cost nothing. */
const SLICE = 1_000_000;

export function runCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, {
    'max-steps': 'number',
    json: 'boolean',
    vm: 'string',
    paging: 'string',
    break: 'string',
    trace: 'string'
  });
  const file = positional[0];
  if (!file) throw new Error('run: give a program file (.asm, .com or .bin)');
  if (options.vm !== undefined || options.paging !== undefined) {
    const images = [];
    for (const name of positional) {
      const program = loadProgram(name);
      if (program === null) return 1;
      images.push({ file: name, ...program });
    }
    return runVms(images, {
      profile: (options.vm as string | undefined) ?? 'Strict-P&G',
      paging: (options.paging as string | undefined) ?? 'nested',
      maxSteps: (options['max-steps'] as number | undefined) ?? DEFAULT_MAX_STEPS,
      json: options.json === true
    });
  }
  if (positional.length > 1) throw new Error('run: several files run as several VMs: add --vm PROFILE');
  // A source is assembled once: its symbols and lines serve --break.
  let program: AssembleResult | null = null;
  let image: Uint8Array | null;
  if (extname(file).toLowerCase() === '.asm') {
    program = assembleFile(file);
    for (const diagnostic of program.diagnostics) console.error(formatDiagnostic(diagnostic));
    if (!program.ok) return 1;
    if (program.origin !== COM_OFFSET) {
      console.error(
        `${file}: warning: org is ${program.origin.toString(16)}h, but run loads programs at 100h (write org 0x100)`
      );
    }
    image = program.image;
  } else {
    image = loadImage(file);
  }
  if (image === null) return 1;
  const maxSteps = (options['max-steps'] as number | undefined) ?? DEFAULT_MAX_STEPS;

  const machine = new Machine({ board: true });
  loadComWithBios(machine, image);
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
  // What the program printed: the debug port E9h (the BIOS's teletype copies every character there) and COM1.
  const board = machine.board;
  const text = board ? latin1(board.debugConsole.takeOutput()) + latin1(board.uart.takeOutput()) : '';
  if (options.json) {
    const lower = Object.fromEntries(REGISTER_KEYS.map((key) => [key, regs[key]])) as unknown as Registers;
    console.log(JSON.stringify({ stop, steps, regs: lower, console: text }));
  } else {
    if (text) console.log(text.replace(/\n?$/, '\n') + '-- end of console');
    console.log(formatRegisters(regs));
    console.log(`flags ${formatFlags(regs.flags)}`);
    console.log(`steps ${steps}, effective instructions ${machine.totalIterations}, stopped: ${stop}`);
  }
  return 0;
}

/**
 * For --vm: the image and whether it is a boot image (a .bin, or a source with `org 0x7c00`) that the guest BIOS
 * starts at 0000:7C00; anything else loads as a .COM.
 */
function loadProgram(file: string): { image: Uint8Array; boot: boolean } | null {
  const extension = extname(file).toLowerCase();
  if (extension !== '.asm') {
    const image = loadImage(file);
    return image === null ? null : { image, boot: extension === '.bin' };
  }
  const result = assembleFile(file);
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  if (!result.ok) return null;
  return { image: result.image, boot: result.origin === BOOT_ORIGIN };
}

const BOOT_ORIGIN = 0x7c00;

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

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

export function formatRegisters(regs: Registers): string {
  const row = (keys: (keyof Registers)[]) =>
    keys.map((key) => `${key.toUpperCase()}=${hex4(regs[key])}`).join('  ');
  return [
    row(['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp']),
    row(['cs', 'ds', 'es', 'ss', 'ip', 'flags'])
  ].join('\n');
}
