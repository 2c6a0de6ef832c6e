// The Web Worker entry of the engine (which also assembles the editor's text): wires EngineHost to the worker's
// postMessage, performance.now() and a MessageChannel (a zero-delay yield to the message queue; setTimeout would be
// clamped to 4 ms when nested).
// Start it with `new Worker(new URL('$lib/worker/engine.worker.ts', import.meta.url), { type: 'module' })`.

import { EngineHost } from './engine-host';
import type { Command, HostMessage } from './protocol';

interface WorkerScope {
  postMessage(message: HostMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Command>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

const host = new EngineHost({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  now: () => performance.now(),
  defer: (callback) => {
    waiting.push(callback);
    channel.port2.postMessage(null);
  },
  after: (ms, callback) => setTimeout(callback, ms)
});
scope.onmessage = (event) => host.handle(event.data);
