// The ModRM byte and displacement of a 16-bit memory operand, chosen exactly as NASM 2.16's process_ea()
// chooses them (asm/assemble.c, the 16-bit branch). The r/m numbering is the 8086 manual's table 4-10:
//   000 [bx+si]  001 [bx+di]  010 [bp+si]  011 [bp+di]  100 [si]  101 [di]  110 [bp] / [disp16]  111 [bx]

import type { Value } from './values';

/** Word-register numbers of the address registers (the opcode table's REG16 order). */
const BX = 3;
const BP = 5;
const SI = 6;
const DI = 7;

const MOD_NO_DISP = 0b00;
const MOD_DISP8 = 0b01;
const MOD_DISP16 = 0b10;
const RM_DIRECT = 0b110;

/** r/m numbers by base and index register (-1 = none). */
function rmOf(base: number, index: number): number {
  if (index < 0) {
    switch (base) {
      case SI:
        return 0b100;
      case DI:
        return 0b101;
      case BP:
        return 0b110;
      default:
        return 0b111;
    }
  }
  // The parser guarantees one of BX/BP and one of SI/DI, in either order.
  const [b, i] = base === BX || base === BP ? [base, index] : [index, base];
  return (b === BP ? 0b010 : 0b000) | (i === DI ? 0b001 : 0b000);
}

export interface EffectiveAddress {
  /** mod and r/m bits (reg bits zero). */
  modrm: number;
  /** Displacement bytes that follow: 0, 1 or 2. */
  dispBytes: number;
}

/**
 * mod and r/m for `[base + index + disp]`. `disp` is the displacement's value (null when there is none);
 * `dispSize` is a forced size from `[byte …]` / `[word …]`. A displacement is one byte only when it is a
 * plain number in -128…127 (as a 16-bit value) and known: an address (a label) always takes two bytes, and so
 * does a value not known yet on the first pass; zero takes none, except after [bp] (r/m 110 with mod 00 is
 * the direct address).
 */
export function effectiveAddress(
  base: number,
  index: number,
  disp: Value | null,
  dispSize: number
): EffectiveAddress {
  if (base < 0 && index < 0) return { modrm: (MOD_NO_DISP << 6) | RM_DIRECT, dispBytes: 2 };
  const rm = rmOf(base, index);
  const relocatable = disp !== null && (disp.coefficient !== 0 || disp.mixed);
  const unknown = disp !== null && disp.unknown;
  const o = disp === null ? 0 : Number(BigInt.asIntN(16, disp.n));
  let mod: number;
  if (o === 0 && !relocatable && !unknown && rm !== RM_DIRECT && dispSize === 0) mod = MOD_NO_DISP;
  else if (dispSize !== 2 && (dispSize === 1 || (o >= -128 && o <= 127 && !relocatable && !unknown)))
    mod = MOD_DISP8;
  else mod = MOD_DISP16;
  return { modrm: (mod << 6) | rm, dispBytes: mod === MOD_NO_DISP ? 0 : mod === MOD_DISP8 ? 1 : 2 };
}
