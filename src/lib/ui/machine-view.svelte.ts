// MachineView: the one bridge between the Svelte UI and the emulator worker. It sends commands and holds
// the latest plain snapshot the worker posted; components read it and derive their views from it.
import type { MachineState, WorkerCommand, WorkerReply } from './machine-protocol';

export class MachineView {
  /** The latest state the worker posted; null until the program has loaded. */
  state = $state.raw<MachineState | null>(null);
  /** The state before it, so views can mark what the last command changed. */
  previous = $state.raw<MachineState | null>(null);
  /** The last error the worker reported (for example, the program could not be fetched). */
  error = $state.raw<string | null>(null);

  readonly ready = $derived(this.state !== null);
  readonly running = $derived(this.state?.running ?? false);
  readonly halted = $derived(this.state?.stop === 'halt');

  #worker: Worker | null = null;

  /** Starts the worker and loads the program at `programUrl`. Call from onMount: workers exist only in the browser. */
  connect(programUrl: string): void {
    if (this.#worker) return;
    // Vite bundles the worker only when it sees exactly this `new Worker(new URL(…, import.meta.url))` form;
    // the URL is a one-off constant, not reactive state, so the rule below does not apply.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const worker = new Worker(new URL('./machine-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'state') {
        this.previous = this.state;
        this.state = reply;
        this.error = null;
      } else {
        this.error = reply.message;
      }
    };
    worker.onerror = (event) => {
      this.error = event.message || 'the emulator worker failed to start';
    };
    this.#worker = worker;
    this.#send({ type: 'load', url: programUrl });
  }

  run(): void {
    this.#send({ type: 'run' });
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  step(): void {
    this.#send({ type: 'step' });
  }

  reset(): void {
    this.#send({ type: 'reset' });
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #send(command: WorkerCommand): void {
    this.#worker?.postMessage(command);
  }
}
