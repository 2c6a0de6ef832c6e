// Integer arithmetic and logic with the 8086's flag rules: one small function per operation and width.
// Each takes the operands, writes the six status flags into `f.flags`, and returns the result, so a test can
// check result and flags from a table. No allocation: they run on the interpreter's hot path.

import { AF, CF, OF, PF, SF, STATUS_FLAGS, ZF, type FlagsHolder } from './flags';

/** PF for every byte value: set when the byte has an even number of 1 bits. */
export const PARITY = Uint8Array.from({ length: 256 }, (_, value) => {
  let ones = 0;
  for (let v = value; v !== 0; v >>= 1) ones += v & 1;
  return ones % 2 === 0 ? PF : 0;
});

/** SF, ZF and PF of every 8-bit result, precomputed. */
const SZP8 = Uint8Array.from({ length: 256 }, (_, r) => PARITY[r] | (r & 0x80) | (r === 0 ? ZF : 0));

/** SF, ZF, PF of an 8-bit result (0–FFh). */
export function szp8(r: number): number {
  return SZP8[r];
}

/**
 * PF of the low byte of r, computed without a table: fold the byte to a nibble, then look the nibble's parity
 * up in the 16-bit constant 9669h (bit n set when nibble n has an even number of 1 bits).
 */
export function parityOf(r: number): number {
  return ((0x9669 >> ((r ^ (r >> 4)) & 0xf)) & 1) << 2;
}

/** SF, ZF, PF of a 16-bit result (0–FFFFh): PF looks only at the low byte, as on every x86. */
export function szp16(r: number): number {
  return parityOf(r) | ((r >> 8) & SF) | (r === 0 ? ZF : 0);
}

const NOT_STATUS = ~STATUS_FLAGS;

// Addition. The carry out is bit 8 (16) of the unmasked sum; AF is the carry out of bit 3, visible as bit 4
// of a ^ b ^ sum; OF is set when both operands have the same sign and the sum's sign differs.

export function add8(f: FlagsHolder, a: number, b: number, carryIn: number): number {
  const r = a + b + carryIn;
  f.flags =
    (f.flags & NOT_STATUS) |
    SZP8[r & 0xff] |
    ((r >> 8) & CF) |
    ((a ^ b ^ r) & AF) |
    (((a ^ r) & (b ^ r) & 0x80) << 4);
  return r & 0xff;
}

export function add16(f: FlagsHolder, a: number, b: number, carryIn: number): number {
  const r = a + b + carryIn;
  f.flags =
    (f.flags & NOT_STATUS) |
    szp16(r & 0xffff) |
    ((r >> 16) & CF) |
    ((a ^ b ^ r) & AF) |
    (((a ^ r) & (b ^ r) & 0x8000) >> 4);
  return r & 0xffff;
}

// Subtraction (also CMP and NEG). A borrow makes the difference negative, so bit 8 (16) of the unmasked
// result is the borrow; OF is set when the operands' signs differ and the result's sign differs from a's.

export function sub8(f: FlagsHolder, a: number, b: number, borrowIn: number): number {
  const r = a - b - borrowIn;
  f.flags =
    (f.flags & NOT_STATUS) |
    SZP8[r & 0xff] |
    ((r >> 8) & CF) |
    ((a ^ b ^ r) & AF) |
    (((a ^ b) & (a ^ r) & 0x80) << 4);
  return r & 0xff;
}

export function sub16(f: FlagsHolder, a: number, b: number, borrowIn: number): number {
  const r = a - b - borrowIn;
  f.flags =
    (f.flags & NOT_STATUS) |
    szp16(r & 0xffff) |
    ((r >> 16) & CF) |
    ((a ^ b ^ r) & AF) |
    (((a ^ b) & (a ^ r) & 0x8000) >> 4);
  return r & 0xffff;
}

// Logic: CF and OF cleared, SF ZF PF from the result. AF is undefined on the 8086 (the conformance metadata
// masks it); we clear it.

