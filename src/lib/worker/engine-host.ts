// The engine's host inside a worker: it owns the machine and the debugger engine, answers commands, runs goals in
// time slices (so a Pause is read between two slices, within about SLICE_MS), and publishes updates at most
// every UPDATE_INTERVAL_MS with only the memory pages that changed. The environment (postMessage, the clock, a
// way to yield to the message queue) is passed in, so the same host runs in a Web Worker and under Node.

import { COM_SEGMENT, DebugEngine, Machine, MachineTarget, PAGE_SIZE, type DebugEvent } from '$lib/emu';
import { SLICE_MS, UPDATE_INTERVAL_MS, type Command, type HostMessage, type PageUpdate } from './protocol';

export interface HostEnvironment {
  post(message: HostMessage, transfer?: ArrayBuffer[]): void;
  /** Milliseconds from some fixed origin (performance.now()): the wall clock lives here, not in the core. */
  now(): number;
  /** Call back soon, after messages already queued have been handled (MessageChannel, setImmediate). */
  defer(callback: () => void): void;
}

/** Steps in the first slice of a run; later slices are sized from the measured speed. */
const FIRST_SLICE_STEPS = 20_000;

export class EngineHost {
  private machine: Machine | null = null;
  private engine: DebugEngine | null = null;
  /** The memory as last published, page by page, to find the pages that changed. */
  private mirror = new Int32Array(0);
  private lastPublish = 0;
  private sliceSteps = FIRST_SLICE_STEPS;
  private ticking = false;

  constructor(private readonly env: HostEnvironment) {}

  handle(command: Command): void {
    try {
      this.dispatch(command);
    } catch (error) {
      this.env.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private dispatch(command: Command): void {
    if (command.type === 'load') {
      const machine = new Machine(command.memorySize ? { memorySize: command.memorySize } : {});
      const segment = command.segment ?? COM_SEGMENT;
      machine.loadCom(command.image, segment);
      this.machine = machine;
      this.engine = new DebugEngine(new MachineTarget(machine));
      if (command.sourceMap) this.engine.setSource(command.sourceMap, segment);
      this.mirror = new Int32Array(machine.memory.size >> 2);
      this.publish();
      return;
    }
    const engine = this.engine;
    if (engine === null) throw new Error(`'${command.type}' before a program was loaded`);
    switch (command.type) {
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
        break;
      case 'step-back':
        engine.stepBack();
        break;
      case 'reverse-continue':
        engine.reverseContinue();
        break;
      case 'jump':
        engine.jumpTo(command.step);
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
        break;
      case 'refresh':
        this.mirror.fill(0);
        break;
    }
    this.publish();
  }

  private startGoal(started: boolean): void {
    if (!started) {
      this.env.post({ type: 'error', message: `not possible while ${this.engine?.state}` });
      return;
    }
    if (!this.ticking) {
      this.ticking = true;
      this.env.defer(() => this.tick());
    }
  }

  /** One time slice of the goal in progress, then yield (so a Pause can arrive), and go on. */
  private tick(): void {
    this.ticking = false;
    const engine = this.engine;
    if (engine === null || !engine.running) return;
    const started = this.env.now();
    let stopped = false;
    while (this.env.now() - started < SLICE_MS) {
      const before = engine.step;
      const chunkStart = this.env.now();
      const stop = engine.runSlice(this.sliceSteps);
      const elapsed = this.env.now() - chunkStart;
      // Aim each chunk at a quarter of a slice, so the clock is read often enough to keep slices short.
      const ran = Math.max(1, engine.step - before);
      if (elapsed > 0)
        this.sliceSteps = Math.max(1000, Math.min(5_000_000, Math.round((ran * (SLICE_MS / 4)) / elapsed)));
      if (stop !== null) {
        stopped = true;
        break;
      }
    }
    if (stopped || this.env.now() - this.lastPublish >= UPDATE_INTERVAL_MS) this.publish();
    if (!stopped) {
      this.ticking = true;
      this.env.defer(() => this.tick());
    }
  }

  /** Post the events so far and an update with the pages that changed since the last one. */
  private publish(): void {
    const engine = this.engine;
    const machine = this.machine;
    if (engine === null || machine === null) return;
    for (const event of engine.takeEvents()) this.postEvent(event);
    const pages = this.changedPages(machine.memory.bytes);
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
          paging: { enabled: machine.bus.paging.enabled, rootFrame: machine.bus.paging.config.rootFrame }
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
