// What the parser makes of each source line: one Statement, parsed once and then laid out and encoded on
// every pass. Expressions stay unevaluated trees (their values change between passes as labels move).

import type { Expr } from './expressions';
import type { Candidate } from './match';
import type { Register } from './names';

/** Columns (0-based, end exclusive) on the line a statement came from. */
export interface Columns {
  start: number;
  end: number;
}

/** Keywords written before an operand: `byte`, `word`, `short`, `near`, `far`, `strict`. */
export interface OperandModifiers {
  /** Bytes named by a size keyword, or 0. */
  size: number;
  strict: boolean;
  distance: 'short' | 'near' | 'far' | null;
}

export interface RegisterOperand extends OperandModifiers, Columns {
  k: 'reg';
  reg: Register;
}

export interface MemoryOperand extends OperandModifiers, Columns {
  k: 'mem';
  /** Segment register number of an override written inside the brackets (`[es:di]`), or -1. */
  segment: number;
  /** Registers summed into the address (word-register numbers), or -1. */
  base: number;
  index: number;
  /** The displacement, or null for none. */
  disp: Expr | null;
  /** Folded value of a displacement that never changes (no symbol, `$` or `$$`). */
  dispConstant: bigint | null;
  /** `[byte bx+5]` / `[word bx+5]`: a forced displacement size, or 0. */
  dispSize: number;
}

export interface ImmediateOperand extends OperandModifiers, Columns {
  k: 'imm';
  expr: Expr;
  /** Folded value when the expression never changes (no symbol, `$` or `$$`). */
  constant: bigint | null;
}

/** `seg:offset`, a far pointer written as two immediates (JMP/CALL Ap). */
export interface FarOperand extends OperandModifiers, Columns {
  k: 'far';
  segmentExpr: Expr;
  offsetExpr: Expr;
}

export type Operand = RegisterOperand | MemoryOperand | ImmediateOperand | FarOperand;

/** An item of db/dw/dd/dq: a number expression, a string, or a float. */
export type DataItem =
  | { k: 'expr'; expr: Expr; columns: Columns }
  | { k: 'string'; bytes: number[] }
  | { k: 'float'; value: number; columns: Columns };

export interface InstructionBody {
  k: 'insn';
  /** Lower-case mnemonic as written (aliases included). */
  mnemonic: string;
  mnemonicColumns: Columns;
  /** Prefix words written before the mnemonic (`rep`, `lock`, `es`…), lower case. */
  prefixes: string[];
  operands: Operand[];
  /** Table forms whose operand shapes fit, in NASM's order of preference; each pass picks one by value. */
  candidates: Candidate[];
  /** Prefix bytes in the order NASM emits them (WAIT, REP/REPNE, LOCK, segment override). */
  prefixBytes: number[];
  /** Jcc: the condition code (low nibble of 70–7F), for the jump-over NASM uses beyond short range; else -1. */
  condition: number;
  /** The `cpu` level in force on this line. */
  cpu: number;
  /** The encoding depends on no symbol, `$` or jump distance: the passes encode it once. */
  invariant: boolean;
}

export type StatementBody =
  | InstructionBody
  /** A line of prefixes only (`rep` alone): their bytes. */
  | { k: 'prefixes'; bytes: number[] }
  | { k: 'data'; unit: number; items: DataItem[] }
  | { k: 'reserve'; unit: number; count: Expr; columns: Columns }
  | { k: 'equ'; expr: Expr }
  | { k: 'org'; expr: Expr; columns: Columns }
  | { k: 'section'; name: string; align: number }
  /** `absolute N` (and struc): lines after it lay out labels from N on, in no section, producing no bytes. */
  | { k: 'absolute'; expr: Expr; columns: Columns }
  | { k: 'align'; expr: Expr; fill: DataItem | null; reserve: boolean; columns: Columns }
  | { k: 'sectalign'; expr: Expr; columns: Columns }
  | { k: 'cpu'; level: number }
  | { k: 'empty' };

/** A source position that a statement reports at and that the source map records. */
export interface LineRef {
  /** Index into the assembly's file list. */
  file: number;
  line: number;
  /** The text of that line (the macro call's line for lines a macro produced). */
  text: string;
  /** Set for lines a multi-line macro produced: the macro's name and the body line, for the listing. */
  macro?: { name: string; file: number; line: number; text: string; depth: number };
}

export interface Statement {
  ref: LineRef;
  /** The row of the listing this statement belongs to. */
  listIndex: number;
  label?: { name: string; columns: Columns };
  /** `times N`: the repeat count's expression. */
  times?: { expr: Expr; columns: Columns };
  body: StatementBody;
  /** Set once an error was reported for this line: later passes encode nothing for it. */
  failed?: boolean;
}
