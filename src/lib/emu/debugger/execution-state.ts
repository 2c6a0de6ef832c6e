// The execution state of a debugged machine, as an explicit state machine (STYLE.md rule 7): buttons ask
// canStep/canRun/canPause/canStepBack; they never look at CPU internals. Transitions are a table, so an event
// that makes no sense in a state is refused rather than half-done.

/**
 * 'empty': nothing loaded. 'paused': stopped between instructions (after a step, a breakpoint, a pause).
 * 'running': a run goal is in progress (continue, step over/out, run to cursor). 'halted': the CPU executed HLT
 * and waits for an interrupt. 'shutdown': a fault while delivering a fault stopped the CPU until reset.
 */
export type ExecutionState = 'empty' | 'paused' | 'running' | 'halted' | 'shutdown';

export type ExecutionEvent =
  | 'load' // a program was loaded (or the machine reset)
  | 'run' // a run goal started
  | 'step' // one step ran (and the CPU is not halted)
  | 'stop' // a goal finished or was paused, the CPU not halted
  | 'halt' // the CPU is halted after the last step or run
  | 'shutdown' // the CPU has shut down
  | 'rewind'; // history moved the machine to another step (step back, jump)

const TRANSITIONS: Record<ExecutionState, Partial<Record<ExecutionEvent, ExecutionState>>> = {
  empty: { load: 'paused' },
  paused: {
    load: 'paused',
    run: 'running',
    step: 'paused',
    halt: 'halted',
    shutdown: 'shutdown',
    rewind: 'paused'
  },
  running: { stop: 'paused', halt: 'halted', shutdown: 'shutdown' },
  // A halted CPU may still be stepped or run: an interrupt can wake it (with a board attached).
  halted: {
    load: 'paused',
    run: 'running',
    step: 'paused',
    halt: 'halted',
    shutdown: 'shutdown',
    rewind: 'paused'
  },
  shutdown: { load: 'paused', rewind: 'paused' }
};

/** The state after an event, or null when the event is not allowed in this state. */
export function transition(state: ExecutionState, event: ExecutionEvent): ExecutionState | null {
  return TRANSITIONS[state][event] ?? null;
}

/** Whether Step (into, over, out) may be pressed. */
export function canStep(state: ExecutionState): boolean {
  return transition(state, 'step') !== null;
}

/** Whether Continue / Run to cursor may be pressed. */
export function canRun(state: ExecutionState): boolean {
  return transition(state, 'run') !== null;
}

export function canPause(state: ExecutionState): boolean {
  return state === 'running';
}

/** Whether Step back / Reverse continue may be pressed: not while running, and only with history behind. */
export function canStepBack(state: ExecutionState, step: number, historyStart: number): boolean {
  return transition(state, 'rewind') !== null && step > historyStart;
}
