// `run FILE --break LABEL|ADDR --trace out.csv|out.json`: the program runs under the debugger engine, stops at
// the first breakpoint it reaches (or HLT, or the step limit), and optionally writes a trace of every step
// (registers changed, memory written, port I/O, interrupts) for graders and scripts.
//
// Breakpoint forms: a label of the program (`addone`), an offset in the program's segment (`0x123`, `123h`),
// CS:IP (`1000:0123`), or a source line (`prog.asm:12`). Several may be given, separated by commas.

import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  COM_SEGMENT,
  DebugEngine,
  MachineTarget,
  TraceRecorder,
  type AssembleResult,
  type BreakpointSpec,
  type Machine,
  type Stop
} from '$lib/emu';

export interface DebugRunOptions {
  /** Breakpoint specifications (see the file header). */
  breaks: string[];
  /** Write the trace here: .csv or .json. */
  trace?: string;
  maxSteps: number;
}

export interface DebugRunResult {
  stop: Stop;
  /** 'breakpoint' stops name the breakpoint's spec as given. */
  breakpoint?: string;
  traced: number;
}

/** Parse a number as the CLI takes addresses: 0x1F, 1Fh (hex) or decimal. */
export function parseAddress(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9][0-9a-f]*h$/.test(t)) return parseInt(t.slice(0, -1), 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return null;
}

function parseHex(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/^0x/, '').replace(/h$/, '');
  return /^[0-9a-f]{1,4}$/.test(t) ? parseInt(t, 16) : null;
}

/** A breakpoint spec from its command-line form, or an error message. */
export function breakpointFromArg(text: string, program: AssembleResult | null): BreakpointSpec | string {
  const line = /^(.+\.(?:asm|inc|s)):(\d+)$/i.exec(text);
  if (line) return { location: { kind: 'line', file: line[1], line: Number(line[2]) } };
  const pair = /^([^:]+):([^:]+)$/.exec(text);
  if (pair) {
    // SEGMENT:OFFSET is hexadecimal, as debuggers have always written it (DEBUG.COM, CodeView).
    const segment = parseHex(pair[1]);
    const offset = parseHex(pair[2]);
    if (segment === null || offset === null)
      return `--break ${text}: expected SEGMENT:OFFSET in hex, e.g. 1000:0123`;
    return { location: { kind: 'segmented', segment, offset } };
  }
  const symbol = program?.symbols.find((s) => s.name === text && s.kind === 'label');
  if (symbol) return { location: { kind: 'segmented', segment: COM_SEGMENT, offset: symbol.value } };
  const offset = parseAddress(text);
  if (offset !== null) return { location: { kind: 'segmented', segment: COM_SEGMENT, offset } };
  return program
    ? `--break ${text}: no such label in the program, and not an address`
    : `--break ${text}: not an address (labels need a .asm file)`;
}

/**
 * Run a loaded machine under the engine. Throws with a clear message for a bad --break or --trace (the CLI prints
 * it); everything else is in the result.
 */
export function debugRun(
  machine: Machine,
  program: AssembleResult | null,
  options: DebugRunOptions
): DebugRunResult {
  const engine = new DebugEngine(new MachineTarget(machine));
  if (program) engine.setSource(program.sourceMap, COM_SEGMENT);
  const names = new Map<number, string>();
  for (const text of options.breaks) {
    const spec = breakpointFromArg(text, program);
    if (typeof spec === 'string') throw new Error(spec);
    const result = engine.addBreakpoint(spec);
    if (!result.ok) throw new Error(`--break ${text}: ${result.error.message}`);
    names.set(result.breakpoint.id, text);
  }
  let format: 'csv' | 'json' | null = null;
  if (options.trace !== undefined) {
    const extension = extname(options.trace).toLowerCase();
    if (extension !== '.csv' && extension !== '.json') {
      throw new Error(`--trace ${options.trace}: the file must end in .csv or .json`);
    }
    format = extension === '.csv' ? 'csv' : 'json';
    engine.trace = new TraceRecorder();
  }
  const stop = engine.continue(options.maxSteps);
  if (engine.trace && options.trace) {
    writeFileSync(options.trace, format === 'csv' ? engine.trace.toCsv() : engine.trace.toJson() + '\n');
  }
  const breakpoint = stop.breakpoint !== undefined ? names.get(stop.breakpoint) : undefined;
  return { stop, breakpoint, traced: engine.trace?.records.length ?? 0 };
}
