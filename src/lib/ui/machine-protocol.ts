// The messages between the page (MachineView) and the emulator worker: plain, structured-clone-able data.

import { REGISTER_KEYS, type Registers } from '$lib/emu';

/** The registers the worker reports, in display order. */
export const REGISTER_NAMES = REGISTER_KEYS;
export type RegisterName = keyof Registers;
export type RegisterSnapshot = Registers;

/** Commands the page sends to the worker. */
export type WorkerCommand =
  { type: 'load'; url: string } | { type: 'run' } | { type: 'pause' } | { type: 'step' } | { type: 'reset' };

/** Why the machine last stopped: the core's run stop reason (`halt`, `breakpoint`, …), or `paused` / `step`. */
export type StopReason = string;

export interface MachineState {
  type: 'state';
  regs: RegisterSnapshot;
  /** Instructions executed since the program was loaded or reset. */
  steps: number;
  /** Null while nothing has run yet or while a run is in progress. */
  stop: StopReason | null;
  running: boolean;
}

/** Messages the worker sends back. */
export type WorkerReply = MachineState | { type: 'error'; message: string };
