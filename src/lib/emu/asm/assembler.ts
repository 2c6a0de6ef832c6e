// The assembler's entry point: NASM-syntax source in, a flat binary out (what `nasm -f bin` writes, byte for
// byte), with every diagnostic, the symbol table, a source map and a listing. Stages, each in its own file:
// preprocessor.ts (macros, %include) → parser.ts (statements, matched against the opcode table's forms) →
// passes.ts (layout until labels settle, then the bytes, via encoder.ts). Nothing here throws on bad input;
// problems come back as diagnostics.

import { DiagnosticList, type Diagnostic } from './diagnostics';
import { buildListing, formatListing, type ListingRow } from './listing';
import { layOut, type SectionLayout } from './passes';
import { newParseState, parseStatement } from './parser';
import { preprocess } from './preprocessor';
import type { SourceMap, SourceMapEntry } from './source-map';
import type { Statement } from './statements';

export interface AssembleOptions {
  /** Name of the source file, used in diagnostics and the source map ("main.asm" when not given). */
  fileName?: string;
  /** Other files `%include` and `incbin` may read (the files open in the editor), by name. */
  files?: Readonly<Record<string, string>>;
  /** Also make the listing (the CLI's -l); left out by default, as the editor assembles on every keystroke. */
  listing?: boolean;
}

export interface AssembledSymbol {
  name: string;
  /** Its value in the output: an address with the origin and section base added, or the equ's number. */
  value: number;
  kind: 'label' | 'equ';
  /** Section of a label (.text, .data, .bss); null for a plain number. */
  section: string | null;
  file: string;
  line: number;
}

export interface AssembleResult {
  /** No errors (warnings allowed). */
  ok: boolean;
  /** The flat binary: the bytes from the origin on (.text, then .data; .bss takes no room). */
  image: Uint8Array;
  /** The address the image starts at (`org`, 0 by default). */
  origin: number;
  diagnostics: Diagnostic[];
  symbols: AssembledSymbol[];
  sections: SectionLayout[];
  sourceMap: SourceMap;
  /** The listing's rows, when `listing` was asked for (else empty). */
  listing: ListingRow[];
  /** Layout passes made, the final one included. */
  passes: number;
}

/** Assemble NASM source. Never throws for any input: every problem is a diagnostic. */
export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  const mainName = options.fileName ?? 'main.asm';
  const names = [mainName, ...Object.keys(options.files ?? {}).filter((name) => name !== mainName)];
  const texts = [source, ...names.slice(1).map((name) => options.files?.[name] ?? '')];
  const diagnostics = new DiagnosticList();

  const { lines, listed } = preprocess({ names, texts }, diagnostics);
  const state = newParseState(names, texts, diagnostics);
  const statements: Statement[] = lines.flatMap((line) => parseStatement(line, state));
  const layout = layOut(statements, names, diagnostics);

  const [text, data] = layout.sections;
  const dataEnd = data.size > 0 ? data.base + data.size : text.base + text.size;
  const image = new Uint8Array(Math.max(0, dataEnd - layout.origin));
  const entries: SourceMapEntry[] = [];
  statements.forEach((statement, i) => {
    const place = layout.placed[i];
    // Nothing to place for empty lines and for absolute blocks (struc), which have no section.
    const section = place && layout.sections[place.section];
    if (!place || place.size === 0 || !section) return;
    const address = section.base + place.offset;
    if (place.section < 2 && place.bytes.length > 0) {
      const start = address - layout.origin;
      for (let r = 0; r < place.repeat; r++) image.set(place.bytes, start + r * place.bytes.length);
    }
    if (place.bytes.length > 0) {
      const ref = statement.ref;
      const macro = ref.macro
        ? { name: ref.macro.name, file: names[ref.macro.file], line: ref.macro.line }
        : undefined;
      entries.push({ address, size: place.size, file: names[ref.file], line: ref.line, macro });
    }
  });
  entries.sort((a, b) => a.address - b.address);

  const symbols: AssembledSymbol[] = [...layout.symbols.values()].map((symbol) => {
    const { value } = symbol;
    const base = value.section >= 0 ? layout.sections[value.section].base : 0;
    const ref = statements[symbol.statement].ref;
    return {
      name: symbol.name,
      value: Number(BigInt.asIntN(64, value.n + BigInt(value.coefficient * base))),
      kind: symbol.kind,
      section: value.coefficient === 1 && value.section >= 0 ? layout.sections[value.section].name : null,
      file: names[ref.file],
      line: ref.line
    };
  });

  const sorted = diagnostics.sorted(names);
  return {
    ok: diagnostics.errorCount === 0,
    image,
    origin: layout.origin,
    diagnostics: sorted,
    symbols,
    sections: layout.sections,
    sourceMap: { entries },
    listing: options.listing ? buildListing(listed, statements, layout.placed, sorted, names) : [],
    passes: layout.passes
  };
}

export { formatListing };
