// Expressions: tokens into a small tree, parsed once and evaluated on every pass. The grammar and precedence
// are NASM's (NASM 2.16 asm/eval.c, manual §3.5), loosest first:
//   c ? a : b     ||     ^^     &&     = == != <> < <= > >= <=>     |     ^     &     << >> <<< >>>
//   + -     * / // % %%     unary - + ~ !
// Registers may appear inside brackets (`[bx+si+4]`); the operand parser takes them apart.

import type { Token } from './lexer';
import { lookupRegister, type Register } from './names';

export type Expr =
  | { k: 'num'; value: bigint }
  | { k: 'sym'; name: string; start: number; end: number }
  | { k: 'here' }
  | { k: 'base' }
  | { k: 'reg'; reg: Register; start: number; end: number }
  | { k: 'unary'; op: string; a: Expr }
  | { k: 'binary'; op: string; a: Expr; b: Expr; start: number; end: number }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr };

/** Binary operators by precedence level, loosest first (`?:` is handled above these). */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['^^'],
  ['&&'],
  ['=', '==', '!=', '<>', '<', '<=', '>', '>=', '<=>'],
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>', '<<<', '>>>'],
  ['+', '-'],
  ['*', '/', '//', '%', '%%']
];

export interface ExprError {
  message: string;
  start: number;
  end: number;
}

/**
 * A cursor over a line's tokens. Expression parsing stops at the first token that cannot continue an
 * expression (a comma, `]`, `:` outside `?:`, the end of the line), leaving it for the caller.
 */
export class TokenCursor {
  index = 0;
  constructor(
    readonly tokens: readonly Token[],
    /** Column just past the last token, for errors at the end of the line. */
    readonly lineEnd: number
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  next(): Token | undefined {
    return this.tokens[this.index++];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** True when the next token is the operator `text`. */
  isOp(text: string, offset = 0): boolean {
    const token = this.tokens[this.index + offset];
    return token !== undefined && token.kind === 'op' && token.text === text;
  }

  /** Span of the next token, or of the end of the line. */
  here(): { readonly start: number; readonly end: number } {
    const token = this.peek();
    return token ? spanOf(token) : { start: this.lineEnd, end: this.lineEnd + 1 };
  }
}

/** The columns a token reports at: its own, or the macro call's for tokens a macro produced. */
export function spanOf(token: Token): { readonly start: number; readonly end: number } {
  // The token itself has start and end: no need for a new object on this hot path.
  return token.origin ?? token;
}

/** Parse one expression; returns the tree or an error at the offending token. */
export function parseExpression(cursor: TokenCursor): Expr | ExprError {
  budget = MAX_EXPRESSION_TERMS;
  try {
    return parseConditional(cursor);
  } catch (error) {
    if (isExprError(error)) return error;
    throw error;
  }
}

export function isExprError(value: unknown): value is ExprError {
  return typeof value === 'object' && value !== null && 'message' in value && !('k' in value);
}

// The recursive descent below throws an ExprError (a plain object, never an Error) to unwind to
// parseExpression, which turns it into a returned value: nothing escapes this module.
function fail(cursor: TokenCursor, message: string): never {
  throw { message, ...cursor.here() } satisfies ExprError;
}

function parseConditional(cursor: TokenCursor): Expr {
  const condition = parseLevel(cursor, 0);
  if (!cursor.isOp('?')) return condition;
  cursor.next();
  const a = parseConditional(cursor);
  if (!cursor.isOp(':')) fail(cursor, "'?' without a matching ':'");
  cursor.next();
  const b = parseConditional(cursor);
  return { k: 'cond', c: condition, a, b };
}

function parseLevel(cursor: TokenCursor, level: number): Expr {
  if (level === LEVELS.length) return parseUnary(cursor);
  let left = parseLevel(cursor, level + 1);
  for (;;) {
    const token = cursor.peek();
    if (!token || token.kind !== 'op' || !LEVELS[level].includes(token.text)) return left;
    cursor.next();
    const right = parseLevel(cursor, level + 1);
    const { start, end } = spanOf(token);
    left = { k: 'binary', op: token.text, a: left, b: right, start, end };
  }
}

/**
 * Terms (numbers, names, operators, parentheses) one expression may have. Trees are evaluated recursively,
 * so a pathological line (thousands of nested parentheses) must be refused here, not overflow the stack later
 * (NASM has the same guard: "expression too long").
 */
const MAX_EXPRESSION_TERMS = 2000;
let budget = MAX_EXPRESSION_TERMS;

function parseUnary(cursor: TokenCursor): Expr {
  if (--budget < 0) fail(cursor, 'expression too long or nested too deeply');
  const token = cursor.peek();
  if (!token) fail(cursor, 'expected an expression, found the end of the line');
  if (token.kind === 'op') {
    switch (token.text) {
      case '-':
      case '+':
      case '~':
      case '!': {
        cursor.next();
        const a = parseUnary(cursor);
        return token.text === '+' ? a : { k: 'unary', op: token.text, a };
      }
      case '(': {
        cursor.next();
        const inner = parseConditional(cursor);
        if (!cursor.isOp(')')) fail(cursor, "expected ')' to close the '('");
        cursor.next();
        return inner;
      }
      case '$':
        cursor.next();
        return { k: 'here' };
      case '$$':
        cursor.next();
        return { k: 'base' };
    }
    fail(cursor, `expected a number or a name, found '${token.text}'`);
  }
  cursor.next();
  switch (token.kind) {
    case 'num':
    case 'str':
      return { k: 'num', value: token.value as bigint };
    case 'id': {
      const { start, end } = spanOf(token);
      const reg = token.escaped ? undefined : lookupRegister(token.text);
      if (reg) return { k: 'reg', reg, start, end };
      return { k: 'sym', name: token.text, start, end };
    }
    case 'float':
      cursor.index--;
      fail(cursor, `a floating-point number (${token.text}) can only be data in db/dw/dd/dq`);
      break;
    case 'pp':
      cursor.index--;
      fail(cursor, `'${token.text}' only means something inside a macro`);
      break;
    default:
      cursor.index--;
      fail(cursor, `'${token.text}' is not a valid number or name`);
  }
}

/** True when the tree holds no symbol, `$`, `$$` or register: its value never changes between passes. */
export function isConstant(expr: Expr): boolean {
  switch (expr.k) {
    case 'num':
      return true;
    case 'unary':
      return isConstant(expr.a);
    case 'binary':
      return isConstant(expr.a) && isConstant(expr.b);
    case 'cond':
      return isConstant(expr.c) && isConstant(expr.a) && isConstant(expr.b);
    default:
      return false;
  }
}
