// The emulator's home in the browser: a Web Worker that owns one Machine, so a guest stuck in an endless
// loop never freezes the page. It answers each command with a `state` message (see machine-protocol.ts).
import { Machine } from '$lib/emu';
import {
  REGISTER_NAMES,
  type RegisterSnapshot,
  type WorkerCommand,
  type WorkerReply
} from './machine-protocol';

/** Instructions per slice of a run; between slices the worker yields so that Pause and Reset get through. */
const RUN_SLICE = 200_000;
/** At most ~30 state messages a second while running. */
const POST_INTERVAL_MS = 33;

/** The worker's global scope, typed here because the project's TypeScript lib is DOM, not WebWorker. */
const scope = self as unknown as {
  postMessage(message: WorkerReply): void;
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null;
};

const machine = new Machine();
let program: Uint8Array | null = null;
let steps = 0;
let stop: string | null = null;
let running = false;
/** Bumped by every command that must end a run in progress; a run slice that sees a new epoch stops. */
let runEpoch = 0;

function post(reply: WorkerReply): void {
  scope.postMessage(reply);
}

function snapshotRegisters(): RegisterSnapshot {
  const regs = machine.registers();
  const snapshot = {} as RegisterSnapshot;
  for (const name of REGISTER_NAMES) snapshot[name] = regs[name];
  return snapshot;
}

function postState(): void {
  post({ type: 'state', regs: snapshotRegisters(), steps, stop, running });
}

function loadProgram(): void {
  machine.reset();
  if (program) machine.loadCom(program);
  steps = 0;
  stop = null;
}

function startRun(): void {
  if (running || !program) return;
  running = true;
  stop = null;
  const epoch = ++runEpoch;
  let lastPost = performance.now();
  postState();

  const slice = (): void => {
    if (epoch !== runEpoch) return; // paused or reset meanwhile: that command already posted its state
    const result = machine.run(RUN_SLICE);
    steps += result.steps;
    if (result.stop !== 'budget') {
      running = false;
      stop = result.stop;
      postState();
      return;
    }
    const now = performance.now();
    if (now - lastPost >= POST_INTERVAL_MS) {
      lastPost = now;
      postState();
    }
    setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}

function endRun(reason: string | null): void {
  if (!running) return;
  running = false;
  runEpoch++;
  stop = reason;
}

async function handle(command: WorkerCommand): Promise<void> {
  switch (command.type) {
    case 'load': {
      endRun(null);
      const response = await fetch(command.url);
      if (!response.ok) throw new Error(`cannot load ${command.url}: HTTP ${response.status}`);
      program = new Uint8Array(await response.arrayBuffer());
      loadProgram();
      break;
    }
    case 'run':
      startRun();
      return; // the run posts its own states
    case 'pause':
      endRun('paused');
      break;
    case 'step': {
      if (running || !program) break;
      // The core reports 'halted' both for executing HLT and for every step after it; only the first
      // of those executed an instruction.
      const wasHalted = stop === 'halt';
      const result = machine.step();
      if (result.kind !== 'halted' || !wasHalted) steps++;
      stop = result.kind === 'halted' ? 'halt' : 'step';
      break;
    }
    case 'reset':
      endRun(null);
      loadProgram();
      break;
  }
  postState();
}

scope.onmessage = (event) => {
  handle(event.data).catch((error: unknown) => {
    running = false;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
};
