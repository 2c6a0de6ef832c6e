// Assembling the editor's text inside the engine's worker: the editor asks on every (debounced) edit, so a slow
// assembly never blocks typing, and the assembler shares the worker's copy of the opcode table and decoder.

import { assemble } from '$lib/emu';
import { MAIN_FILE, type AssembleReply, type AssembleRequest } from './protocol';

/** The reply to one request: diagnostics, the image (empty with errors), the source map and the labels. */
export function assembleRequest({ version, source }: AssembleRequest): AssembleReply {
  const result = assemble(source, { fileName: MAIN_FILE });
  return {
    version,
    ok: result.ok,
    image: result.ok ? result.image : new Uint8Array(0),
    origin: result.origin,
    diagnostics: result.diagnostics,
    sourceMap: result.sourceMap,
    symbols: result.symbols.map(({ name, value, kind }) => ({ name, value, kind }))
  };
}
