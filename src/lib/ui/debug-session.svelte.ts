// DebugSession: the one bridge between the IDE page and the core (STYLE.md rule 14). It owns two workers — the
// assembler (diagnostics, image and source map for each edit) and the debugger engine (src/lib/worker) — sends
// them commands, and holds their latest plain answers in $state.raw for the panels to derive their views from.

import {
  COM_SEGMENT,
  canPause,
  canRun,
  canStep,
  canStepBack,
  lineAtAddress,
  type DebugEvent,
  type Stop,
  type Registers
} from '$lib/emu';
import type { Command, HostMessage, Update } from '$lib/worker/protocol';
import { MAIN_FILE, type AssembleReply, type AssembleRequest } from './editor/assembler-protocol';
import { MachineMemory } from './machine-memory';

/** Where the learner's code is kept between visits. */
export const SOURCE_STORAGE_KEY = 'hyperstep:source:main.asm';
/** Edits are assembled this long after the last keystroke. */
export const ASSEMBLE_DEBOUNCE_MS = 250;
/** The console keeps at most this many lines. */
const CONSOLE_LINES = 200;

export type StepKind = 'into' | 'over' | 'out';

export class DebugSession {
  /** The latest assembly of the editor's text (null until the first answer). */
  assembled = $state.raw<AssembleReply | null>(null);
  /** The assembly the machine runs (it stays when an edit does not assemble). */
  loaded = $state.raw<AssembleReply | null>(null);
  /** The engine's latest update, and the registers before the last command (to mark what it changed). */
  update = $state.raw<Update | null>(null);
  previousRegisters = $state.raw<Registers | null>(null);
  /** 1-based source lines with a breakpoint. */
  breakpoints = $state.raw<readonly number[]>([]);
  /** Messages for the console panel: stops, log points, errors. */
  messages = $state.raw<readonly string[]>([]);
  /** True when the editor's text differs from the program the machine runs (Reset loads it). */
  stale = $state(false);
  /** The page's mirror of guest memory (plain, not reactive: memoryVersion changes when it does). */
  readonly memory = new MachineMemory();
  memoryVersion = $state(0);
  /** A source line a panel asked the editor to show (a new object each time, so the same line can be asked again). */
  revealRequest = $state.raw<{ line: number } | null>(null);

  readonly state = $derived(this.update?.state ?? 'empty');
  readonly canRun = $derived(canRun(this.state));
  readonly canStep = $derived(canStep(this.state));
  readonly canPause = $derived(canPause(this.state));
  /** Memory and registers can be edited by hand (sent as outside inputs, so history stays right). */
  readonly canEdit = $derived(this.state === 'paused' || this.state === 'halted');
  readonly canStepBack = $derived(
    this.update !== null && canStepBack(this.state, this.update.step, this.update.historyStart)
  );
  /** The source line of the instruction at CS:IP, when the program's segment runs. */
  readonly currentLine = $derived.by(() => {
    const registers = this.update?.registers;
    if (!registers || !this.loaded || registers.cs !== COM_SEGMENT) return null;
    // A halted CPU's IP is past its 1-byte HLT: show the HLT's line then.
    const entry =
      lineAtAddress(this.loaded.sourceMap, registers.ip) ??
      (this.state === 'halted' ? lineAtAddress(this.loaded.sourceMap, (registers.ip - 1) & 0xffff) : null);
    return entry && entry.file === MAIN_FILE ? entry.line : null;
  });

