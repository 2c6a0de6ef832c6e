// The shape of the opcode table and the questions every reader of it asks (STYLE.md rule 1: the instruction
// set is data). The decoder, the CPU's dispatch, and later the disassembler, the assembler and the editor's
// hover docs all read the one table in opcode-table.ts through these types.

/**
 * Operand kinds in the notation of the Intel manuals' opcode maps (SDM vol. 2, appendix A), for 16-bit code:
 *  E = ModRM r/m (register or memory), G = ModRM reg, S = segment register from ModRM reg, M = memory only,
 *  Mp = memory holding a far pointer (offset, segment), I = immediate, Ibs = imm8 sign-extended to 16 bits,
 *  J = IP-relative target, Ap = far pointer immediate, O = direct memory offset (moffs);
 *  b = byte, w = word. Named registers and the constant 1 (shift by one) stand for themselves.
 *  System extensions: Cr = control register CR0/CR2/CR3 from ModRM reg; Rw = a word register from ModRM r/m,
 *  whatever the mod bits say (MOV CRn ignores them, as on the 386). NASM writes these operands as 32-bit
 *  registers (`mov cr3, eax`); the CPU moves the 16 bits of AX.
 */
export type OperandKind =
  | 'Eb'
  | 'Ew'
  | 'Gb'
  | 'Gw'
  | 'Sw'
  | 'M'
  | 'Mp'
  | 'Ib'
  | 'Iw'
  | 'Ibs'
  | 'Jb'
  | 'Jw'
  | 'Ap'
  | 'Ob'
  | 'Ow'
  | '1'
  | 'AL'
  | 'CL'
  | 'DL'
  | 'BL'
  | 'AH'
  | 'CH'
  | 'DH'
  | 'BH'
  | 'AX'
  | 'CX'
  | 'DX'
  | 'BX'
  | 'SP'
  | 'BP'
  | 'SI'
  | 'DI'
  | 'ES'
  | 'CS'
  | 'SS'
  | 'DS'
  | 'Cr'
  | 'Rw';

/**
 * How the opcode stands on a real 8086, in the words of the conformance metadata:
 * documented, an alias of another opcode, undocumented but well defined, undefined (behaviour observed but not
 * specified), an 8087 escape, a prefix, or our two-byte escape 0F.
 */
export type OpcodeStatus = 'normal' | 'alias' | 'undocumented' | 'undefined' | 'fpu' | 'prefix' | 'escape';

export interface OpcodeEntry {
  /** The opcode byte (for two-byte opcodes, the byte after 0F). */
  readonly opcode: number;
  /** True for the two-byte space 0F xx. */
  readonly twoByte: boolean;
  /** For members of a group (80–83, D0–D3, F6, F7, FE, FF…): the ModRM reg field; otherwise null. */
  readonly reg: number | null;
  /** NASM's spelling, upper case. */
  readonly mnemonic: string;
  /** Other spellings NASM accepts for the same encoding (JZ for JE…). */
  readonly aliases: readonly string[];
  readonly operands: readonly OperandKind[];
  readonly status: OpcodeStatus;
  /** Status flags the instruction may change, as letters of "odiszapc". */
  readonly flagsWritten: string;
  /** Flags whose value is undefined afterwards (the conformance data masks them). */
  readonly flagsUndefined: string;
  /** One line for hover docs and listings. */
  readonly summary: string;
  /** Set when the entry is only this exact ModRM byte (VMCALL is 0F 01 C1); any other ModRM is #UD. */
  readonly modrm?: number;
}

/** One first byte of the opcode map: a single instruction, or a group decided by the ModRM reg field. */
export interface OpcodeSlot {
  readonly opcode: number;
  readonly twoByte: boolean;
  /** Whether a ModRM byte follows the opcode. */
  readonly hasModrm: boolean;
  /** The ModRM byte always names registers, whatever its mod bits (MOV to and from CRn): no displacement. */
  readonly registerOnly?: boolean;
  /** Set for single instructions (and prefixes). */
  readonly entry: OpcodeEntry | null;
  /** Set for groups: eight entries indexed by ModRM reg. */
  readonly group: readonly OpcodeEntry[] | null;
}

/** Operand kinds that live in the ModRM byte. */
const MODRM_KINDS: ReadonlySet<OperandKind> = new Set(['Eb', 'Ew', 'Gb', 'Gw', 'Sw', 'M', 'Mp', 'Cr', 'Rw']);

export function usesModrm(operands: readonly OperandKind[]): boolean {
  return operands.some((kind) => MODRM_KINDS.has(kind));
}

/** Bytes of immediate data (immediates, displacements of J, moffs, far pointers) that an operand adds. */
export function immediateBytes(kind: OperandKind): number {
  switch (kind) {
    case 'Ib':
    case 'Ibs':
    case 'Jb':
      return 1;
    case 'Iw':
    case 'Jw':
    case 'Ob':
    case 'Ow':
      return 2;
    case 'Ap':
      return 4;
    default:
      return 0;
  }
}
