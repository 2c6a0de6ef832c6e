// DebugSession: the one bridge between the IDE page and the core (STYLE.md rule 14). It owns the worker
// (src/lib/worker) that runs the debugger engine and also assembles each edit (diagnostics, image and source
// map), sends it commands, and holds its latest plain answers in $state.raw for the panels to derive their views
// from. One worker, not two, so the opcode table and decoder both need are downloaded once.

import {
  COM_SEGMENT,
  canPause,
  canRun,
  canStep,
  canStepBack,
  lineAtAddress,
  type BreakpointSpec,
  type DebugEvent,
  type SourceMap,
  type Stop,
  type Registers,
  type TargetInput
} from '$lib/emu';
import type { Command, HostMessage, Update } from '$lib/worker/protocol';
import { MAIN_FILE, type AssembleReply } from './editor/assembler-protocol';
import { MachineMemory } from './machine-memory';
import { applyOutput, renderConsole } from './panels/console-text';

/** Edits are assembled this long after the last keystroke. */
export const ASSEMBLE_DEBOUNCE_MS = 250;
/** The console keeps at most this many lines. */
const CONSOLE_LINES = 200;
/** Where the chosen run speed is kept between visits. */
export const SPEED_STORAGE_KEY = 'hyperstep:speed';

export type StepKind = 'into' | 'over' | 'out';

/** What makes a breakpoint conditional (BreakpointSpec without its location); empty fields are left out. */
export interface BreakpointOptions {
  condition?: string;
  hitCount?: number;
  logMessage?: string;
}

/** The engine's answer to a breakpoint edit: set, or refused with the field and 1-based column at fault. */
export type BreakpointEditResult =
  { ok: true } | { ok: false; field?: string; column?: number; message: string };

