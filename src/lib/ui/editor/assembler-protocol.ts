// The messages between the page and the assembler worker: a source in, its diagnostics, image and source map out.
// Plain, structured-clone-able data (STYLE.md rule 9).

import type { Diagnostic, SourceMap } from '$lib/emu';

/** The file name the editor's one file has in diagnostics, the source map and line breakpoints. */
export const MAIN_FILE = 'main.asm';

export interface AssembleRequest {
  /** Echoed back, so the page can drop answers to sources it has since replaced. */
  version: number;
  source: string;
}

export interface AssembleReply {
  version: number;
  ok: boolean;
  /** The flat binary from the origin on (empty when there are errors). */
  image: Uint8Array;
  origin: number;
  diagnostics: Diagnostic[];
  sourceMap: SourceMap;
  /** The program's labels (address with the origin) for views that go to a label. */
  symbols?: { name: string; value: number; kind: 'label' | 'equ' }[];
}
