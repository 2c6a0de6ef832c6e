// The decoder: a pure function from instruction bytes to an Instruction (STYLE.md rule 2). It reads only
// through a ByteSource, so the CPU (fetching at CS:IP), the disassembly view and the assembler's tests all
// share it. Everything it knows about the instruction set comes from the opcode table.

import { entryFor, OPCODES, OPCODES_0F } from './opcode-table';
import { immediateBytes, type OpcodeEntry, type OpcodeSlot } from './opcodes';
import { BP, BX, DI, DS, SI, SS, ZERO } from './registers';
import { formIndex, FORM_COUNT, Instruction } from './instruction';

/** Where the decoder gets bytes: byteAt(n) is the n-th byte of the instruction (0 = its first prefix). */
export interface ByteSource {
  byteAt(offset: number): number;
}

/**
 * The 8086 has no limit on prefixes; a run longer than this is decoded as an instruction of its own (the
 * prefixes, doing nothing), so a segment full of prefix bytes cannot make the decoder loop forever.
 */
export const MAX_PREFIXES = 15;

// ModRM r/m → registers summed and default segment, for mod 0–2 (8086 manual table 2-2).
const RM_BASE = [BX, BX, BP, BP, SI, DI, BP, BX];
const RM_INDEX = [SI, DI, SI, DI, ZERO, ZERO, ZERO, ZERO];
const RM_SEGMENT = [DS, DS, SS, SS, DS, DS, SS, DS];

// How the immediate bytes after the opcode (and ModRM, displacement) are read, per dispatch form.
const IMM_NONE = 0;
const IMM_BYTE = 1; // Ib: zero-extended
const IMM_BYTE_SIGNED = 2; // Ibs, Jb: sign-extended to 16 bits
const IMM_WORD = 3; // Iw, Jw
const IMM_MOFFS = 4; // Ob, Ow: a direct offset, decoded as a memory operand
const IMM_FAR = 5; // Ap: offset then segment

function immediateLayout(entry: OpcodeEntry): number {
  for (const kind of entry.operands) {
    if (kind === 'Ap') return IMM_FAR;
    if (kind === 'Ob' || kind === 'Ow') return IMM_MOFFS;
    if (kind === 'Ibs' || kind === 'Jb') return IMM_BYTE_SIGNED;
    const bytes = immediateBytes(kind);
    if (bytes === 1) return IMM_BYTE;
    if (bytes === 2) return IMM_WORD;
  }
  return IMM_NONE;
}

/** Per form: the table entry and its immediate layout, flattened for the hot path. */
const FORM_ENTRY: OpcodeEntry[] = new Array(FORM_COUNT);
const FORM_IMMEDIATE = new Uint8Array(FORM_COUNT);
function indexSlots(slots: readonly OpcodeSlot[], twoByte: boolean): void {
  for (const slot of slots) {
    for (let reg = 0; reg < 8; reg++) {
      const entry = entryFor(slot, reg);
      const form = formIndex(twoByte, slot.opcode, reg);
      FORM_ENTRY[form] = entry;
      FORM_IMMEDIATE[form] = immediateLayout(entry);
    }
  }
}
indexSlots(OPCODES, false);
indexSlots(OPCODES_0F, true);

const SEGMENT_PREFIX: Record<number, number> = { 0x26: 0, 0x2e: 1, 0x36: 2, 0x3e: 3 };

/** Decode the instruction that `source` starts with into `out` (overwriting every field). */
export function decodeInto(source: ByteSource, out: Instruction): Instruction {
  let n = 0;
  let segmentOverride = -1;
  let repeat = 0;
  let lock = false;
  let opcode = source.byteAt(n++);
  let slot = OPCODES[opcode];
  while (slot.entry !== null && slot.entry.status === 'prefix' && n <= MAX_PREFIXES) {
    if (opcode === 0xf2 || opcode === 0xf3) repeat = opcode;
    else if (opcode === 0xf0 || opcode === 0xf1) lock = true;
    else segmentOverride = SEGMENT_PREFIX[opcode];
    opcode = source.byteAt(n++);
    slot = OPCODES[opcode];
  }
  out.prefixCount = n - 1;
  out.segmentOverride = segmentOverride;
  out.repeat = repeat;
  out.lock = lock;
  out.twoByte = false;
  if (slot.entry !== null && slot.entry.status === 'prefix') {
    // Too many prefixes: this chunk is the prefix run itself (see MAX_PREFIXES); the opcode byte is not consumed.
    n--;
    out.prefixCount = n - 1;
    opcode = source.byteAt(n - 1);
  } else if (opcode === 0x0f) {
    opcode = source.byteAt(n++);
    slot = OPCODES_0F[opcode];
    out.twoByte = true;
  }
  out.opcode = opcode;

  out.hasModrm = slot.hasModrm;
  out.memory = false;
  out.base = ZERO;
  out.index = ZERO;
  out.disp = 0;
  out.segment = segmentOverride >= 0 ? segmentOverride : DS;
  let reg = 0;
  if (slot.hasModrm) {
    const modrm = source.byteAt(n++);
    const mod = modrm >> 6;
    const rm = modrm & 0b111;
    reg = (modrm >> 3) & 0b111;
    out.mod = mod;
    out.reg = reg;
    out.rm = rm;
    if (mod !== 0b11 && slot.registerOnly !== true) {
      out.memory = true;
      if (mod === 0b00 && rm === 0b110) {
        // [disp16]: a direct address, DS-relative.
        out.disp = source.byteAt(n) | (source.byteAt(n + 1) << 8);
        n += 2;
      } else {
        out.base = RM_BASE[rm];
        out.index = RM_INDEX[rm];
        if (segmentOverride < 0) out.segment = RM_SEGMENT[rm];
        if (mod === 0b01) {
          out.disp = ((source.byteAt(n++) << 24) >> 24) & 0xffff;
        } else if (mod === 0b10) {
          out.disp = source.byteAt(n) | (source.byteAt(n + 1) << 8);
          n += 2;
        }
      }
    }
  } else {
    out.mod = 0;
    out.reg = 0;
    out.rm = 0;
  }

  const form = formIndex(out.twoByte, opcode, slot.group ? reg : 0);
  out.form = form;
  out.entry = FORM_ENTRY[form];
  switch (FORM_IMMEDIATE[form]) {
    case IMM_NONE:
      out.imm = 0;
      break;
    case IMM_BYTE:
      out.imm = source.byteAt(n++);
      break;
    case IMM_BYTE_SIGNED:
      out.imm = ((source.byteAt(n++) << 24) >> 24) & 0xffff;
      break;
    case IMM_WORD:
      out.imm = source.byteAt(n) | (source.byteAt(n + 1) << 8);
      n += 2;
      break;
    case IMM_MOFFS:
      out.memory = true;
      out.disp = source.byteAt(n) | (source.byteAt(n + 1) << 8);
      out.imm = 0;
      n += 2;
      break;
    case IMM_FAR:
      out.imm = source.byteAt(n) | (source.byteAt(n + 1) << 8);
      out.imm2 = source.byteAt(n + 2) | (source.byteAt(n + 3) << 8);
      n += 4;
      break;
  }
  out.length = n;
  return out;
}

/** Decode into a fresh Instruction (for views; the CPU reuses one with decodeInto). */
export function decode(source: ByteSource): Instruction {
  return decodeInto(source, new Instruction());
}

/** A ByteSource over an array, for views and tests: byteAt past the end reads 0. */
export function bytesSource(bytes: ArrayLike<number>, start = 0): ByteSource {
  return { byteAt: (offset) => bytes[start + offset] ?? 0 };
}