/** A breakpoint request in flight: its line, and for an edit, the options asked for and who waits for the answer. */
interface PendingBreakpoint {
  line: number;
  edit?: { options: BreakpointOptions; answer: (result: BreakpointEditResult) => void };
}

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
  /** The guest's console output as kept (one character per byte), and as a teletype shows it. */
  consoleRaw = $state('');
  readonly consoleText = $derived(renderConsole(this.consoleRaw));
  /** A run is parked in the BIOS's key wait: the console should be typed into. */
  readonly waitingForKey = $derived(this.update?.waitingForKey ?? false);
  /** Steps a second for runs; null is full speed. Remembered between visits. */
  speed = $state<number | null>(null);
  /** The editor's cursor line (Run to cursor goes there). */
  cursorLine = $state<number | null>(null);
  /** Conditions, hit counts and log messages of breakpoints, by line (plain breakpoints have no entry). */
  breakpointOptions = $state.raw<Readonly<Record<number, BreakpointOptions>>>({});

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
    // A halted CPU's IP is past the 1-byte HLT it executed (and may point at data or the next routine): show the
    // HLT's line then.
    const entry =
      this.state === 'halted'
        ? lineAtAddress(this.loaded.sourceMap, (registers.ip - 1) & 0xffff)
        : lineAtAddress(this.loaded.sourceMap, registers.ip);
    return entry && entry.file === MAIN_FILE ? entry.line : null;
  });

  /** A jump is on its way to the engine; #nextJump is the step asked for since (null: none). */
  #jumping = false;
  #nextJump: number | null = null;
  #engine: Worker | null = null;
  #version = 0;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #nextRequest = 1;
  /** Load the next program that assembles, even if the machine has moved (a file was opened). */
  #loadNext = false;
  /** A stop event waiting for its update. */
  #stopped: Stop | null = null;
  /** Breakpoint requests in flight, by request id: the line asked for. */
  // Bookkeeping only, never rendered, so a plain Map (not a SvelteMap) is right.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Map<number, PendingBreakpoint>();
  /** The engine's id of each line's breakpoint. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #ids = new Map<number, number>();

  /** Start the worker and assemble `source`. Call from onMount: workers exist only in the browser. */
  connect(source: string): void {
    if (this.#engine) return;
    // Vite bundles a worker only for exactly this `new Worker(new URL(…, import.meta.url))` form; the URL is a
    // one-off constant, not reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const engine = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    engine.onmessage = (event: MessageEvent<HostMessage>) => this.#onEngine(event.data);
    engine.onerror = (event) => this.#say(`The debugger failed: ${event.message || 'worker error'}`);
    this.#engine = engine;
    this.#restoreSpeed();
    this.#assemble(source);
  }

  /** The editor's text changed: assemble it once typing pauses. (The project keeps the text: project/.) */
  edit(source: string): void {
    if (this.#debounce !== null) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.#assemble(source);
    }, ASSEMBLE_DEBOUNCE_MS);
  }

  /**
   * Another file is now in the editor: its breakpoints (line numbers of the old text) go, it is assembled at
   * once, and the machine loads it as soon as it assembles, whatever the machine was doing.
   */
  open(source: string): void {
    if (this.#debounce !== null) clearTimeout(this.#debounce);
    this.#debounce = null;
    for (const id of this.#ids.values()) this.#send({ type: 'remove-breakpoint', id });
    this.#ids.clear();
    this.#pending.clear();
    this.breakpoints = [];
    this.breakpointOptions = {};
    this.#loadNext = true;
    this.#assemble(source);
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

  /** Back in time to the previous breakpoint hit (or the start of history). */
  reverseContinue(): void {
    if (this.canStepBack) this.#command({ type: 'reverse-continue' });
  }

  /** Run until the instruction of `line` (the cursor's line by default; a line without code: the next one). */
  runToCursor(line: number | null = this.cursorLine): void {
    if (!this.canRun || line === null || this.loaded === null) return;
    const address = firstAddressFrom(this.loaded.sourceMap, line);
    if (address === null) {
      this.#say(`Line ${line} has no instruction to run to, nor any line after it.`);
      return;
    }
    this.#command({ type: 'run-to', cs: COM_SEGMENT, ip: address });
  }

  /** Pace runs at `stepsPerSecond` (null: full speed), and remember the choice. */
  setSpeed(stepsPerSecond: number | null): void {
    this.speed = stepsPerSecond;
    try {
      localStorage.setItem(SPEED_STORAGE_KEY, stepsPerSecond === null ? 'full' : String(stepsPerSecond));
    } catch {
      // Storage disabled: the speed holds for this visit.
    }
    this.#send({ type: 'set-speed', stepsPerSecond });
  }

  /** A key typed into the console: to the guest's keyboard, logged by the engine for replay. */
  sendKey(input: TargetInput): void {
    if (this.update !== null) this.#send({ type: 'input', input });
  }

  /**
   * Set (or change) the breakpoint on `line` with a condition, hit count or log message. The old one stays in
   * force until the engine accepts the new one; a refusal comes back with the field and column at fault.
   */
  editBreakpoint(line: number, options: BreakpointOptions): Promise<BreakpointEditResult> {
    return new Promise((answer) => {
      if (!this.breakpoints.includes(line))
        this.breakpoints = [...this.breakpoints, line].sort((a, b) => a - b);
      const requestId = this.#nextRequest++;
      this.#pending.set(requestId, { line, edit: { options, answer } });
      this.#send({ type: 'add-breakpoint', requestId, spec: this.#spec(line, options) });
    });
  }

  /**
   * The editor moved breakpoints with an edit (lines inserted or deleted above them): `moves` pairs old and new
   * lines. The engine keeps the loaded program's lines until Reset sends them again.
   */
  moveBreakpoints(moves: readonly (readonly [number, number])[]): void {
    const moved = (line: number) => moves.find(([from]) => from === line)?.[1] ?? line;
    const options: Record<number, BreakpointOptions> = {};
    for (const [line, value] of Object.entries(this.breakpointOptions)) options[moved(Number(line))] = value;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const ids = new Map<number, number>();
    for (const [line, id] of this.#ids) {
      // Two breakpoints pushed onto one line (their lines were deleted) become one.
      if (ids.has(moved(line))) this.#send({ type: 'remove-breakpoint', id });
      else ids.set(moved(line), id);
    }
    this.#ids = ids;
    this.breakpointOptions = options;
    this.breakpoints = this.breakpoints
      .map(moved)
      .filter((line, i, all) => all.indexOf(line) === i)
      .sort((a, b) => a - b);
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
    if (this.update === null || this.canPause) return;
    // Dragging the scrubber asks for many steps a second: one jump at a time, then the latest step asked for.
    if (this.#jumping) {
      this.#nextJump = step;
      return;
    }
    this.#jumping = true;
    this.#command({ type: 'jump', step });
  }

  /** An update arrived (the answer to a jump, among others): send the step the scrubber asked for since. */
  #jumped(): void {
    this.#jumping = false;
    const next = this.#nextJump;
    this.#nextJump = null;
    if (next !== null && next !== this.update?.step) this.jump(next);
  }

  /** Ask the editor to show a source line (a disassembly row was clicked). */
  revealLine(line: number): void {
    this.revealRequest = { line };
  }

  toggleBreakpoint(line: number): void {
    if (this.breakpoints.includes(line)) {
      this.breakpoints = this.breakpoints.filter((l) => l !== line);
      const { [line]: _removed, ...rest } = this.breakpointOptions;
      this.breakpointOptions = rest;
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
    this.#engine = null;
  }

  #assemble(source: string): void {
    this.#send({ type: 'assemble', version: ++this.#version, source });
  }

  #onAssembled(reply: AssembleReply): void {
    if (reply.version !== this.#version) return; // an older edit's answer
    this.assembled = reply;
    if (!reply.ok) {
      this.stale = this.loaded !== null;
      return;
    }
    // A machine that has not moved yet takes the new program at once; otherwise Reset does.
    const fresh =
      this.#loadNext ||
      this.loaded === null ||
      (this.update !== null && this.update.step === 0 && !this.canPause);
    this.#loadNext = false;
    if (fresh) this.#load(reply);
    else if (sameBytes(reply.image, this.loaded?.image)) {
      // The same code (an edit of comments or blank lines): the machine runs on, its lines are the new ones.
      this.loaded = reply;
      this.stale = false;
      this.#send({ type: 'set-source', sourceMap: reply.sourceMap });
    } else this.stale = true;
  }

  #load(program: AssembleReply): void {
    this.#jumping = false;
    this.#nextJump = null;
    this.loaded = program;
    this.stale = false;
    this.previousRegisters = null;
    this.update = null;
    this.memory.clear();
    this.memoryVersion = this.memory.version;
    this.consoleRaw = '';
    this.#ids.clear();
    this.#pending.clear();
    // The image is copied (not transferred): the session keeps it for the next Reset.
    this.#send({ type: 'load', image: program.image.slice(), sourceMap: program.sourceMap });
    for (const line of this.breakpoints) this.#addBreakpoint(line);
  }

  #addBreakpoint(line: number): void {
    const requestId = this.#nextRequest++;
    this.#pending.set(requestId, { line });
    this.#send({ type: 'add-breakpoint', requestId, spec: this.#spec(line, this.breakpointOptions[line]) });
  }

  #spec(line: number, options: BreakpointOptions = {}): BreakpointSpec {
    return { location: { kind: 'line', file: MAIN_FILE, line }, ...options };
  }

  #restoreSpeed(): void {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(SPEED_STORAGE_KEY);
    } catch {
      // Storage disabled: full speed.
    }
    const value = saved === null || saved === 'full' ? null : Number(saved);
    if (value === null || (Number.isFinite(value) && value > 0)) this.setSpeed(value);
  }

  /** The engine answered an edit: the new breakpoint replaces the old, or the old stays and the dialog hears why. */
  #edited(
    pending: PendingBreakpoint & { edit: object },
    message: Extract<HostMessage, { type: 'added' }>
  ): void {
    const { line, edit } = pending;
    const old = this.#ids.get(line);
    if (message.id === null) {
      if (old === undefined) this.breakpoints = this.breakpoints.filter((l) => l !== line);
      edit.answer({
        ok: false,
        field: message.field,
        column: message.column,
        message: message.error ?? 'refused'
      });
      return;
    }
    if (old !== undefined) this.#send({ type: 'remove-breakpoint', id: old });
    this.#ids.set(line, message.id);
    const { [line]: _previous, ...rest } = this.breakpointOptions;
    const set = Object.values(edit.options).some((value) => value !== undefined && value !== '');
    this.breakpointOptions = set ? { ...rest, [line]: edit.options } : rest;
    edit.answer({ ok: true });
  }

  #onEngine(message: HostMessage): void {
    switch (message.type) {
      case 'assembled':
        this.#onAssembled(message.reply);
        return;
      case 'update': {
        this.memory.setPaging(message.update.paging);
        if (this.memory.apply(message.update.pages)) this.memoryVersion = this.memory.version;
        if (message.update.console) this.consoleRaw = applyOutput(this.consoleRaw, message.update.console);
        this.update = message.update;
        this.#jumped();
        // Stop events come just before the update that shows where the machine stopped.
        if (this.#stopped !== null) this.#describe(this.#stopped);
        this.#stopped = null;
        return;
      }
      case 'event':
        this.#onEvent(message.event);
        return;
      case 'added': {
        const pending = this.#pending.get(message.requestId);
        this.#pending.delete(message.requestId);
        if (pending === undefined) return;
        if (pending.edit) {
          this.#edited({ ...pending, edit: pending.edit }, message);
          return;
        }
        const line = pending.line;
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
        // A refused jump has no update to answer it.
        this.#jumping = false;
        this.#nextJump = null;
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
    else if (stop.reason === 'done')
      this.#say(`Reached${where || ' the place asked for'}, step ${stop.step}.`);
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

/** The first address of `line` in the main file, or of the nearest line after it that has code; null if none. */
function firstAddressFrom(map: SourceMap, line: number): number | null {
  let best: { line: number; address: number } | null = null;
  for (const entry of map.entries) {
    if (entry.file !== MAIN_FILE || entry.line < line) continue;
    if (best === null || entry.line < best.line || (entry.line === best.line && entry.address < best.address))
      best = { line: entry.line, address: entry.address };
  }
  return best?.address ?? null;
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
