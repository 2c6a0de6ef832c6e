// The stack panel's rows: the words from SS:SP upward, SP and BP marked, and the words that look like return
// addresses annotated. A word is taken for a near return address when the bytes just before it in CS decode (with
// the core's decoder, the one the CPU uses) to a CALL that ends exactly there: E8 rel16 (3 bytes), FF /2 with
// its ModRM forms (2–4 bytes), or a far CALL 9A (5 bytes; its CS sits in the next word up).

import { decode, lineAtAddress, type Registers, type SourceMap } from '$lib/emu';

/** Byte at CS:offset of the code, or null when unknown (unmapped). */
export type CodeReader = (offset: number) => number | null;

/** The lengths a CALL instruction can have, longest first (a prefix-free near or far call). */
const CALL_LENGTHS = [5, 4, 3, 2];
/** First bytes of the CALL forms: 9A (far), E8 (near), FF (group 5: /2 and /3 are CALL). */
const CALL_OPCODES = new Set([0x9a, 0xe8, 0xff]);

/** Whether the instruction ending right before `offset` in code is a CALL (so `offset` is where it returns). */
export function followsCall(code: CodeReader, offset: number): boolean {
  for (const length of CALL_LENGTHS) {
    const start = (offset - length) & 0xffff;
    // Most words are not return addresses: look at one byte before decoding (the stack panel asks for 24 a step).
    const first = code(start);
    if (first === null || !CALL_OPCODES.has(first)) continue;
    let unknown = false;
    const instruction = decode({
      byteAt: (i) => {
        const value = code((start + i) & 0xffff);
        if (value === null) unknown = true;
        return value ?? 0;
      }
    });
    if (!unknown && instruction.length === length && instruction.entry.mnemonic.toUpperCase() === 'CALL') {
      return true;
    }
  }
  return false;
}

export interface StackRow {
  /** Offset in SS. */
  offset: number;
  value: number;
  isSp: boolean;
  isBp: boolean;
  /** Set when the word looks like a return address: the source line it returns to, when known. */
  returnTo: { line: number | null } | null;
}

export interface StackInput {
  registers: Registers;
  /** Word at SS:offset. */
  readWord: (offset: number) => number;
  /** Byte at CS:offset, for the CALL check. */
  code: CodeReader;
  /** Source map of the program (addresses are offsets in `programSegment`). */
  sourceMap?: SourceMap | null;
  programSegment?: number;
  /** The source file the editor shows (lines of other files are not named). */
  file?: string;
  count: number;
}

export function stackRows(input: StackInput): StackRow[] {
  const { registers, count } = input;
  const rows: StackRow[] = [];
  for (let i = 0; i < count; i++) {
    const offset = (registers.sp + 2 * i) & 0xffff;
    // SP wraps at the top of the segment: the words above FFFEh are not the stack any more.
    if (i > 0 && offset < registers.sp) break;
    const value = input.readWord(offset);
    let returnTo: StackRow['returnTo'] = null;
    if (followsCall(input.code, value)) {
      let line: number | null = null;
      if (input.sourceMap && registers.cs === input.programSegment) {
        const entry = lineAtAddress(input.sourceMap, value);
        if (entry && entry.address === value && (input.file === undefined || entry.file === input.file)) {
          line = entry.line;
        }
      }
      returnTo = { line };
    }
    rows.push({ offset, value, isSp: i === 0, isBp: offset === registers.bp, returnTo });
  }
  return rows;
}
