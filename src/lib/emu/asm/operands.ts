// Instruction operands in NASM syntax: registers, memory references `[seg:base+index+disp]` (terms in any
// order NASM accepts), immediates, far pointers `seg:off`, and the keywords before them (`byte`, `word`,
// `short`, `near`, `far`, `strict`). Memory references are taken apart into registers and a displacement here,
// once; the displacement stays an expression for the passes.

import { isExprError, parseExpression, spanOf, type Expr, type TokenCursor } from './expressions';
import { DISTANCE_KEYWORDS, SIZE_KEYWORDS, type Register } from './names';
import type { MemoryOperand, Operand, OperandModifiers } from './statements';

export interface OperandError {
  message: string;
  hint?: string;
  start: number;
  end: number;
}

/** Word-register numbers of the four address registers (the opcode table's REG16 order). */
const BX = 3;
const BP = 5;
const SI = 6;
const DI = 7;

function readModifiers(
  cursor: TokenCursor,
  into: OperandModifiers,
  inBrackets: boolean
): OperandError | null {
  for (;;) {
    const token = cursor.peek();
    if (!token || token.kind !== 'id' || token.escaped) return null;
    const word = token.text.toLowerCase();
    if (word in SIZE_KEYWORDS) {
      if (into.size === 0) into.size = SIZE_KEYWORDS[word];
    } else if (DISTANCE_KEYWORDS.has(word)) {
      if (word === 'strict') into.strict = true;
      else if (word === 'short' || word === 'near' || word === 'far') {
        if (inBrackets) return { message: `'${token.text}' cannot go inside [ ]`, ...spanOf(token) };
        into.distance = word;
      }
    } else {
      return null;
    }
    cursor.next();
  }
}

/** Parse the operand at the cursor; stops before the comma or the end of the line. */
export function parseOperand(cursor: TokenCursor): Operand | OperandError {
  const first = cursor.here();
  const modifiers: OperandModifiers = { size: 0, strict: false, distance: null };
  const modifierError = readModifiers(cursor, modifiers, false);
  if (modifierError) return modifierError;
  if (cursor.atEnd() || cursor.isOp(',')) {
    const keyword = modifiers.size !== 0 || modifiers.strict || modifiers.distance !== null;
    return {
      message: keyword ? 'an operand is missing after the keyword' : 'an operand is missing here',
      ...first
    };
  }
  if (cursor.isOp('[')) return parseMemory(cursor, modifiers, first.start, -1);

  const expr = parseExpression(cursor);
  if (isExprError(expr)) return expr;
  const end = lastEnd(cursor, first.start);
  if (cursor.isOp(':')) {
    cursor.next();
    if (expr.k === 'reg' && expr.reg.kind === 'seg') {
      // `es:[bx]` (or `es:5[bx]`): a segment override written before the brackets.
      const unsupported = unsupportedRegister(expr.reg, expr.start, expr.end);
      if (unsupported) return unsupported;
      if (cursor.isOp('[')) return parseMemory(cursor, modifiers, first.start, expr.reg.number);
      const displacement = parseExpression(cursor);
      if (isExprError(displacement)) return displacement;
      if (!cursor.isOp('[')) return { message: `expected [ after '${expr.reg.name}:'`, ...cursor.here() };
      return withDisplacement(displacement, parseMemory(cursor, modifiers, first.start, expr.reg.number));
    }
    const offset = parseExpression(cursor);
    if (isExprError(offset)) return offset;
    const registers = registerIn(expr) ?? registerIn(offset);
    if (registers) return registers;
    return {
      k: 'far',
      segmentExpr: expr,
      offsetExpr: offset,
      ...modifiers,
      start: first.start,
      end: lastEnd(cursor, first.start)
    };
  }
  // `5[bx]`, `table[si]`: NASM's displacement[registers] form.
  if (cursor.isOp('[')) return withDisplacement(expr, parseMemory(cursor, modifiers, first.start, -1));
  if (expr.k === 'reg') {
    const unsupported = unsupportedRegister(expr.reg, expr.start, expr.end);
    if (unsupported) return unsupported;
    if (modifiers.distance === 'far' || modifiers.distance === 'short') {
      return { message: `\`${modifiers.distance}\` cannot go before a register`, ...first };
    }
    return { k: 'reg', reg: expr.reg, ...modifiers, start: first.start, end };
  }
  const registers = registerIn(expr);
  if (registers) return registers;
  return { k: 'imm', expr, constant: null, ...modifiers, start: first.start, end };
}

