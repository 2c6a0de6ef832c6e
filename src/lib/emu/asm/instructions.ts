// Instruction lines: prefixes, the mnemonic and its operands, matched once against the opcode table's forms
// (match.ts), with the prefix bytes put in NASM's order and constant operands folded, so that the passes only
// evaluate what can change between them. Words of later CPUs and of the 8087 get a message of their own.

import { isConstant, spanOf, type Expr, type TokenCursor } from './expressions';
import { formsOf, MNEMONICS } from './forms';
import type { Token } from './lexer';
import { matchForms } from './match';
import { FPU_INSTRUCTIONS, IMPLIED_IMMEDIATE, LATER_INSTRUCTIONS, XCHG_AX_AX, cpuName } from './nasm-data';
import { PREFIX_BYTES, prefixSlot, SIZE_PREFIXES } from './names';
import { parseOperand } from './operands';
import { editDistance } from './pass-env';
import { lowerId, parseProblem, qualifyExpr, trailing, type ParseProblem, type ParseState } from './parser';
import type { Columns, InstructionBody, Operand, StatementBody } from './statements';
import { evaluate, isPlain, type EvalContext } from './values';

function suggestion(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = word.length > 3 ? 3 : 2;
  for (const candidate of MNEMONICS) {
    const d = editDistance(word, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? `did you mean ${best}?` : undefined;
}

/** An instruction line (after any label and `times`): prefixes, mnemonic, operands. */
export function parseInstruction(cursor: TokenCursor, state: ParseState): StatementBody | ParseProblem {
  const prefixes: string[] = [];
  let token = cursor.peek() as Token;
  for (;;) {
    const word = lowerId(token);
    if (word !== null && word in PREFIX_BYTES) {
      prefixes.push(word);
    } else if (word !== null && SIZE_PREFIXES.has(word)) {
      // o16 and a16 change nothing in 16-bit code; the others make 32-bit instructions.
      if (word !== 'o16' && word !== 'a16')
        return parseProblem(`${word} makes 32-bit code, which needs a 386`, spanOf(token));
    } else break;
    cursor.next();
    if (cursor.atEnd()) return prefixOnly(prefixes, spanOf(token));
    token = cursor.peek() as Token;
  }

  const word = lowerId(token);
  const columns = spanOf(token);
  if (word === null) return parseProblem(`expected an instruction, found '${token.text}'`, columns);
  const forms = formsOf(word);
  if (!forms) {
    const later = LATER_INSTRUCTIONS[word];
    if (later) {
      const hint = later.instead ? `on the 8086: ${later.instead}` : undefined;
      return parseProblem(
        `${word} is a ${cpuName(later.level)} instruction; this machine is an 8086`,
        columns,
        hint
      );
    }
    if (FPU_INSTRUCTIONS.has(word))
      return parseProblem(`${word} is an 8087 coprocessor instruction; this machine has no 8087`, columns);
    return parseProblem(`unknown instruction ${token.text}`, columns, suggestion(word));
  }
  cursor.next();

  const operands: Operand[] = [];
  while (!cursor.atEnd()) {
    const operand = parseOperand(cursor);
    if ('message' in operand) return parseProblem(operand.message, operand, operand.hint);
    if (operand.k === 'imm') operand.expr = qualifyExpr(operand.expr, state);
    if (operand.k === 'mem' && operand.disp) operand.disp = qualifyExpr(operand.disp, state);
    if (operand.k === 'far') {
      qualifyExpr(operand.segmentExpr, state);
      qualifyExpr(operand.offsetExpr, state);
    }
    operands.push(operand);
    if (cursor.atEnd()) break;
    if (!cursor.isOp(',')) return trailing(cursor);
    cursor.next();
  }
  const mnemonic = forms[0].mnemonic;
  if (operands.length === 0 && mnemonic in IMPLIED_IMMEDIATE) {
    const value = IMPLIED_IMMEDIATE[mnemonic];
    operands.push({
      k: 'imm',
      expr: { k: 'num', value },
      constant: value,
      size: 0,
      strict: false,
      distance: null,
      ...columns
    });
  }
  return buildInstruction(word, columns, prefixes, operands, state);
}

function prefixOnly(prefixes: string[], columns: Columns): StatementBody | ParseProblem {
  const built = prefixBytes(prefixes, -1, columns);
  if ('message' in built) return built;
  return { k: 'prefixes', bytes: built };
}

/** Prefix bytes in NASM's order: WAIT, REP/REPNE, LOCK, segment; two different ones in a slot conflict. */
function prefixBytes(prefixes: string[], memorySegment: number, columns: Columns): number[] | ParseProblem {
  // NASM refuses a segment prefix word together with an override in the brackets, even the same one.
  if (memorySegment >= 0 && prefixes.some((word) => prefixSlot(word) === 'segment')) {
    return parseProblem(
      'two segment overrides: one as a prefix and one inside [ ]',
      columns,
      'keep the one inside [ ]'
    );
  }
  const slots: Record<string, number> = {};
  const written: Record<string, string> = {};
  const words = [...prefixes];
  if (memorySegment >= 0) words.push(['es', 'cs', 'ss', 'ds'][memorySegment]);
  for (const word of words) {
    const slot = prefixSlot(word);
    const byte = PREFIX_BYTES[word];
    // As in NASM, two different words for one slot conflict even when they mean the same byte (rep, repz).
    if (slot in slots && written[slot] !== word) {
      return parseProblem(
        slot === 'segment'
          ? 'two different segment overrides on one instruction'
          : 'conflicting prefixes on one instruction',
        columns
      );
    }
    slots[slot] = byte;
    written[slot] = word;
  }
  return ['wait', 'rep', 'lock', 'segment'].filter((slot) => slot in slots).map((slot) => slots[slot]);
}

const JCC_FIRST = 0x70;

function buildInstruction(
  word: string,
  columns: Columns,
  prefixes: string[],
  operands: Operand[],
  state: ParseState
): InstructionBody | ParseProblem {
  let forms = formsOf(word) ?? [];
  const ax = (op: Operand | undefined) => op?.k === 'reg' && op.reg.kind === 'reg16' && op.reg.number === 0;
  if (forms[0]?.mnemonic === 'XCHG' && ax(operands[0]) && ax(operands[1])) {
    forms = (formsOf(XCHG_AX_AX) ?? []).map((form) => ({ ...form, operands: ['AX', 'AX'] as const }));
  }
  const mnemonic = forms[0]?.mnemonic ?? word.toUpperCase();
  const isJcc =
    forms.length > 0 && forms.every((f) => !f.twoByte && f.opcode >= JCC_FIRST && f.opcode <= JCC_FIRST + 15);

  const target = operands[0];
  if (target?.k === 'imm' && target.distance === 'far' && (mnemonic === 'JMP' || mnemonic === 'CALL')) {
    return parseProblem(
      'a far jump or call needs a segment:offset target here, like jmp 0x1000:0x0100',
      target
    );
  }
  if (isJcc && target?.k === 'imm' && target.distance === 'near') {
    return parseProblem(
      `${word} near is a 386 instruction (0F 8x); the 8086 has only short conditional jumps`,
      target,
      'leave out `near`: under `cpu 8086` the assembler jumps over a near jmp when the target is far'
    );
  }
  const matched = matchForms(forms, operands, state.cpu);
  if (!Array.isArray(matched)) {
    const at = matched.operand >= 0 && operands[matched.operand] ? operands[matched.operand] : columns;
    if (mnemonic === 'PUSH' && operands[0]?.k === 'imm') {
      return parseProblem(
        'push with a number is a 186 instruction; the 8086 pushes registers and memory',
        at,
        'mov ax, value then push ax'
      );
    }
    const first = operands[0];
    const count = operands[1];
    if (forms.some((f) => f.operands[1] === '1') && count?.k === 'imm' && count.size !== 0) {
      return parseProblem(
        `a shift count with a size (${word} …, byte 1) is the 186's C0/C1 form; the 8086 shifts by 1 or by CL`,
        count,
        `write ${word} …, 1 without a size, or mov cl, n then ${word} …, cl`
      );
    }
    if (mnemonic === 'POP' && first?.k === 'reg' && first.reg.kind === 'seg' && first.reg.name === 'cs') {
      return parseProblem(
        'pop cs does not exist on this machine: byte 0F, its 8086 encoding, is the two-byte escape here',
        at,
        'to change CS, use a far jmp, call or ret'
      );
    }
    if ((mnemonic === 'IMUL' || mnemonic === 'MUL') && operands.length > 1) {
      return parseProblem(
        `${word} with ${operands.length} operands is a 186/386 instruction; the 8086 multiplies AL or AX by one operand`,
        columns
      );
    }
    return parseProblem(matched.message, at, matched.hint);
  }
  const memory = operands.find((op) => op.k === 'mem');
  const bytes = prefixBytes(prefixes, memory?.k === 'mem' ? memory.segment : -1, columns);
  if ('message' in bytes) return bytes;
  let invariant = !matched.some((c) => c.form.operands.some((kind) => kind === 'Jb' || kind === 'Jw'));
  for (const op of operands) {
    if (op.k === 'imm') {
      if (isConstant(op.expr)) op.constant = constantValue(op.expr);
      invariant &&= op.constant !== null;
    } else if (op.k === 'mem' && op.disp !== null) {
      if (isConstant(op.disp)) op.dispConstant = constantValue(op.disp);
      invariant &&= op.dispConstant !== null;
    } else if (op.k === 'far') {
      invariant &&= isConstant(op.segmentExpr) && isConstant(op.offsetExpr);
    }
  }
  return {
    k: 'insn',
    mnemonic: word,
    mnemonicColumns: columns,
    prefixes,
    operands,
    candidates: matched,
    prefixBytes: bytes,
    condition: isJcc ? forms[0].opcode & 0x0f : -1,
    cpu: state.cpu,
    invariant
  };
}

/** The value of an expression without symbols (folded once, not on every pass). */
/** Evaluation context for folding constants: any symbol, `$` or error makes the expression not constant. */
let foldable = true;
const UNKNOWN_VALUE = { n: 0n, section: -1, coefficient: 0, mixed: false, unknown: true };
const FOLDING: EvalContext = {
  symbol: () => undefined,
  here: () => UNKNOWN_VALUE,
  sectionStart: () => UNKNOWN_VALUE,
  problem: () => {
    foldable = false;
  },
  undefinedSymbol: () => {
    foldable = false;
  }
};

/** The value of an expression without symbols (folded once, not on every pass). */
function constantValue(expr: Expr): bigint | null {
  foldable = true;
  const value = evaluate(expr, FOLDING);
  return foldable && isPlain(value) ? value.n : null;
}
