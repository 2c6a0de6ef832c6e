// The assembler in a Web Worker: the editor asks on every (debounced) edit, so a slow assembly never blocks
// typing. Start it with `new Worker(new URL('./assembler.worker.ts', import.meta.url), { type: 'module' })`.

import { assemble } from '$lib/emu';
import { MAIN_FILE, type AssembleReply, type AssembleRequest } from './assembler-protocol';

interface WorkerScope {
  postMessage(message: AssembleReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<AssembleRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { version, source } = event.data;
  const result = assemble(source, { fileName: MAIN_FILE });
  const image = result.ok ? result.image : new Uint8Array(0);
  scope.postMessage(
    {
      version,
      ok: result.ok,
      image,
      origin: result.origin,
      diagnostics: result.diagnostics,
      sourceMap: result.sourceMap,
      symbols: result.symbols.map(({ name, value, kind }) => ({ name, value, kind }))
    },
    [image.buffer as ArrayBuffer]
  );
};