/** Add a displacement written before the brackets to the memory operand that follows it. */
function withDisplacement(
  displacement: Expr,
  memory: MemoryOperand | OperandError
): MemoryOperand | OperandError {
  if ('message' in memory) return memory;
  const registers = registerIn(displacement);
  if (registers) return registers;
  memory.disp = memory.disp
    ? { k: 'binary', op: '+', a: displacement, b: memory.disp, start: 0, end: 0 }
    : displacement;
  return memory;
}

function lastEnd(cursor: TokenCursor, fallback: number): number {
  const previous = cursor.tokens[cursor.index - 1];
  return previous ? spanOf(previous).end : fallback + 1;
}

function unsupportedRegister(reg: Register, start: number, end: number): OperandError | null {
  return reg.unsupported ? { message: `${reg.name.toUpperCase()}: ${reg.unsupported}`, start, end } : null;
}

/** A register used in arithmetic outside brackets (`bx+2`): only memory references combine registers. */
function registerIn(expr: Expr): OperandError | null {
  switch (expr.k) {
    case 'reg':
      return {
        message: `register ${expr.reg.name} cannot be part of an expression here`,
        hint: `to use the memory at that address, write [${expr.reg.name}…]`,
        start: expr.start,
        end: expr.end
      };
    case 'unary':
      return registerIn(expr.a);
    case 'binary':
      return registerIn(expr.a) ?? registerIn(expr.b);
    case 'cond':
      return registerIn(expr.c) ?? registerIn(expr.a) ?? registerIn(expr.b);
    default:
      return null;
  }
}

function parseMemory(
  cursor: TokenCursor,
  modifiers: OperandModifiers,
  start: number,
  outerSegment: number
): MemoryOperand | OperandError {
  cursor.next(); // '['
  const inner: OperandModifiers = { size: 0, strict: false, distance: null };
  const innerError = readModifiers(cursor, inner, true);
  if (innerError) return innerError;
  let segment = outerSegment;
  if (cursor.isOp(']')) return { message: 'empty memory reference [ ]', ...cursor.here() };
  let expr = parseExpression(cursor);
  if (isExprError(expr)) return expr;
  if (cursor.isOp(':')) {
    if (expr.k !== 'reg' || expr.reg.kind !== 'seg') {
      return {
        message: 'only a segment register (es, cs, ss, ds) can come before : in a memory reference',
        ...cursor.here()
      };
    }
    const unsupported = unsupportedRegister(expr.reg, expr.start, expr.end);
    if (unsupported) return unsupported;
    if (segment >= 0) return { message: 'two segment overrides in one memory reference', ...cursor.here() };
    segment = expr.reg.number;
    cursor.next();
    const moreError = readModifiers(cursor, inner, true);
    if (moreError) return moreError;
    expr = parseExpression(cursor);
    if (isExprError(expr)) return expr;
  }
  if (cursor.isOp(':'))
    return {
      message: 'two segment overrides in one memory reference',
      hint: 'keep one: [es:bx]',
      ...cursor.here()
    };
  if (!cursor.isOp(']')) {
    const where = cursor.here();
    return cursor.atEnd()
      ? { message: "expected ']' at the end of the memory reference", ...where }
      : { message: `expected ']' or an operator, found '${cursor.peek()?.text}'`, ...where };
  }
  cursor.next();
  const parts = splitAddress(expr);
  if ('message' in parts) return parts;
  return {
    k: 'mem',
    segment,
    base: parts.base,
    index: parts.index,
    disp: parts.disp,
    dispConstant: null,
    dispSize: inner.size,
    ...modifiers,
    start,
    end: lastEnd(cursor, start)
  };
}

interface AddressParts {
  base: number;
  index: number;
  disp: Expr | null;
}

