// Which table forms can encode an instruction as written: operand shapes against the opcode table's operand
// kinds (the register, memory or immediate an operand is; its size; `short`/`near`/`far`). Done once per
// line; the passes then choose among the survivors by the operands' values. When nothing fits, the message
// says why in words a learner can act on, where NASM says "invalid combination of opcode and operands".

import type { OperandKind } from '../cpu/opcodes';
import type { Form } from './forms';
import { COMMUTATIVE, cpuName, SIZE_REQUIRED } from './nasm-data';
import type { Operand } from './statements';

/** A form with the source operand that fills each of its operand kinds (operands may be swapped). */
export interface Candidate {
  form: Form;
  /** order[k] = index of the written operand that fills the form's k-th operand kind. */
  order: readonly number[];
}

export interface MatchProblem {
  message: string;
  hint?: string;
  /** Index of the operand to point at, or -1 for the mnemonic. */
  operand: number;
}

/** JMP and CALL take `far` on a memory operand to mean the far (Mp) form. */
const FAR_CAPABLE = new Set(['JMP', 'CALL']);

const REGISTER_KINDS: ReadonlySet<string> = new Set([
  'AL',
  'CL',
  'DL',
  'BL',
  'AH',
  'CH',
  'DH',
  'BH',
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

/** Whether operand `op` has the shape of operand kind `kind` in form `form` (sizes included). */
export function fitsKind(kind: OperandKind, op: Operand, form: Form): boolean {
  const reg = op.k === 'reg' ? op.reg : null;
  const mem = op.k === 'mem' ? op : null;
  const imm = op.k === 'imm' ? op : null;
  const wantsFar = FAR_CAPABLE.has(form.mnemonic) && op.distance === 'far';
  switch (kind) {
    case 'Eb':
      return reg?.kind === 'reg8' || (mem !== null && mem.size <= 1 && !wantsFar && mem.distance === null);
    case 'Ew':
      // `jmp near [bx]` and `call near [bx]` are the word forms; other instructions take no distance.
      return (
        reg?.kind === 'reg16' ||
        (mem !== null &&
          (mem.size === 0 || mem.size === 2) &&
          (mem.distance === null || (mem.distance === 'near' && FAR_CAPABLE.has(form.mnemonic))))
      );
    case 'Gb':
      return reg?.kind === 'reg8';
    case 'Gw':
      return reg?.kind === 'reg16';
    case 'Sw':
      return reg?.kind === 'seg';
    case 'Cr':
      return reg?.kind === 'cr';
    case 'Rw':
      return reg?.kind === 'reg32';
    case 'M':
      return mem !== null && mem.distance === null;
    case 'Mp':
      return (
        mem !== null && (FAR_CAPABLE.has(form.mnemonic) ? wantsFar : mem.size === 0 && mem.distance === null)
      );
    case 'Ob':
    case 'Ow':
      return (
        mem !== null &&
        mem.base < 0 &&
        mem.index < 0 &&
        mem.dispSize !== 1 &&
        (mem.size === 0 || mem.size === (kind === 'Ob' ? 1 : 2))
      );
    case 'Ib':
      return imm !== null && imm.size <= 1 && imm.distance === null;
    case 'Iw':
      return imm !== null && (imm.size === 0 || imm.size === 2) && imm.distance === null;
    case 'Ibs':
      return imm !== null && imm.size <= 2 && imm.distance === null && !(imm.strict && imm.size !== 1);
    case '1':
      return imm !== null && imm.size === 0 && imm.distance === null;
    case 'Jb':
      return imm !== null && imm.size === 0 && (imm.distance === null || imm.distance === 'short');
    case 'Jw':
      return imm !== null && imm.size !== 1 && (imm.distance === null || imm.distance === 'near');
    case 'Ap':
      // NASM 2.16 refuses `jmp far 0:0x7c00` ("mismatch in operand sizes"): the pair alone says far.
      return op.k === 'far' && op.distance === null;
    default:
      return REGISTER_KINDS.has(kind) && reg !== null && reg.name.toUpperCase() === kind;
  }
}

/** Kinds that hold a register or memory but say nothing about an immediate's size. */
function sizeOfOperand(op: Operand): number {
  if (op.k === 'reg')
    return op.reg.kind === 'reg8' ? 1 : op.reg.kind === 'reg16' || op.reg.kind === 'seg' ? 2 : 0;
  return op.size;
}

const AS_WRITTEN: readonly (readonly number[])[][] = [[[]], [[0]], [[0, 1]], [[0, 1, 2]]];
const REVERSED_FIRST: readonly (readonly number[])[] = [
  [1, 0],
  [0, 1]
];
const AS_WRITTEN_FIRST: readonly (readonly number[])[] = [
  [0, 1],
  [1, 0]
];

/** The orders in which the written operands may fill a form's operand kinds (shared arrays: no allocation). */
function orders(mnemonic: string, count: number): readonly (readonly number[])[] {
  if (count === 2 && mnemonic in COMMUTATIVE) {
    return COMMUTATIVE[mnemonic] === 'reversed-first' ? REVERSED_FIRST : AS_WRITTEN_FIRST;
  }
  return AS_WRITTEN[count] ?? [[...Array(count).keys()]];
}

/**
 * The candidates for an instruction, in preference order, or the reason there are none. `cpu` is the level
 * the `cpu` directive has set.
 */
export function matchForms(
  forms: readonly Form[],
  operands: readonly Operand[],
  cpu: number
): Candidate[] | MatchProblem {
  // Programs repeat the same shapes (`mov reg16, [mem]` …) thousands of times: the answer depends only on the
  // forms, the cpu level and each operand's shape, so it is remembered by those.
  const key = shapeKey(forms, operands, cpu);
  const known = MATCH_CACHE.get(key);
  if (known) return known;
  const result = matchShapes(forms, operands, cpu);
  if (MATCH_CACHE.size > MATCH_CACHE_LIMIT) MATCH_CACHE.clear();
  MATCH_CACHE.set(key, result);
  return result;
}

const MATCH_CACHE = new Map<string, Candidate[] | MatchProblem>();
const MATCH_CACHE_LIMIT = 10_000;
/** A number per forms list (per mnemonic), for the cache key. */
const FORMS_IDS = new WeakMap<readonly Form[], number>();
let nextFormsId = 0;

function shapeKey(forms: readonly Form[], operands: readonly Operand[], cpu: number): string {
  let id = FORMS_IDS.get(forms);
  if (id === undefined) FORMS_IDS.set(forms, (id = nextFormsId++));
  let key = `${id}/${cpu}`;
  for (const op of operands) {
    const common = `${op.size}${op.strict ? 's' : ''}${op.distance ?? ''}`;
    if (op.k === 'reg') key += `|r${op.reg.name}${common}`;
    else if (op.k === 'mem') key += `|m${common}:${op.dispSize}${op.base < 0 && op.index < 0 ? 'd' : ''}`;
    else key += `|${op.k}${common}`;
  }
  return key;
}

function matchShapes(
  forms: readonly Form[],
  operands: readonly Operand[],
  cpu: number
): Candidate[] | MatchProblem {
  const shaped: Candidate[] = [];
  for (const form of forms) {
    if (form.operands.length !== operands.length) continue;
    for (const order of orders(form.mnemonic, operands.length)) {
      if (form.operands.every((kind, k) => fitsKind(kind, operands[order[k]], form))) {
        if (!shaped.some((c) => c.form === form && c.order === order)) shaped.push({ form, order });
      }
    }
  }
  // `add [bx], byte 1` is a byte operation (80 /0): an explicit `byte` on the immediate only selects the
  // sign-extended 83 form when the other operand is a word (NASM's 83 template needs a sized r/m16).
  for (let i = shaped.length - 1; i >= 0; i--) {
    const { form, order } = shaped[i];
    const k = form.operands.indexOf('Ibs');
    if (k < 0 || (operands[order[k]] as { size: number }).size !== 1) continue;
    const rm = operands[order[form.operands.indexOf('Ew')]];
    if (rm?.k === 'mem' && rm.size === 0) shaped.splice(i, 1);
  }
  if (shaped.length === 0) return explainMismatch(forms, operands);

  const allowed = shaped.filter((c) => c.form.cpu <= cpu);
  if (allowed.length === 0) {
    const level = Math.min(...shaped.map((c) => c.form.cpu));
    return {
      message: `${shaped[0].form.mnemonic.toLowerCase()} needs a ${cpuName(level)} or later, and \`cpu ${cpuName(cpu)}\` is in force`,
      hint: `put \`cpu ${cpuName(level)}\` before it (and \`cpu ${cpuName(cpu)}\` after it to go back)`,
      operand: -1
    };
  }

  // Forms of both sizes fit: nothing says whether a byte or a word is meant (`mov [bx], 5`, `inc [bx]`,
  // `rcr [bx], cl` — CL is the count, not the size). An operand that gave a size would have ruled the other
  // forms out already. NASM also knows 32-bit PUSH and POP, so it wants their memory operand's size written.
  const sizes = new Set(allowed.map((c) => c.form.size).filter((size) => size !== 0));
  const unsizedMemory = operands.some((op) => op.k === 'mem' && op.size === 0);
  const mustSize = SIZE_REQUIRED.has(allowed[0].form.mnemonic) && unsizedMemory;
  if (sizes.size > 1 || mustSize) {
    const memory = operands.findIndex((op) => op.k === 'mem');
    return {
      message: 'operation size not specified',
      hint: memory >= 0 ? 'write `byte` or `word` before the memory operand' : 'write `byte` or `word`',
      operand: memory
    };
  }
  return allowed;
}

function describe(op: Operand): string {
  switch (op.k) {
    case 'reg':
      return op.reg.kind === 'seg'
        ? 'a segment register'
        : op.reg.kind === 'cr'
          ? 'a control register'
          : op.reg.kind === 'reg32'
            ? 'a 32-bit register'
            : `a ${op.reg.size === 1 ? 'byte' : 'word'} register`;
    case 'mem':
      return 'memory';
    case 'imm':
      return 'a number';
    case 'far':
      return 'a segment:offset pair';
  }
}

function explainMismatch(forms: readonly Form[], operands: readonly Operand[]): MatchProblem {
  const name = forms[0].mnemonic.toLowerCase();
  const counts = [...new Set(forms.map((f) => f.operands.length))].sort();
  if (!counts.includes(operands.length)) {
    const want = counts.map((n) => (n === 0 ? 'no operands' : n === 1 ? 'one operand' : `${n} operands`));
    return {
      message: `${name} takes ${want.join(' or ')}, not ${operands.length === 0 ? 'none' : operands.length}`,
      operand: operands.length > (counts.at(-1) ?? 0) ? (counts.at(-1) ?? 0) : -1
    };
  }
  const sizes = operands.map(sizeOfOperand).filter((size) => size !== 0);
  const registers = operands.filter(
    (op) => op.k === 'reg' && (op.reg.kind === 'reg8' || op.reg.kind === 'reg16')
  );
  if (new Set(sizes).size > 1) {
    return {
      message: 'mismatch in operand sizes',
      hint:
        registers.length > 1 ? 'both registers must be bytes (al, bl…) or both words (ax, bx…)' : undefined,
      operand: operands.length - 1
    };
  }
  const shape = operands.map(describe).join(', ');
  const keyword = operands.find((op) => op.distance !== null);
  if (keyword) {
    const where = operands.indexOf(keyword);
    if (keyword.k === 'far') {
      return {
        message: `${name} cannot take \`far\` before a segment:offset pair`,
        hint: 'the pair alone makes the jump far: leave out `far`',
        operand: where
      };
    }
    return {
      message: `${name} cannot be ${keyword.distance}`,
      hint:
        name.startsWith('loop') || name === 'jcxz'
          ? `${name} reaches only -128…+127 bytes: leave out \`${keyword.distance}\``
          : undefined,
      operand: where
    };
  }
  return { message: `${name} cannot take ${shape}`, hint: HINTS[`${name} ${shape}`], operand: -1 };
}

/** Fixes for the combinations learners reach for most often. */
const HINTS: Record<string, string> = {
  'mov memory, memory': 'move through a register: mov ax, [source] then mov [destination], ax',
  'mov a segment register, a number': 'load a register first: mov ax, value then mov ds, ax',
  'mov a segment register, a segment register': 'copy through a register: mov ax, es then mov ds, ax',
  'push a number': 'the 8086 cannot push a constant: mov ax, value then push ax',
  'xchg memory, memory': 'exchange through a register',
  'add memory, memory': 'load one side into a register first',
  'sub memory, memory': 'load one side into a register first',
  'cmp memory, memory': 'load one side into a register first',
  'mov a number, a word register': 'the destination comes first: mov register, value',
  'mov a control register, a word register': 'NASM writes the register as 32 bits: mov cr3, eax',
  'mov a word register, a control register': 'NASM writes the register as 32 bits: mov eax, cr3',
  'lea a word register, a word register': 'lea takes the address of memory: lea ax, [bx+si]',
  'les a word register, memory': 'les loads a 4-byte far pointer: write the memory without a size',
  'lds a word register, memory': 'lds loads a 4-byte far pointer: write the memory without a size'
};
