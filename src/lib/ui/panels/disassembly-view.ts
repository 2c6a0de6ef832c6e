// The disassembly panel's rows around CS:IP, decoded with the core's disassembler (the ndisasm-compatible one).
// x86 code cannot be decoded backwards, so the rows before IP come from a start a little before it whose decoding
// lands exactly on IP — preferring the starts of the program's own instructions (its source map) over guesses.

import { disassembleOne } from '$lib/emu';

export interface DisassemblyRow {
  /** Offset in CS. */
  offset: number;
  bytes: number[];
  text: string;
  current: boolean;
}

/** Byte at CS:offset, or null when its page is not mapped. */
export type CodeBytes = (offset: number) => number | null;

const LOOK_BEHIND = 32;

function decodeAt(code: CodeBytes, offset: number): { bytes: number[]; text: string; unknown: boolean } {
  let unknown = false;
  const line = disassembleOne(
    {
      byteAt: (i) => {
        const value = code((offset + i) & 0xffff);
        if (value === null) unknown = true;
        return value ?? 0;
      }
    },
    offset
  );
  return { bytes: line.bytes, text: unknown ? '?? (not mapped)' : line.text, unknown };
}

/** Offsets of the instructions decoded from `start` up to `ip`, or null when the decoding steps over `ip`. */
function syncsAt(code: CodeBytes, start: number, ip: number): number[] | null {
  const offsets: number[] = [];
  let offset = start;
  while (offset < ip) {
    offsets.push(offset);
    offset += decodeAt(code, offset).bytes.length;
  }
  return offset === ip ? offsets : null;
}

/**
 * Up to `before` instructions before IP, the one at IP (marked current), and `after` more. `anchors` are known
 * instruction starts (from the source map) tried first.
 */
export function disassemblyAround(
  code: CodeBytes,
  ip: number,
  before: number,
  after: number,
  anchors: readonly number[] = []
): DisassemblyRow[] {
  let lead: number[] = [];
  const low = Math.max(0, ip - LOOK_BEHIND);
  const candidates = [
    ...anchors.filter((a) => a >= low && a < ip).sort((a, b) => a - b),
    ...Array.from({ length: ip - low }, (_, i) => low + i)
  ];
  for (const start of candidates) {
    const offsets = syncsAt(code, start, ip);
    if (offsets !== null) {
      lead = offsets;
      break;
    }
  }
  const rows: DisassemblyRow[] = lead.slice(-before).map((offset) => ({
    offset,
    ...decodeAt(code, offset),
    current: false
  }));
  let offset = ip;
  for (let i = 0; i <= after && offset <= 0xffff; i++) {
    const decoded = decodeAt(code, offset);
    rows.push({ offset, bytes: decoded.bytes, text: decoded.text, current: i === 0 });
    offset += decoded.bytes.length;
  }
  return rows;
}
