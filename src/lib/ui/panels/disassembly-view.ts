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

interface Decoded {
  bytes: number[];
  text: string;
  unknown: boolean;
}

/**
 * Decoded instructions by offset, reused while the code bytes stay the same (the panel clears it when CS or a code
 * page changes): a step usually moves IP a few bytes over code already decoded.
 */
export type DecodeCache = Map<number, Decoded>;

function decodeAt(code: CodeBytes, offset: number, cache?: DecodeCache): Decoded {
  const cached = cache?.get(offset);
  if (cached) return cached;
  const decoded = decodeUncached(code, offset);
  cache?.set(offset, decoded);
  return decoded;
}

function decodeUncached(code: CodeBytes, offset: number): Decoded {
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
function syncsAt(code: CodeBytes, start: number, ip: number, cache?: DecodeCache): number[] | null {
  const offsets: number[] = [];
  let offset = start;
  while (offset < ip) {
    offsets.push(offset);
    offset += decodeAt(code, offset, cache).bytes.length;
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
  anchors: readonly number[] = [],
  cache?: DecodeCache
): DisassemblyRow[] {
  let lead: number[] = [];
  const low = Math.max(0, ip - LOOK_BEHIND);
  const candidates = [
    ...anchors.filter((a) => a >= low && a < ip).sort((a, b) => a - b),
    ...Array.from({ length: ip - low }, (_, i) => low + i)
  ];
  for (const start of candidates) {
    const offsets = syncsAt(code, start, ip, cache);
    if (offsets !== null) {
      lead = offsets;
      break;
    }
  }
  const rows: DisassemblyRow[] = lead.slice(-before).map((offset) => {
    const { bytes, text } = decodeAt(code, offset, cache);
    return { offset, bytes, text, current: false };
  });
  let offset = ip;
  for (let i = 0; i <= after && offset <= 0xffff; i++) {
    const decoded = decodeAt(code, offset, cache);
    rows.push({ offset, bytes: decoded.bytes, text: decoded.text, current: i === 0 });
    offset += decoded.bytes.length;
  }
  return rows;
}
