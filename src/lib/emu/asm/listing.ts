// The listing: every source line beside the address and bytes it produced, laid out like NASM's `-l` listing
// (line number, offset in its section, bytes in hex, `<n>` for lines from a macro n calls deep, the source),
// with each diagnostic under its line. The rows are data; formatListing() makes the text.

import type { Diagnostic } from './diagnostics';
import type { PlacedStatement } from './passes';
import type { LineRef, Statement } from './statements';

export interface ListingRow {
  /** The line's number in its own file (a macro body line: in the macro's file). */
  lineNumber: number;
  /** Offset from the start of its section, when the line produced bytes or reserved space. */
  offset: number | null;
  /** Bytes of one repetition (empty for reserved space). */
  bytes: number[];
  /** `times` repetitions of `bytes`; for reserved space, 0. */
  repeat: number;
  /** Bytes reserved (resb and friends, or bytes in .bss), shown as ?? like NASM does. */
  reserved: number;
  /** The source text as written. */
  text: string;
  /** 0 for a line of a file, n for a line a macro produced n calls deep. */
  depth: number;
  diagnostics: Diagnostic[];
}

/** One row per line read (skipped %if branches excepted), with what its statement produced. */
export function buildListing(
  listed: LineRef[],
  statements: Statement[],
  placed: PlacedStatement[],
  diagnostics: Diagnostic[],
  files: string[]
): ListingRow[] {
  const rows: ListingRow[] = listed.map((ref) => ({
    lineNumber: ref.macro ? ref.macro.line : ref.line,
    offset: null,
    bytes: [],
    repeat: 0,
    reserved: 0,
    text: ref.macro ? ref.macro.text : ref.text,
    depth: ref.macro ? ref.macro.depth : 0,
    diagnostics: []
  }));
  // A row shows an address only when its line produced bytes or reserved room (as NASM's listing does); when
  // one line made several statements (an `at` line: padding, then the field), the last that did counts.
  statements.forEach((statement, i) => {
    const row = rows[statement.listIndex];
    const place = placed[i];
    if (!row || !place || place.size === 0) return;
    row.offset = place.offset;
    row.bytes = place.bytes;
    row.repeat = place.bytes.length > 0 ? place.repeat : 0;
    row.reserved = place.bytes.length > 0 ? 0 : place.size;
  });
  // Each diagnostic goes under the last row of its line (a macro call's diagnostics under the call).
  const rowOfLine = new Map<string, number>();
  listed.forEach((ref, index) => rowOfLine.set(`${files[ref.file]}:${ref.line}`, index));
  for (const d of diagnostics) {
    const index = rowOfLine.get(`${d.file}:${d.line}`);
    if (index !== undefined) rows[index].diagnostics.push(d);
  }
  return rows;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** Bytes per listing line before NASM continues on the next line with a trailing '-'. */
const BYTES_PER_ROW = 9;

export function formatListing(rows: ListingRow[]): string {
  const out: string[] = [];
  for (const row of rows) {
    const number = String(row.lineNumber).padStart(6);
    const level = row.depth > 0 ? `<${row.depth}> ` : '';
    const address = row.offset === null ? ' '.repeat(8) : hex(row.offset, 8);
    let chunks: string[];
    if (row.repeat > 1 && row.bytes.length > 0) {
      chunks = [`${row.bytes.map((b) => hex(b, 2)).join('')}<rep ${hex(row.repeat, 0)}h>`];
    } else if (row.reserved > 0) {
      chunks = [row.reserved <= BYTES_PER_ROW ? '??'.repeat(row.reserved) : `<res ${hex(row.reserved, 0)}h>`];
    } else {
      chunks = [];
      for (let i = 0; i < row.bytes.length; i += BYTES_PER_ROW) {
        chunks.push(
          row.bytes
            .slice(i, i + BYTES_PER_ROW)
            .map((b) => hex(b, 2))
            .join('')
        );
      }
      if (chunks.length === 0) chunks = [''];
    }
    const field = (i: number) => chunks[i].padEnd(18) + (i < chunks.length - 1 ? '-' : ' ');
    out.push(
      `${number} ${row.offset === null && chunks[0] === '' ? ' '.repeat(8) : address} ${field(0)}${level.padStart(5)}${row.text}`.trimEnd()
    );
    for (let i = 1; i < chunks.length; i++) {
      const offset = row.offset === null ? 0 : row.offset + i * BYTES_PER_ROW;
      out.push(`${number} ${hex(offset, 8)} ${field(i)}`.trimEnd());
    }
    for (const d of row.diagnostics) {
      out.push(`${number}          ${'*'.repeat(18)} ${level.padStart(5)}${d.severity}: ${d.message}`);
    }
  }
  return out.join('\n') + '\n';
}
