// The typed message protocol between the page and the engine in its Web Worker (DESIGN.md "How the pieces
// talk"): commands in; updates (plain snapshots with only the memory pages that changed) and events out. The same
// worker assembles the editor's text (assemble in, assembled out), so the opcode table and decoder the assembler
// and the engine share are downloaded once. Everything here is structured-clone-able.

import type {
  BreakpointSpec,
  DebugEvent,
  Diagnostic,
  ExecutionState,
  Registers,
  SourceMap,
  TargetInput,
  WatchpointSpec
} from '$lib/emu';

/** The file name the editor's one file has in diagnostics, the source map and line breakpoints. */
export const MAIN_FILE = 'main.asm';

export type Command =
  /** Assemble the editor's text (whatever the machine is doing; the machine is not touched). */
  | ({ type: 'assemble' } & AssembleRequest)
  /** Load a .COM-style image at segment:0100h (the benchmark contract); history starts again. */
  | { type: 'load'; image: Uint8Array; sourceMap?: SourceMap; segment?: number; memorySize?: number }
  /** The running program's source lines changed, not its code (an edit of comments or blank lines). */
  | { type: 'set-source'; sourceMap: SourceMap }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step'; granularity: 'into' | 'over' | 'out' }
  | { type: 'run-to'; cs: number; ip: number }
  | { type: 'step-back' }
  | { type: 'reverse-continue' }
  | { type: 'jump'; step: number }
  | { type: 'add-breakpoint'; spec: BreakpointSpec; requestId: number }
  | { type: 'remove-breakpoint'; id: number }
  | { type: 'add-watchpoint'; spec: WatchpointSpec; requestId: number }
  | { type: 'remove-watchpoint'; id: number }
  | { type: 'input'; input: TargetInput }
  /** Pace runs at this many steps a second (null: full speed); slow runs publish every step up to ~30 a second. */
  | { type: 'set-speed'; stepsPerSecond: number | null }
  /** Ask for an update now, with every non-zero page (a view that lost its mirror of memory). */
  | { type: 'refresh' };

/** One memory page that changed since the last update (4 KiB, its physical page number). */
export interface PageUpdate {
  index: number;
  bytes: Uint8Array;
}

export interface Update {
  state: ExecutionState;
  step: number;
  historyStart: number;
  historyHead: number;
  registers: Registers;
  /** Pages changed since the previous update (all non-zero pages after a load or refresh). */
  pages: PageUpdate[];
  /** Paging as the CPU has it (CR0.PG, CR3's frame), so views can translate linear addresses in their mirror. */
  paging?: { enabled: boolean; rootFrame: number };
  /** The guest's console output since the previous update; absent when there is none. */
  console?: ConsoleOutput;
  /** A run is parked in the BIOS's key wait (INT 16h) until a key is typed. */
  waitingForKey: boolean;
}

/**
 * Text the guest printed (the debug port E9h, where the BIOS's teletype copies every character), one character per
 * byte (Latin-1), control characters as printed. `replace`: this is the whole text kept (after a load or a move back
 * in history), else it follows what was sent before. `written` counts every byte since the program was loaded.
 */
export interface ConsoleOutput {
  replace: boolean;
  text: string;
  written: number;
}

export interface AssembleRequest {
  /** Echoed back, so the page can drop answers to sources it has since replaced. */
  version: number;
  source: string;
}

export interface AssembleReply {
  version: number;
  ok: boolean;
  /** The flat binary from the origin on (empty when there are errors). */
  image: Uint8Array;
  origin: number;
  diagnostics: Diagnostic[];
  sourceMap: SourceMap;
  /** The program's labels (address with the origin) for views that go to a label. */
  symbols?: { name: string; value: number; kind: 'label' | 'equ' }[];
}

export type HostMessage =
  | { type: 'assembled'; reply: AssembleReply }
  | { type: 'update'; update: Update }
  | { type: 'event'; event: DebugEvent }
  | {
      type: 'added';
      requestId: number;
      id: number | null;
      error: string | null;
      /** With an error: the spec's field at fault ('condition', 'logMessage'…) and the 1-based column in it. */
      field?: string;
      column?: number;
    }
  | { type: 'error'; message: string };

/** Publishing at most this often during full-speed runs (about 30 updates a second). */
export const UPDATE_INTERVAL_MS = 33;
/** Running slices last about this long, so a Pause waits at most that long for the engine to look up. */
export const SLICE_MS = 8;
/** Speeds the IDE offers, in steps a second (null: full speed). */
export const SPEEDS: readonly (number | null)[] = [1, 10, 100, 1000, 10_000, 100_000, null];
