// The register file of the 8086: eight general registers, four segment registers, IP and FLAGS.
// Register numbers follow the encoding of the ModRM reg/rm fields (Intel 8086 Family User's Manual, table 4-9),
// so a decoded field indexes the arrays directly.

/** 16-bit general registers in encoding order. */
export const AX = 0;
export const CX = 1;
export const DX = 2;
export const BX = 3;
export const SP = 4;
export const BP = 5;
export const SI = 6;
export const DI = 7;
/**
 * A ninth word slot that always holds 0. Effective-address forms without a base or index register name it,
 * so the address sum `base + index + disp` needs no branches (e.g. [SI+disp] is SI + ZERO + disp).
 */
export const ZERO = 8;

/** 8-bit registers in encoding order: AL CL DL BL AH CH DH BH. */
export const AL = 0;
export const CL = 1;
export const DL = 2;
export const BL = 3;
export const AH = 4;

/** Segment registers in encoding order (the Sreg field of MOV Sw and PUSH/POP seg). */
export const ES = 0;
export const CS = 1;
export const SS = 2;
export const DS = 3;

/** The control registers this machine has (DESIGN.md): CR0, CR2, CR3. MOV to or from any other is #UD. */
export const CONTROL_REGISTERS: readonly number[] = [0, 2, 3];

export const REG16_NAMES = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'] as const;
export const REG8_NAMES = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'] as const;
export const SEG_NAMES = ['es', 'cs', 'ss', 'ds'] as const;

/**
 * Byte offset of 8-bit register `r` inside the word file viewed as bytes. AL..BL are the low bytes of
 * AX..BX and AH..BH their high bytes; typed arrays are little-endian on every platform we run on
 * (checked once in cpu.ts), so AL is byte 0 and AH byte 1.
 */
export function reg8Offset(r: number): number {
  return ((r & 3) << 1) | (r >> 2);
}

/** reg8Offset for every encoding, as a table for the hot path. */
export const REG8_OFFSET = Uint8Array.from({ length: 8 }, (_, r) => reg8Offset(r));

/** Register values as plain numbers, the shape used by snapshots, the CLI and the UI. */
export interface Registers {
  ax: number;
  bx: number;
  cx: number;
  dx: number;
  si: number;
  di: number;
  bp: number;
  sp: number;
  cs: number;
  ds: number;
  es: number;
  ss: number;
  ip: number;
  flags: number;
}

export const REGISTER_KEYS: readonly (keyof Registers)[] = [
  'ax',
  'bx',
  'cx',
  'dx',
  'si',
  'di',
  'bp',
  'sp',
  'cs',
  'ds',
  'es',
  'ss',
  'ip',
  'flags'
];
