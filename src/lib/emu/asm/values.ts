// Evaluating expressions the way NASM does (asm/eval.c). A value is a 64-bit number plus, for addresses, a
// multiple of one section's base: a label in .text is "the base of .text + 12". The difference of two labels
// in one section is a plain number again; operators like `|`, `/` or `<<` accept plain numbers only. Whether a
// value is plain matters for encodings: NASM picks a one-byte immediate or displacement only for plain numbers,
// and a short jump only to a label in the same section. Values not known yet (a label further down, on the
// first pass) are "unknown", and the passes treat them optimistically or pessimistically as NASM does.

import type { Expr } from './expressions';
import { wrap64 } from './numbers';

export interface Value {
  /** The number, or for an address the offset from its section's base. */
  n: bigint;
  /** Section whose base is added `coefficient` times; -1 for a plain number. */
  section: number;
  coefficient: number;
  /** Bases of two different sections are mixed in: neither a number nor an address. */
  mixed: boolean;
  /** Depends on a symbol that is not defined (yet). */
  unknown: boolean;
}

export const plain = (n: bigint): Value => ({ n, section: -1, coefficient: 0, mixed: false, unknown: false });

export const UNKNOWN: Value = Object.freeze({
  n: 0n,
  section: -1,
  coefficient: 0,
  mixed: false,
  unknown: true
});

export function isPlain(value: Value): boolean {
  return value.coefficient === 0 && !value.mixed && !value.unknown;
}

export interface EvalContext {
  /** A symbol's value, or undefined when it is not defined (yet). */
  symbol(name: string): Value | undefined;
  /** `$`: the address of the current line. */
  here(): Value;
  /** `$$`: the start of the current section. */
  sectionStart(): Value;
  /** An evaluation error (division by zero, an operator on an address…), at columns of the line. */
  problem(message: string, start: number, end: number): void;
  /** A reference to a symbol that is not defined. */
  undefinedSymbol(name: string, start: number, end: number): void;
}

function add(a: Value, b: Value, sign: 1 | -1): Value {
  if (a.unknown || b.unknown) return UNKNOWN;
  const n = wrap64(sign > 0 ? a.n + b.n : a.n - b.n);
  const bCoefficient = b.coefficient * sign;
  if (a.mixed || b.mixed) return { n, section: -1, coefficient: 0, mixed: true, unknown: false };
  if (b.coefficient === 0) return { ...a, n };
  if (a.coefficient === 0)
    return { n, section: b.section, coefficient: bCoefficient, mixed: false, unknown: false };
  if (a.section === b.section) {
    const coefficient = a.coefficient + bCoefficient;
    return { n, section: coefficient ? a.section : -1, coefficient, mixed: false, unknown: false };
  }
  return { n, section: -1, coefficient: 0, mixed: true, unknown: false };
}

function scale(a: Value, factor: bigint): Value {
  const coefficient = a.coefficient * Number(factor);
  return {
    n: wrap64(a.n * factor),
    section: coefficient ? a.section : -1,
    coefficient,
    mixed: a.mixed,
    unknown: a.unknown
  };
}

const truth = (flag: boolean): Value => plain(flag ? 1n : 0n);
const unsigned = (n: bigint) => BigInt.asUintN(64, n);

/** NASM's name for an operator in its "may only be applied to scalar values" messages. */
function scalarOnly(op: string): string {
  if (op === '/' || op === '//' || op === '%' || op === '%%') return 'division';
  if (op === '<<' || op === '>>' || op === '>>>' || op === '<<<') return 'shift';
  return `'${op}'`;
}

