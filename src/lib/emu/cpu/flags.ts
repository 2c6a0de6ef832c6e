// FLAGS bit positions (Intel 8086 Family User's Manual, figure 2-32; the same positions on the 386).

export const CF = 1 << 0; // carry
export const PF = 1 << 2; // parity of the low byte of a result (even number of 1 bits)
export const AF = 1 << 4; // auxiliary carry out of bit 3 (BCD)
export const ZF = 1 << 6; // zero
export const SF = 1 << 7; // sign
export const TF = 1 << 8; // trap: single-step after each instruction
export const IF = 1 << 9; // interrupt enable
export const DF = 1 << 10; // direction for string instructions
export const OF = 1 << 11; // signed overflow

/** The six status flags that arithmetic writes. */
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

/** Bits that exist on the 8086: the status flags plus TF, IF, DF. */
export const FLAGS_DEFINED = STATUS_FLAGS | TF | IF | DF;

/**
 * Bits that always read as 1 on an 8086: bit 1 and bits 12–15. Bits 3 and 5 always read as 0. This is the
 * classic "is it an 8086?" signature (a 286 in real mode clears bits 12–15).
 */
export const FLAGS_ALWAYS_ONE = 0xf002;

/** Bring any 16-bit value into the form the 8086 keeps in FLAGS (what POPF and SAHF store). */
export function normalizeFlags(value: number): number {
  return (value & FLAGS_DEFINED) | FLAGS_ALWAYS_ONE;
}

/** Flag letters in the order of the conformance metadata: o d i s z a p c. */
export const FLAG_LETTERS = 'odiszapc';
export const FLAG_BY_LETTER: Record<string, number> = {
  o: OF,
  d: DF,
  i: IF,
  s: SF,
  z: ZF,
  a: AF,
  p: PF,
  c: CF,
  t: TF
};

/** A mask with the flags named by `letters` (e.g. "oa") cleared and every other bit set. */
export function maskWithout(letters: string): number {
  let mask = 0xffff;
  for (const letter of letters) mask &= ~FLAG_BY_LETTER[letter];
  return mask;
}

/** Anything that holds a FLAGS word: the CPU itself, or a plain object in tests. */
export interface FlagsHolder {
  flags: number;
}

/** CR0 bits (virtualization.md §2.2.1): PG turns paging on; PE says "a monitor is present". */
export const CR0_PE = 1 << 0;
export const CR0_PG = 1 << 15;
