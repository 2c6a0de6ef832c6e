// The assembler's view of the opcode table: every encoding NASM can produce, indexed by mnemonic. Derived
// from OPCODES and OPCODES_0F (STYLE.md rule 1) — this file lists no opcodes of its own. It keeps the entries
// a NASM source can ask for: documented ones, and the undocumented SALC that NASM also knows; aliases of
// other opcodes (82, C0, 60–6F…), undefined group members and the 8087 escapes are for the CPU only.

import { OPCODES, OPCODES_0F } from '../cpu/opcode-table';
import type { OpcodeEntry, OpcodeSlot, OperandKind } from '../cpu/opcodes';
import { CPU_8086, CPU_LEVEL, NASM_ALIASES, NASM_UNDOCUMENTED, NOT_IN_NASM } from './nasm-data';

/** One way to encode an instruction: a table entry and where its bytes come from. */
export interface Form {
  entry: OpcodeEntry;
  /** The table's mnemonic (upper case). */
  mnemonic: string;
  opcode: number;
  twoByte: boolean;
  /** The ModRM reg field of a group member, or -1. */
  reg: number;
  operands: readonly OperandKind[];
  hasModrm: boolean;
  /** The ModRM byte names registers whatever its mod bits (MOV CRn): always encoded with mod = 11. */
  registerOnly: boolean;
  /** The whole ModRM byte when the entry is that one byte only (VMCALL is 0F 01 C1), else -1. */
  fixedModrm: number;
  /** The lowest `cpu` level NASM accepts it under. */
  cpu: number;
  /** Operation size in bytes (1 or 2) from its register and memory operands; 0 when none has a size. */
  size: number;
}

const BYTE_KINDS: ReadonlySet<OperandKind> = new Set([
  'Eb',
  'Gb',
  'Ob',
  'AL',
  'CL',
  'DL',
  'BL',
  'AH',
  'CH',
  'DH',
  'BH'
]);
const WORD_KINDS: ReadonlySet<OperandKind> = new Set([
  'Ew',
  'Gw',
  'Ow',
  'Sw',
  'AX',
  'CX',
  'DX',
  'BX',
  'SP',
  'BP',
  'SI',
  'DI',
  'ES',
  'CS',
  'SS',
  'DS'
]);

function operationSize(operands: readonly OperandKind[]): number {
  // IN AL,DX and OUT DX,AL move a byte: the port register DX says nothing about the size.
  const sized = operands.length > 1 ? operands.filter((kind) => kind !== 'DX') : operands;
  for (const kind of sized) {
    if (BYTE_KINDS.has(kind)) return 1;
    if (WORD_KINDS.has(kind)) return 2;
  }
  return 0;
}

function assemblable(entry: OpcodeEntry): boolean {
  if (NOT_IN_NASM.has(entry.mnemonic)) return false;
  if (entry.status === 'normal') return true;
  return entry.status === 'undocumented' && NASM_UNDOCUMENTED.has(entry.mnemonic);
}

function makeForm(slot: OpcodeSlot, entry: OpcodeEntry, reg: number): Form {
  const usesCr = entry.operands.includes('Cr');
  return {
    entry,
    mnemonic: entry.mnemonic,
    opcode: slot.opcode,
    twoByte: slot.twoByte,
    reg,
    operands: entry.operands,
    hasModrm: slot.hasModrm,
    registerOnly: slot.registerOnly === true,
    fixedModrm: entry.modrm ?? -1,
    cpu: CPU_LEVEL[usesCr ? `${entry.mnemonic} Cr` : entry.mnemonic] ?? CPU_8086,
    size: operationSize(entry.operands)
  };
}

function collectForms(): Form[] {
  const forms: Form[] = [];
  for (const slots of [OPCODES, OPCODES_0F]) {
    for (const slot of slots) {
      if (slot.entry) {
        if (assemblable(slot.entry)) forms.push(makeForm(slot, slot.entry, -1));
        continue;
      }
      slot.group?.forEach((entry, reg) => {
        if (assemblable(entry)) forms.push(makeForm(slot, entry, reg));
      });
    }
  }
  return forms;
}

/** Every assemblable form, one-byte opcodes first in opcode order (the tie-break among equal sizes). */
export const FORMS: readonly Form[] = collectForms();

const BY_NAME = new Map<string, Form[]>();
for (const form of FORMS) {
  for (const name of [form.mnemonic, ...form.entry.aliases]) {
    const key = name.toLowerCase();
    const list = BY_NAME.get(key) ?? [];
    list.push(form);
    BY_NAME.set(key, list);
  }
}
for (const [alias, mnemonic] of Object.entries(NASM_ALIASES)) {
  const forms = BY_NAME.get(mnemonic.toLowerCase());
  if (forms) BY_NAME.set(alias.toLowerCase(), forms);
}

/** The forms of a mnemonic (any case, aliases included), or undefined for a name that is no instruction. */
export function formsOf(mnemonic: string): readonly Form[] | undefined {
  return BY_NAME.get(mnemonic.toLowerCase());
}

/** Every mnemonic the assembler accepts, lower case (for suggestions and the editor's completions). */
export const MNEMONICS: readonly string[] = [...BY_NAME.keys()].sort();

/** The table mnemonic of a name ("jz" for "je"), or the name itself. */
export function canonicalMnemonic(name: string): string {
  return formsOf(name)?.[0]?.mnemonic ?? name.toUpperCase();
}
