// The engine's host inside a worker: it owns the machine (with the PC device board and the BIOS, as the CLI's
// `run` has them) and the debugger engine, answers commands, runs goals in time slices (so a Pause is read between
// two slices, within about SLICE_MS) at full speed or paced to a chosen number of steps a second, and publishes
// updates at most every UPDATE_INTERVAL_MS (every step at slow speeds) with only the memory pages that changed
// and the console text that is new. A run parked in the BIOS's key wait stops spinning until a key arrives.
// It also assembles the editor's text on request (between two slices of a run; the machine is not touched).
// The environment (postMessage, the clock, ways to yield) is passed in, so the same host runs in a Web Worker and
// under Node.

import {
  COM_SEGMENT,
  DebugEngine,
  Machine,
  MachineTarget,
  PAGE_SIZE,
  loadComWithBios,
  type DebugEvent
} from '$lib/emu';
import { assembleRequest } from './assemble';
import { CONSOLE_KEEP_BYTES, consoleOutput, waitingForKey } from './guest-io';
import {
  SLICE_MS,
  UPDATE_INTERVAL_MS,
  type AssembleReply,
  type Command,
  type HostMessage,
  type PageUpdate
} from './protocol';

export interface HostEnvironment {
  post(message: HostMessage, transfer?: ArrayBuffer[]): void;
  /** Milliseconds from some fixed origin (performance.now()): the wall clock lives here, not in the core. */
  now(): number;
  /** Call back soon, after messages already queued have been handled (MessageChannel, setImmediate). */
  defer(callback: () => void): void;
  /** Call back after about `ms` milliseconds (setTimeout): slow runs wait here. Without it, defer() is polled. */
  after?(ms: number, callback: () => void): void;
}

/** Steps in the first slice of a run; later slices are sized from the measured speed. */
const FIRST_SLICE_STEPS = 20_000;
/** A paced run that fell behind (a slow page, a breakpoint dialog) catches up at most this much at once. */
const MAX_BACKLOG_MS = 100;

export class EngineHost {
  private machine: Machine | null = null;
  /** The segment the loaded image runs in (source lines resolve there). */
  private segment = COM_SEGMENT;
  private engine: DebugEngine | null = null;
  /** The memory as last published, page by page, to find the pages that changed. */
  private mirror = new Int32Array(0);
  private lastPublish = 0;
  private sliceSteps = FIRST_SLICE_STEPS;
  /** The scheduled tick's number: a tick whose number is not this one was overtaken and does nothing. */
  private tickToken = 0;
  private tickPending = false;
  /** Steps a second for runs, or null for full speed; and the pacing's origin (time, steps run since). */
  private speed: number | null = null;
  private paceStart = 0;
  private paceSteps = 0;
  /** The run is parked in the guest's key wait (no ticks until a key or a pause). */
  private waiting = false;
  /** Console bytes the view has (the device's count), and whether it must get the whole text again. */
  private consoleShown = 0;
  private consoleResync = true;

  constructor(private readonly env: HostEnvironment) {}