  #engine: Worker | null = null;
  #assembler: Worker | null = null;
  #version = 0;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #nextRequest = 1;
  /** A stop event waiting for its update. */
  #stopped: Stop | null = null;
  /** Breakpoint requests in flight, by request id: the line asked for. */
  // Bookkeeping only, never rendered, so a plain Map (not a SvelteMap) is right.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Map<number, number>();
  /** The engine's id of each line's breakpoint. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #ids = new Map<number, number>();

  /** Start both workers and assemble `source`. Call from onMount: workers exist only in the browser. */
  connect(source: string): void {
    if (this.#engine) return;
    // Vite bundles a worker only for exactly this `new Worker(new URL(…, import.meta.url))` form; the URLs are
    // one-off constants, not reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const engine = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const assembler = new Worker(new URL('./editor/assembler.worker.ts', import.meta.url), {
      type: 'module'
    });
    engine.onmessage = (event: MessageEvent<HostMessage>) => this.#onEngine(event.data);
    engine.onerror = (event) => this.#say(`The debugger failed: ${event.message || 'worker error'}`);
    assembler.onmessage = (event: MessageEvent<AssembleReply>) => this.#onAssembled(event.data);
    assembler.onerror = (event) => this.#say(`The assembler failed: ${event.message || 'worker error'}`);
    this.#engine = engine;
    this.#assembler = assembler;
    this.#assemble(source);
  }

  /** The editor's text changed: keep it, and assemble it once typing pauses. */
  edit(source: string): void {
    try {
      localStorage.setItem(SOURCE_STORAGE_KEY, source);
    } catch {
      // Storage full or disabled: the edit still works, it just is not kept.
    }
    if (this.#debounce !== null) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.#assemble(source);
    }, ASSEMBLE_DEBOUNCE_MS);
  }

  run(): void {
    if (this.canRun) this.#command({ type: 'run' });
  }

  pause(): void {
    if (this.canPause) this.#send({ type: 'pause' });
  }

  step(granularity: StepKind): void {
    if (this.canStep) this.#command({ type: 'step', granularity });
  }

  stepBack(): void {
    if (this.canStepBack) this.#command({ type: 'step-back' });
  }

  /** Load the latest program that assembled (the edited one, if it assembles) and start again. */
  reset(): void {
    const program = this.assembled?.ok ? this.assembled : this.loaded;
    if (program) this.#load(program);
  }

  /** Write bytes at a linear address (while paused): an outside input the engine logs for replay. */
  poke(address: number, bytes: number[]): void {
    if (this.canEdit) this.#command({ type: 'input', input: { kind: 'poke', address, bytes } });
  }

  /** Set registers by hand (while paused), as an outside input. */
  setRegisters(values: Partial<Registers>): void {
    if (this.canEdit) this.#command({ type: 'input', input: { kind: 'registers', values } });
  }

  /** Go to a step of the history (the timeline's scrubber). */
  jump(step: number): void {
    if (this.update !== null && !this.canPause) this.#command({ type: 'jump', step });
  }

  /** Ask the editor to show a source line (a disassembly row was clicked). */
  revealLine(line: number): void {
    this.revealRequest = { line };
  }

  toggleBreakpoint(line: number): void {
    if (this.breakpoints.includes(line)) {
      this.breakpoints = this.breakpoints.filter((l) => l !== line);
      const id = this.#ids.get(line);
      this.#ids.delete(line);
      if (id !== undefined) this.#send({ type: 'remove-breakpoint', id });
    } else {
      this.breakpoints = [...this.breakpoints, line].sort((a, b) => a - b);
      this.#addBreakpoint(line);
    }
  }

  dispose(): void {
    if (this.#debounce !== null) clearTimeout(this.#debounce);
    this.#engine?.terminate();
    this.#assembler?.terminate();
    this.#engine = null;
    this.#assembler = null;
  }

  #assemble(source: string): void {
    const request: AssembleRequest = { version: ++this.#version, source };
    this.#assembler?.postMessage(request);
  }

  #onAssembled(reply: AssembleReply): void {
    if (reply.version !== this.#version) return; // an older edit's answer
    this.assembled = reply;
    if (!reply.ok) {
      this.stale = this.loaded !== null;
      return;
    }
    // A machine that has not moved yet takes the new program at once; otherwise Reset does.
    const fresh = this.loaded === null || (this.update !== null && this.update.step === 0 && !this.canPause);
    if (fresh) this.#load(reply);
    else this.stale = !sameBytes(reply.image, this.loaded?.image);
  }

  #load(program: AssembleReply): void {
    this.loaded = program;
    this.stale = false;
    this.previousRegisters = null;
    this.update = null;
    this.memory.clear();
    this.memoryVersion = this.memory.version;
    this.#ids.clear();
    this.#pending.clear();
    // The image is copied (not transferred): the session keeps it for the next Reset.
    this.#send({ type: 'load', image: program.image.slice(), sourceMap: program.sourceMap });
    for (const line of this.breakpoints) this.#addBreakpoint(line);
  }

  #addBreakpoint(line: number): void {
    const requestId = this.#nextRequest++;
    this.#pending.set(requestId, line);
    this.#send({
      type: 'add-breakpoint',
      requestId,
      spec: { location: { kind: 'line', file: MAIN_FILE, line } }
    });
  }

  #onEngine(message: HostMessage): void {
    switch (message.type) {
      case 'update': {
        this.memory.setPaging(message.update.paging);
        if (this.memory.apply(message.update.pages)) this.memoryVersion = this.memory.version;
        this.update = message.update;
        // Stop events come just before the update that shows where the machine stopped.
        if (this.#stopped !== null) this.#describe(this.#stopped);
        this.#stopped = null;
        return;
      }
      case 'event':
        this.#onEvent(message.event);
        return;
      case 'added': {
        const line = this.#pending.get(message.requestId);
        this.#pending.delete(message.requestId);
        if (line === undefined) return;
        if (message.id !== null) {
          this.#ids.set(line, message.id);
        } else {
          this.breakpoints = this.breakpoints.filter((l) => l !== line);
          this.#say(`No breakpoint on line ${line}: ${message.error ?? 'no instruction there'}`);
        }
        return;
      }
      case 'error':
        this.#say(message.message);
        return;
    }
  }

  #onEvent(event: DebugEvent): void {
    if (event.kind === 'log') {
      this.#say(event.message);
      return;
    }
    this.#stopped = event.stop;
  }

  #describe(stop: Stop): void {
    const where = this.currentLine === null ? '' : ` on line ${this.currentLine}`;
    if (stop.reason === 'breakpoint') this.#say(`Stopped at a breakpoint${where}, step ${stop.step}.`);
    else if (stop.reason === 'halt') this.#say(`The CPU executed HLT after ${stop.step} steps.`);
    else if (stop.reason === 'pause') this.#say(`Paused at step ${stop.step}${where}.`);
    else if (stop.reason === 'history-start') this.#say('Back at the start of the history.');
    else if (stop.reason === 'shutdown') this.#say('The CPU shut down (a fault while handling a fault).');
  }

  #say(message: string): void {
    this.messages = [...this.messages, message].slice(-CONSOLE_LINES);
  }

  /** Send a command that moves the machine; what it changes is marked against the registers from before it. */
  #command(command: Command): void {
    this.previousRegisters = this.update?.registers ?? null;
    this.#send(command);
  }

  #send(command: Command): void {
    this.#engine?.postMessage(command);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