/** Evaluate a tree; errors go to the context and yield an unknown value (no follow-on errors). */
export function evaluate(expr: Expr, ctx: EvalContext): Value {
  switch (expr.k) {
    case 'num':
      return plain(expr.value);
    case 'sym': {
      const value = ctx.symbol(expr.name);
      if (value === undefined) {
        ctx.undefinedSymbol(expr.name, expr.start, expr.end);
        return UNKNOWN;
      }
      return value;
    }
    case 'here':
      return ctx.here();
    case 'base':
      return ctx.sectionStart();
    case 'reg':
      ctx.problem(`register ${expr.reg.name} cannot be part of this expression`, expr.start, expr.end);
      return UNKNOWN;
    case 'unary': {
      const a = evaluate(expr.a, ctx);
      if (expr.op === '-') return scale(a, -1n);
      if (a.unknown) return UNKNOWN;
      if (!isPlain(a)) {
        ctx.problem(`'${expr.op}' can only be applied to a plain number, not to an address`, 0, 0);
        return UNKNOWN;
      }
      return expr.op === '~' ? plain(wrap64(~a.n)) : truth(a.n === 0n);
    }
    case 'cond': {
      const c = evaluate(expr.c, ctx);
      const a = evaluate(expr.a, ctx);
      const b = evaluate(expr.b, ctx);
      if (c.unknown) return UNKNOWN;
      if (!isPlain(c)) {
        ctx.problem("the condition before '?' must be a plain number", 0, 0);
        return UNKNOWN;
      }
      return c.n !== 0n ? a : b;
    }
    case 'binary':
      return binary(expr, evaluate(expr.a, ctx), evaluate(expr.b, ctx), ctx);
  }
}

function binary(expr: Extract<Expr, { k: 'binary' }>, a: Value, b: Value, ctx: EvalContext): Value {
  const { op, start, end } = expr;
  switch (op) {
    case '+':
      return add(a, b, 1);
    case '-':
      return add(a, b, -1);
    case '*':
      if (isPlain(a)) return scale(b, a.n);
      if (isPlain(b)) return scale(a, b.n);
      if (a.unknown || b.unknown) return UNKNOWN;
      ctx.problem('cannot multiply two addresses', start, end);
      return UNKNOWN;
    case '==':
    case '=':
    case '!=':
    case '<>': {
      const difference = add(a, b, -1);
      if (difference.unknown) return UNKNOWN;
      const equal = isPlain(difference) && difference.n === 0n;
      return truth(op === '!=' || op === '<>' ? !equal : equal);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '<=>': {
      const difference = add(a, b, -1);
      if (difference.unknown) return UNKNOWN;
      if (!isPlain(difference)) {
        ctx.problem(`'${op}': the two sides differ by more than a number`, start, end);
        return UNKNOWN;
      }
      const d = difference.n;
      // NASM 2.16 turns a -1 from <=> into "unknown", which ends up as 0: kept for identical output.
      if (op === '<=>') return plain(d > 0n ? 1n : 0n);
      if (d === 0n) return truth(op === '<=' || op === '>=');
      return d > 0n ? truth(op === '>' || op === '>=') : truth(op === '<' || op === '<=');
    }
  }
  if (a.unknown || b.unknown) {
    if ((isPlain(a) || a.unknown) && (isPlain(b) || b.unknown)) return UNKNOWN;
  }
  if (!isPlain(a) || !isPlain(b)) {
    ctx.problem(
      `the ${scalarOnly(op)} operator can only be applied to plain numbers, not to addresses`,
      start,
      end
    );
    return UNKNOWN;
  }
  const x = a.n;
  const y = b.n;
  switch (op) {
    case '/':
    case '//':
    case '%':
    case '%%':
      if (y === 0n) {
        ctx.problem('division by zero', start, end);
        return UNKNOWN;
      }
      if (op === '/') return plain(wrap64(unsigned(x) / unsigned(y)));
      if (op === '%') return plain(wrap64(unsigned(x) % unsigned(y)));
      if (op === '//') return plain(wrap64(x / y));
      return plain(wrap64(x % y));
    case '|':
      return plain(x | y);
    case '^':
      return plain(x ^ y);
    case '&':
      return plain(x & y);
    case '<<':
    case '<<<':
      return plain(y >= 64n || y < 0n ? 0n : wrap64(x << y));
    case '>>':
      return plain(y >= 64n || y < 0n ? 0n : wrap64(unsigned(x) >> y));
    case '>>>':
      return plain(y >= 64n || y < 0n ? (x < 0n ? -1n : 0n) : x >> y);
    case '||':
      return truth(x !== 0n || y !== 0n);
    case '&&':
      return truth(x !== 0n && y !== 0n);
    case '^^':
      return truth((x !== 0n) !== (y !== 0n));
  }
  ctx.problem(`unknown operator '${op}'`, start, end);
  return UNKNOWN;
}
