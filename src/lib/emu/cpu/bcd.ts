// Decimal adjust instructions (DAA, DAS, AAA, AAS, AAM, AAD) as the 8086 performs them.
// Each works on AL/AH values passed in and returns the new value; flags go into `f.flags`.
// 8086 specifics, checked against the hardware-captured tests:
//  * AAA/AAS adjust AL by 6 and AH by 1 separately (the 286+ adjust AX as one word);
//  * DAA/DAS use the threshold 9Fh instead of 99h for the high-digit step when AF was set on entry.

import { AF, CF, STATUS_FLAGS, type FlagsHolder } from './flags';
import { szp8 } from './alu';

/** DAA: adjust AL after a packed-BCD addition. Returns the new AL. OF is undefined (left clear). */
export function daa(f: FlagsHolder, al: number): number {
  const oldAl = al;
  const oldCarry = f.flags & CF;
  const oldAux = f.flags & AF;
  let flags = f.flags & ~STATUS_FLAGS;
  if ((al & 0x0f) > 9 || oldAux) {
    al = (al + 6) & 0xff;
    flags |= AF;
  }
  if (oldCarry || oldAl > (oldAux ? 0x9f : 0x99)) {
    al = (al + 0x60) & 0xff;
    flags |= CF;
  }
  f.flags = flags | szp8(al);
  return al;
}

/** DAS: adjust AL after a packed-BCD subtraction. Returns the new AL. */
export function das(f: FlagsHolder, al: number): number {
  const oldAl = al;
  const oldCarry = f.flags & CF;
  const oldAux = f.flags & AF;
  let flags = f.flags & ~STATUS_FLAGS;
  if ((al & 0x0f) > 9 || oldAux) {
    al = (al - 6) & 0xff;
    flags |= AF;
  }
  if (oldCarry || oldAl > (oldAux ? 0x9f : 0x99)) {
    al = (al - 0x60) & 0xff;
    flags |= CF;
  }
  f.flags = flags | szp8(al);
  return al;
}

/** AAA: adjust after an unpacked-BCD addition. Takes and returns AX. */
export function aaa(f: FlagsHolder, ax: number): number {
  let al = ax & 0xff;
  let ah = ax >> 8;
  let flags = f.flags & ~STATUS_FLAGS;
  if ((al & 0x0f) > 9 || f.flags & AF) {
    al = (al + 6) & 0xff;
    ah = (ah + 1) & 0xff;
    flags |= AF | CF;
  }
  // SF ZF PF OF are undefined; the 8086 leaves those of the internal addition: we take them from AL.
  f.flags = flags | szp8(al);
  return (ah << 8) | (al & 0x0f);
}

/** AAS: adjust after an unpacked-BCD subtraction. Takes and returns AX. */
export function aas(f: FlagsHolder, ax: number): number {
  let al = ax & 0xff;
  let ah = ax >> 8;
  let flags = f.flags & ~STATUS_FLAGS;
  if ((al & 0x0f) > 9 || f.flags & AF) {
    al = (al - 6) & 0xff;
    ah = (ah - 1) & 0xff;
    flags |= AF | CF;
  }
  f.flags = flags | szp8(al);
  return (ah << 8) | (al & 0x0f);
}

/**
 * AAM base: AH = AL / base, AL = AL mod base. Takes AL, returns the new AX.
 * The caller raises the divide error when base is 0, before calling this.
 */
export function aam(f: FlagsHolder, al: number, base: number): number {
  const quotient = Math.floor(al / base);
  const remainder = al % base;
  f.flags = (f.flags & ~STATUS_FLAGS) | szp8(remainder);
  return (quotient << 8) | remainder;
}

/** AAD base: AL = AL + AH * base, AH = 0. Takes AX, returns the new AX. */
export function aad(f: FlagsHolder, ax: number, base: number): number {
  const al = ((ax & 0xff) + (ax >> 8) * base) & 0xff;
  f.flags = (f.flags & ~STATUS_FLAGS) | szp8(al);
  return al;
}