/**
 * Split `[…]` into its registers and the rest, as NASM's parse_mref() does: registers add up with a
 * coefficient each (so `[bx-bx+si]` is `[si]`), `reg*1` is the register, and everything else is the
 * displacement. The 8086 allows one of BX/BP plus one of SI/DI.
 */
function splitAddress(expr: Expr): AddressParts | OperandError {
  const registers: { reg: Register; coefficient: number; start: number; end: number }[] = [];
  const rest: { expr: Expr; sign: number }[] = [];
  let problem: OperandError | null = null;

  const walk = (node: Expr, sign: number): void => {
    if (node.k === 'reg') {
      const known = registers.find((r) => r.reg === node.reg);
      if (known) known.coefficient += sign;
      else registers.push({ reg: node.reg, coefficient: sign, start: node.start, end: node.end });
    } else if (node.k === 'binary' && (node.op === '+' || node.op === '-')) {
      walk(node.a, sign);
      walk(node.b, node.op === '-' ? -sign : sign);
    } else if (node.k === 'unary' && node.op === '-') {
      walk(node.a, -sign);
    } else if (node.k === 'binary' && node.op === '*' && (node.a.k === 'reg' || node.b.k === 'reg')) {
      const [reg, factor] = node.a.k === 'reg' ? [node.a, node.b] : [node.b, node.a];
      if (factor.k === 'num' && factor.value === 1n) walk(reg, sign);
      else
        problem ??= badAddress(`${reg.k === 'reg' ? reg.reg.name : ''} cannot be scaled on the 8086`, node);
    } else if (containsRegister(node)) {
      problem ??= badAddress('registers inside [ ] can only be added', node);
    } else {
      rest.push({ expr: node, sign });
    }
  };
  walk(expr, 1);
  if (problem) return problem;

  const used = registers.filter((r) => r.coefficient !== 0);
  let base = -1;
  let index = -1;
  for (const r of used) {
    const where = { start: r.start, end: r.end };
    if (r.reg.kind === 'reg32') {
      return { message: `32-bit addressing ([${r.reg.name}]) needs a 386`, ...where };
    }
    if (r.reg.kind !== 'reg16' || ![BX, BP, SI, DI].includes(r.reg.number)) {
      return {
        message: `${r.reg.name} cannot be used to address memory on the 8086`,
        hint: 'only BX, BP, SI and DI can go inside [ ]',
        ...where
      };
    }
    if (r.coefficient !== 1) {
      return { message: `${r.reg.name} can only be added once, not scaled or subtracted`, ...where };
    }
    if (base < 0) base = r.reg.number;
    else if (index < 0) index = r.reg.number;
    else return { message: 'too many registers in the memory reference: at most two', ...where };
  }
  if (index >= 0) {
    const pair = [base, index];
    const baseOk = pair.filter((n) => n === BX || n === BP).length === 1;
    const indexOk = pair.filter((n) => n === SI || n === DI).length === 1;
    if (!baseOk || !indexOk) {
      const first = used[0];
      return {
        message: `[${used.map((r) => r.reg.name).join('+')}] is not an 8086 address`,
        hint: 'combine one of BX/BP with one of SI/DI',
        start: first.start,
        end: used[used.length - 1].end
      };
    }
  }
  let disp: Expr | null = null;
  for (const term of rest) {
    const value = term.sign < 0 ? ({ k: 'unary', op: '-', a: term.expr } as Expr) : term.expr;
    disp = disp ? { k: 'binary', op: '+', a: disp, b: value, start: 0, end: 0 } : value;
  }
  return { base, index, disp };
}

function containsRegister(expr: Expr): boolean {
  switch (expr.k) {
    case 'reg':
      return true;
    case 'unary':
      return containsRegister(expr.a);
    case 'binary':
      return containsRegister(expr.a) || containsRegister(expr.b);
    case 'cond':
      return containsRegister(expr.c) || containsRegister(expr.a) || containsRegister(expr.b);
    default:
      return false;
  }
}

function badAddress(message: string, node: Expr): OperandError {
  const span = 'start' in node ? { start: node.start, end: node.end } : { start: 0, end: 1 };
  return { message, hint: 'an 8086 address is [base + index + displacement]', ...span };
}
