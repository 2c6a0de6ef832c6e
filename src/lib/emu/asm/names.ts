// The reserved words of NASM syntax the assembler recognises: registers (numbered as the opcode table's
// operand lists number them), size and distance keywords, and instruction prefixes. Case-insensitive.

import { REG16_OPERANDS, REG8_OPERANDS, SEGMENT_OPERANDS } from '../cpu/opcode-table';
import { CONTROL_REGISTERS } from '../cpu/registers';

/**
 * A register operand. `number` is its encoding in the ModRM reg/rm field (the index in the opcode table's
 * REG8_OPERANDS, REG16_OPERANDS, SEGMENT_OPERANDS lists; the n of CRn).
 */
export interface Register {
  /** Lower-case, as NASM prints it. */
  name: string;
  kind: 'reg8' | 'reg16' | 'seg' | 'cr' | 'reg32' | 'other';
  number: number;
  /** Bytes: 1, 2, 4; 0 for control registers. */
  size: number;
  /** Set for registers this machine does not have, with the reason shown to the learner. */
  unsupported?: string;
}

const REGISTERS = new Map<string, Register>();

function add(name: string, kind: Register['kind'], number: number, size: number, unsupported?: string) {
  REGISTERS.set(name, { name, kind, number, size, unsupported });
}

REG8_OPERANDS.forEach((name, n) => add(name.toLowerCase(), 'reg8', n, 1));
REG16_OPERANDS.forEach((name, n) => add(name.toLowerCase(), 'reg16', n, 2));
SEGMENT_OPERANDS.forEach((name, n) => add(name.toLowerCase(), 'seg', n, 2));
// 32-bit registers exist in NASM syntax only as the general-register side of MOV CRn (`mov cr3, eax`).
REG16_OPERANDS.forEach((name, n) => add(`e${name.toLowerCase()}`, 'reg32', n, 4));
// The control registers of DESIGN.md: CR0, CR2, CR3. NASM also knows CR1 and CR4 and up.
for (let n = 0; n <= 8; n++) {
  if (CONTROL_REGISTERS.includes(n)) add(`cr${n}`, 'cr', n, 0);
  else add(`cr${n}`, 'cr', n, 0, 'this machine has only CR0, CR2 and CR3');
}
add('fs', 'seg', 4, 2, 'FS and GS arrived with the 386; the 8086 has ES, CS, SS and DS');
add('gs', 'seg', 5, 2, 'FS and GS arrived with the 386; the 8086 has ES, CS, SS and DS');
for (let n = 0; n < 8; n++) {
  add(`dr${n}`, 'other', n, 4, 'debug registers arrived with the 386');
  add(`st${n}`, 'other', n, 10, 'the 8087 coprocessor is not part of this machine');
  add(`mm${n}`, 'other', n, 8, 'MMX registers are not part of this machine');
  add(`xmm${n}`, 'other', n, 16, 'SSE registers are not part of this machine');
}

/** The register a name denotes (any case), or undefined. */
export function lookupRegister(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

/** Operand size keywords and the bytes they mean (NASM manual §2.2.3). */
export const SIZE_KEYWORDS: Readonly<Record<string, number>> = {
  byte: 1,
  word: 2,
  dword: 4,
  qword: 8,
  tword: 10,
  oword: 16,
  yword: 32,
  zword: 64
};

/** Keywords that qualify an operand without giving it a size. */
export const DISTANCE_KEYWORDS = new Set(['short', 'near', 'far', 'strict', 'nosplit', 'to', 'abs', 'rel']);

/** Instruction prefixes written as words, and the byte each emits. */
export const PREFIX_BYTES: Readonly<Record<string, number>> = {
  lock: 0xf0,
  rep: 0xf3,
  repe: 0xf3,
  repz: 0xf3,
  repne: 0xf2,
  repnz: 0xf2,
  es: 0x26,
  cs: 0x2e,
  ss: 0x36,
  ds: 0x3e,
  wait: 0x9b
};

/** The slot a prefix occupies; NASM emits WAIT, then REP/REPNE, then LOCK, then the segment override. */
export function prefixSlot(name: string): 'wait' | 'rep' | 'lock' | 'segment' {
  if (name === 'wait') return 'wait';
  if (name === 'lock') return 'lock';
  if (name.startsWith('rep')) return 'rep';
  return 'segment';
}

/** Operand-size and address-size prefixes of 32-bit code: NASM words this 16-bit-only machine refuses. */
export const SIZE_PREFIXES = new Set(['o16', 'o32', 'o64', 'a16', 'a32', 'a64', 'osp', 'asp']);
