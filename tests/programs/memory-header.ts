// Reads the memory a program's header expects at HLT, on lines of the form
// `;   expect-memory: 1000:3000=1003h 1000:3002=3023h` (segment:offset = a 16-bit word, all hexadecimal), the
// "mailbox" values the paging programs leave behind. parseExpectedOutcome (program-header.ts) skips these lines.
import type { Machine } from '$lib/emu';

export interface ExpectedWord {
  segment: number;
  offset: number;
  value: number;
}

const EXPECT_MEMORY_LINE = /^\s*;+\s*expect-memory:(.*)$/i;
const WORD_VALUE = /^([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})=([0-9A-Fa-f]{1,4})h$/;

/** Every `; expect-memory:` word; throws on a token it does not understand, so a typo cannot pass silently. */
export function parseExpectedMemory(source: string): ExpectedWord[] {
  const words: ExpectedWord[] = [];
  for (const line of source.split(/\r?\n/)) {
    const match = EXPECT_MEMORY_LINE.exec(line);
    if (!match) continue;
    for (const token of match[1].trim().split(/\s+/).filter(Boolean)) {
      const word = WORD_VALUE.exec(token);
      if (!word) throw new Error(`cannot read memory expectation '${token}' in line: ${line.trim()}`);
      const [segment, offset, value] = word.slice(1).map((digits) => parseInt(digits, 16));
      words.push({ segment, offset, value });
    }
  }
  return words;
}

/**
 * The word at segment:offset as the program sees it: through the paging unit when paging is on, with no side
 * effects (no A/D bits, no TLB fill), reading FFh where nothing is mapped.
 */
export function peekWord(m: Machine, segment: number, offset: number): number {
  const at = (seg: number, off: number) => m.bus.peek8((seg << 4) + (off & 0xffff));
  return at(segment, offset) | (at(segment, offset + 1) << 8);
}

/** `1000:3000`: how the header names the address. */
export function segmentOffset(word: ExpectedWord): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return `${hex(word.segment)}:${hex(word.offset)}`;
}