export function logic8(f: FlagsHolder, r: number): number {
  f.flags = (f.flags & NOT_STATUS) | SZP8[r];
  return r;
}

export function logic16(f: FlagsHolder, r: number): number {
  f.flags = (f.flags & NOT_STATUS) | szp16(r);
  return r;
}

// INC and DEC are ADD/SUB of 1 that leave CF alone (Intel: "CF is not affected"). OF is set exactly when the
// operand crosses the signed boundary (7F→80 for INC, 80→7F for DEC); AF when the low nibble wraps.

const NOT_STATUS_EXCEPT_CF = ~(STATUS_FLAGS & ~CF);

export function inc8(f: FlagsHolder, a: number): number {
  const r = (a + 1) & 0xff;
  f.flags = (f.flags & NOT_STATUS_EXCEPT_CF) | SZP8[r] | ((r & 0xf) === 0 ? AF : 0) | (r === 0x80 ? OF : 0);
  return r;
}

export function inc16(f: FlagsHolder, a: number): number {
  const r = (a + 1) & 0xffff;
  f.flags =
    (f.flags & NOT_STATUS_EXCEPT_CF) | szp16(r) | ((r & 0xf) === 0 ? AF : 0) | (r === 0x8000 ? OF : 0);
  return r;
}

export function dec8(f: FlagsHolder, a: number): number {
  const r = (a - 1) & 0xff;
  f.flags = (f.flags & NOT_STATUS_EXCEPT_CF) | SZP8[r] | ((r & 0xf) === 0xf ? AF : 0) | (r === 0x7f ? OF : 0);
  return r;
}

export function dec16(f: FlagsHolder, a: number): number {
  const r = (a - 1) & 0xffff;
  f.flags =
    (f.flags & NOT_STATUS_EXCEPT_CF) | szp16(r) | ((r & 0xf) === 0xf ? AF : 0) | (r === 0x7fff ? OF : 0);
  return r;
}

/** The eight ALU operations of opcodes 00–3F and groups 80–83, in the order of the ModRM reg field. */
export const ADD = 0;
export const OR = 1;
export const ADC = 2;
export const SBB = 3;
export const AND = 4;
export const SUB = 5;
export const XOR = 6;
export const CMP = 7;
export const ALU_MNEMONICS = ['ADD', 'OR', 'ADC', 'SBB', 'AND', 'SUB', 'XOR', 'CMP'] as const;

/**
 * One of the eight ALU operations on bytes. CMP returns the difference; the caller does not store it.
 * (ADD/ADC and SUB/SBB/CMP share one call each, which keeps this small enough for V8 to inline.)
 */
export function alu8(f: FlagsHolder, op: number, a: number, b: number): number {
  switch (op) {
    case ADD:
    case ADC:
      return add8(f, a, b, op === ADC ? f.flags & CF : 0);
    case SUB:
    case SBB:
    case CMP:
      return sub8(f, a, b, op === SBB ? f.flags & CF : 0);
    default: // OR, AND, XOR
      return logic8(f, op === OR ? a | b : op === AND ? a & b : a ^ b);
  }
}

/** One of the eight ALU operations on words. */
export function alu16(f: FlagsHolder, op: number, a: number, b: number): number {
  switch (op) {
    case ADD:
    case ADC:
      return add16(f, a, b, op === ADC ? f.flags & CF : 0);
    case SUB:
    case SBB:
    case CMP:
      return sub16(f, a, b, op === SBB ? f.flags & CF : 0);
    default: // OR, AND, XOR
      return logic16(f, op === OR ? a | b : op === AND ? a & b : a ^ b);
  }
}

/** Sign-extend a byte to a 16-bit word (CBW, and the imm8 of opcode 83). */
export function signExtend8(value: number): number {
  return ((value << 24) >> 24) & 0xffff;
}

/** Interpret a 16-bit word as a signed number. */
export function signed16(value: number): number {
  return (value << 16) >> 16;
}

/** Interpret a byte as a signed number. */
export function signed8(value: number): number {
  return (value << 24) >> 24;
}
