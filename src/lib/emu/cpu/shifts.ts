// Shifts and rotates (groups D0–D3) with the 8086's rules. The 8086 does not mask the count to 5 bits (the 286
// does): SHL AL, CL with CL = 20 really shifts 20 times, so the general case is a loop, one iteration per bit,
// exactly as the microcode does. Flags are those of the last iteration.

import { CF, OF, STATUS_FLAGS, type FlagsHolder } from './flags';
import { szp16, szp8 } from './alu';

/** Operations in ModRM reg order. Reg 6 is the undocumented SETMO ("set minus one"). */
export const ROL = 0;
export const ROR = 1;
export const RCL = 2;
export const RCR = 3;
export const SHL = 4;
export const SHR = 5;
export const SETMO = 6;
export const SAR = 7;
export const SHIFT_MNEMONICS = ['ROL', 'ROR', 'RCL', 'RCR', 'SHL', 'SHR', 'SETMO', 'SAR'] as const;

/**
 * Shift or rotate `value` (a byte when `bits` is 8, a word when 16) `count` times.
 * A count of 0 changes nothing, flags included.
 */
export function shiftRotate(f: FlagsHolder, op: number, value: number, count: number, bits: 8 | 16): number {
  if (count === 0) return value;
  if (count === 1) return shiftRotateOnce(f, op, value, bits);
  const msb = bits === 8 ? 0x80 : 0x8000;
  const mask = bits === 8 ? 0xff : 0xffff;
  let r = value;
  let carry = f.flags & CF;
  switch (op) {
    case ROL:
      for (let i = 0; i < count; i++) {
        carry = r & msb ? 1 : 0;
        r = ((r << 1) | carry) & mask;
      }
      return rotated(f, r, carry, (r & msb ? 1 : 0) ^ carry);
    case ROR:
      for (let i = 0; i < count; i++) {
        carry = r & 1;
        r = (r >> 1) | (carry ? msb : 0);
      }
      return rotated(f, r, carry, topTwoDiffer(r, msb));
    case RCL:
      for (let i = 0; i < count; i++) {
        const out = r & msb ? 1 : 0;
        r = ((r << 1) | carry) & mask;
        carry = out;
      }
      return rotated(f, r, carry, (r & msb ? 1 : 0) ^ carry);
    case RCR:
      for (let i = 0; i < count; i++) {
        const out = r & 1;
        r = (r >> 1) | (carry ? msb : 0);
        carry = out;
      }
      return rotated(f, r, carry, topTwoDiffer(r, msb));
    case SHL: {
      for (let i = 0; i < count; i++) {
        carry = r & msb ? 1 : 0;
        r = (r << 1) & mask;
      }
      return shifted(f, r, carry, (r & msb ? 1 : 0) ^ carry, bits);
    }
    case SHR: {
      let before = r;
      for (let i = 0; i < count; i++) {
        before = r;
        carry = r & 1;
        r >>= 1;
      }
      // OF is the sign bit of the operand the last iteration shifted (for a count of 1: the original sign).
      return shifted(f, r, carry, before & msb ? 1 : 0, bits);
    }
    case SAR:
      for (let i = 0; i < count; i++) {
        carry = r & 1;
        r = (r >> 1) | (r & msb);
      }
      return shifted(f, r, carry, 0, bits);
    default:
      // SETMO / SETMOC: the operand becomes all ones; the flags are those of an OR with all ones.
      return shifted(f, mask, 0, 0, bits);
  }
}

/** The same as shiftRotate with a count of 1 (opcodes D0, D1), without the loop: the common case. */
export function shiftRotateOnce(f: FlagsHolder, op: number, value: number, bits: 8 | 16): number {
  const msb = bits === 8 ? 0x80 : 0x8000;
  const mask = bits === 8 ? 0xff : 0xffff;
  const top = value & msb ? 1 : 0;
  const low = value & 1;
  let r: number;
  switch (op) {
    case ROL:
      r = ((value << 1) | top) & mask;
      return rotated(f, r, top, (r & msb ? 1 : 0) ^ top);
    case ROR:
      r = (value >> 1) | (low ? msb : 0);
      return rotated(f, r, low, topTwoDiffer(r, msb));
    case RCL:
      r = ((value << 1) | (f.flags & CF)) & mask;
      return rotated(f, r, top, (r & msb ? 1 : 0) ^ top);
    case RCR:
      r = (value >> 1) | (f.flags & CF ? msb : 0);
      return rotated(f, r, low, topTwoDiffer(r, msb));
    case SHL:
      r = (value << 1) & mask;
      return shifted(f, r, top, (r & msb ? 1 : 0) ^ top, bits);
    case SHR:
      return shifted(f, value >> 1, low, top, bits);
    case SAR:
      return shifted(f, (value >> 1) | (value & msb), low, 0, bits);
    default:
      return shifted(f, mask, 0, 0, bits);
  }
}

/** For ROR and RCR, OF is the XOR of the two most significant bits of the result. */
function topTwoDiffer(r: number, msb: number): number {
  return (r & msb ? 1 : 0) ^ (r & (msb >> 1) ? 1 : 0);
}

/** Rotates write only CF and OF. */
function rotated(f: FlagsHolder, r: number, carry: number, overflow: number): number {
  f.flags = (f.flags & ~(CF | OF)) | carry | (overflow << 11);
  return r;
}

/** Shifts write all six status flags; AF is undefined on the 8086 (masked by the conformance data): cleared. */
function shifted(f: FlagsHolder, r: number, carry: number, overflow: number, bits: 8 | 16): number {
  f.flags = (f.flags & ~STATUS_FLAGS) | (bits === 8 ? szp8(r) : szp16(r)) | carry | (overflow << 11);
  return r;
}