  handle(command: Command): void {
    try {
      this.dispatch(command);
    } catch (error) {
      this.env.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private dispatch(command: Command): void {
    if (command.type === 'assemble') {
      this.assemble(command);
      return;
    }
    if (command.type === 'load') {
      this.load(command);
      return;
    }
    if (command.type === 'set-speed') {
      this.speed = command.stepsPerSecond;
      this.restartPacing();
      if (this.engine?.running && !this.waiting) this.schedule(0);
      return;
    }
    const engine = this.engine;
    if (engine === null) throw new Error(`'${command.type}' before a program was loaded`);
    switch (command.type) {
      case 'set-source':
        engine.setSource(command.sourceMap, this.segment);
        return;
      case 'run':
        this.startGoal(engine.start('continue'));
        return;
      case 'run-to':
        this.startGoal(engine.start({ runTo: { cs: command.cs, ip: command.ip } }));
        return;
      case 'step':
        this.startGoal(
          engine.start(
            command.granularity === 'into'
              ? 'step-into'
              : command.granularity === 'over'
                ? 'step-over'
                : 'step-out'
          )
        );
        return;
      case 'pause':
        if (engine.running) engine.pause();
        this.waiting = false;
        break;
      case 'step-back':
        engine.stepBack();
        this.consoleResync = true;
        break;
      case 'reverse-continue':
        engine.reverseContinue();
        this.consoleResync = true;
        break;
      case 'jump':
        engine.jumpTo(command.step);
        this.consoleResync = true;
        break;
      case 'add-breakpoint': {
        const result = engine.addBreakpoint(command.spec);
        this.env.post(
          result.ok
            ? { type: 'added', requestId: command.requestId, id: result.breakpoint.id, error: null }
            : {
                type: 'added',
                requestId: command.requestId,
                id: null,
                error: result.error.message,
                field: result.error.field,
                column: result.error.column
              }
        );
        return;
      }
      case 'remove-breakpoint':
        engine.breakpoints.remove(command.id);
        return;
      case 'add-watchpoint': {
        const result = engine.addWatchpoint(command.spec);
        this.env.post({
          type: 'added',
          requestId: command.requestId,
          id: result.ok ? result.watchpoint.id : null,
          error: result.ok ? null : result.message
        });
        return;
      }
      case 'remove-watchpoint':
        engine.watchpoints.remove(command.id);
        return;
      case 'input':
        engine.input(command.input);
        // A key ends a key wait: the run goes on (the guest reads the key at once).
        if (this.waiting && engine.running) {
          this.waiting = false;
          this.restartPacing();
          this.schedule(0);
        }
        break;
      case 'refresh':
        this.mirror.fill(0);
        this.consoleResync = true;
        break;
    }
    this.publish();
  }

  /** Assemble the editor's text; the image's buffer is handed over (the reply is the only one holding it). */
  private assemble(command: Extract<Command, { type: 'assemble' }>): void {
    let reply: AssembleReply;
    try {
      reply = assembleRequest(command);
    } catch (error) {
      throw new Error(`The assembler failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error
      });
    }
    this.env.post({ type: 'assembled', reply }, [reply.image.buffer as ArrayBuffer]);
  }

  /** A .COM image at segment:0100h over the BIOS's fast boot, on a machine with the PC device board. */
  private load(command: Extract<Command, { type: 'load' }>): void {
    const machine = new Machine({
      ...(command.memorySize ? { memorySize: command.memorySize } : {}),
      board: { consoleLimit: CONSOLE_KEEP_BYTES }
    });
    const segment = command.segment ?? COM_SEGMENT;
    this.segment = segment;
    if (segment === COM_SEGMENT) loadComWithBios(machine, command.image);
    else machine.loadCom(command.image, segment);
    this.machine = machine;
    this.engine = new DebugEngine(new MachineTarget(machine));
    if (command.sourceMap) this.engine.setSource(command.sourceMap, segment);
    this.mirror = new Int32Array(machine.memory.size >> 2);
    this.tickToken++;
    this.tickPending = false;
    this.waiting = false;
    this.consoleShown = 0;
    this.consoleResync = true;
    this.publish();
  }

  private startGoal(started: boolean): void {
    if (!started) {
      this.env.post({ type: 'error', message: `not possible while ${this.engine?.state}` });
      return;
    }
    this.waiting = false;
    this.restartPacing();
    if (!this.tickPending) this.schedule(0);
  }

  private restartPacing(): void {
    this.paceStart = this.env.now();
    this.paceSteps = 0;
  }

  /** Run tick() after `delay` ms (0: after the messages already queued), overtaking any tick scheduled before. */
  private schedule(delay: number): void {
    const token = ++this.tickToken;
    this.tickPending = true;
    const run = () => {
      if (token !== this.tickToken) return;
      this.tickPending = false;
      this.tick();
    };
    if (delay > 0 && this.env.after) this.env.after(delay, run);
    else this.env.defer(run);
  }

  /** One time slice of the goal in progress, then yield (so a Pause can arrive), and go on. */
  private tick(): void {
    const engine = this.engine;
    if (engine === null || !engine.running) return;
    const before = engine.step;
    const stopped = this.speed === null ? this.runFull(engine) : this.runPaced(engine, this.speed);
    // Slow enough to watch: every step that ran is published.
    const everyStep =
      this.speed !== null && this.speed <= 1000 / UPDATE_INTERVAL_MS && engine.step !== before;
    if (!stopped && this.machine !== null && waitingForKey(this.machine)) {
      // Parked: nothing changes until a key arrives, so stop spinning (a key or a pause wakes the host).
      this.waiting = true;
      this.publish();
      return;
    }
    const moved = engine.step !== before;
    if (stopped || everyStep || (moved && this.env.now() - this.lastPublish >= UPDATE_INTERVAL_MS))
      this.publish();
    if (stopped) return;
    if (this.speed === null) {
      this.schedule(0);
    } else {
      const nextDue = ((this.paceSteps + 1) * 1000) / this.speed;
      this.schedule(Math.max(0, Math.ceil(nextDue - (this.env.now() - this.paceStart))));
    }
  }

  /** Full speed: run chunks for about SLICE_MS. Returns whether the goal ended. */
  private runFull(engine: DebugEngine): boolean {
    const started = this.env.now();
    while (this.env.now() - started < SLICE_MS) {
      const before = engine.step;
      const chunkStart = this.env.now();
      const stop = engine.runSlice(this.sliceSteps);
      const elapsed = this.env.now() - chunkStart;
      // Aim each chunk at a quarter of a slice, so the clock is read often enough to keep slices short.
      const ran = Math.max(1, engine.step - before);
      if (elapsed > 0)
        this.sliceSteps = Math.max(1000, Math.min(5_000_000, Math.round((ran * (SLICE_MS / 4)) / elapsed)));
      if (stop !== null) return true;
      if (this.machine !== null && waitingForKey(this.machine)) return false;
    }
    return false;
  }

  /** Paced: run the steps that are due by the clock (a backlog is forgiven). Returns whether the goal ended. */
  private runPaced(engine: DebugEngine, speed: number): boolean {
    let elapsed = this.env.now() - this.paceStart;
    if (elapsed - (this.paceSteps * 1000) / speed > MAX_BACKLOG_MS) {
      this.paceStart = this.env.now() - (this.paceSteps * 1000) / speed - MAX_BACKLOG_MS;
      elapsed = this.env.now() - this.paceStart;
    }
    const due = Math.floor((elapsed * speed) / 1000) - this.paceSteps;
    if (due <= 0) return false;
    this.paceSteps += due;
    return engine.runSlice(due) !== null;
  }

  /** Post the events so far and an update with the pages and console text that changed since the last one. */
  private publish(): void {
    const engine = this.engine;
    const machine = this.machine;
    if (engine === null || machine === null) return;
    for (const event of engine.takeEvents()) this.postEvent(event);
    const pages = this.changedPages(machine.memory.bytes);
    const output = consoleOutput(machine, this.consoleShown, this.consoleResync);
    if (output !== null) this.consoleShown = output.written;
    this.consoleResync = false;
    this.lastPublish = this.env.now();
    this.env.post(
      {
        type: 'update',
        update: {
          state: engine.state,
          step: engine.step,
          historyStart: engine.history.start,
          historyHead: engine.history.head,
          registers: machine.registers(),
          pages,
          paging: { enabled: machine.bus.paging.enabled, rootFrame: machine.bus.paging.config.rootFrame },
          ...(output !== null ? { console: output } : {}),
          waitingForKey: this.waiting && engine.running
        }
      },
      pages.map((page) => page.bytes.buffer as ArrayBuffer)
    );
  }

  private postEvent(event: DebugEvent): void {
    this.env.post({ type: 'event', event });
  }

  private changedPages(bytes: Uint8Array): PageUpdate[] {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
    const mirror = this.mirror;
    const perPage = PAGE_SIZE >> 2;
    const pages: PageUpdate[] = [];
    for (let start = 0; start < words.length; start += perPage) {
      let same = true;
      for (let i = start; i < start + perPage; i++) {
        if (words[i] !== mirror[i]) {
          same = false;
          break;
        }
      }
      if (same) continue;
      mirror.set(words.subarray(start, start + perPage), start);
      pages.push({ index: start / perPage, bytes: bytes.slice(start * 4, (start + perPage) * 4) });
    }
    return pages;
  }
}
