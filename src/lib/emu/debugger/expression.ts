// The condition language of breakpoints and log points: registers, flags and memory in C-like expressions,
// `ax == 5 && byte [ds:si] > 3`. Parsing never throws: an error comes back as data with its column (STYLE.md
// rule 13). Evaluation only peeks (no side effects), so a condition can be tested at any time, even in replay.

import { REGISTER_KEYS, type Registers } from '../cpu/registers';
import { AF, CF, DF, IF, OF, PF, SF, TF, ZF } from '../cpu/flags';
import type { LinearAddr } from '../types';

export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'register'; name: keyof Registers; part: 'word' | 'low' | 'high' }
  | { kind: 'flag'; name: string; mask: number }
  | { kind: 'memory'; size: 1 | 2; segment: Expression | null; offset: Expression }
  | { kind: 'unary'; op: '!' | '-' | '~'; operand: Expression }
  | { kind: 'binary'; op: BinaryOp; left: Expression; right: Expression };

type BinaryOp = '||' | '&&' | '|' | '^' | '&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-';

/** A parse error: `column` is 1-based, counted in characters of the text. */
export interface ExpressionError {
  column: number;
  message: string;
}

export type ParseResult = { ok: true; expression: Expression } | { ok: false; error: ExpressionError };

/** What an expression reads: the registers, and memory by linear address (peeks only). */
export interface EvaluationContext {
  registers: Registers;
  peek8(address: LinearAddr): number;
}

const BYTE_REGISTERS: Record<string, [keyof Registers, 'low' | 'high']> = {
  al: ['ax', 'low'],
  ah: ['ax', 'high'],
  bl: ['bx', 'low'],
  bh: ['bx', 'high'],
  cl: ['cx', 'low'],
  ch: ['cx', 'high'],
  dl: ['dx', 'low'],
  dh: ['dx', 'high']
};
// Flag names as the 8086 manual's FLAGS figure gives them (CF bit 0 … OF bit 11).
const FLAG_MASKS: Record<string, number> = {
  cf: CF,
  pf: PF,
  af: AF,
  zf: ZF,
  sf: SF,
  tf: TF,
  if: IF,
  df: DF,
  of: OF
};

// Binary operators by precedence, lowest first (C's order).
const LEVELS: BinaryOp[][] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-']
];
const OPERATORS = [
  '||',
  '&&',
  '==',
  '!=',
  '<=',
  '>=',
  '|',
  '^',
  '&',
  '<',
  '>',
  '+',
  '-',
  '!',
  '~',
  '(',
  ')',
  '[',
  ']',
  ':'
];

interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  text: string;
  value: number;
  /** 0-based start in the text. */
  start: number;
}

class ParseError {
  constructor(
    readonly start: number,
    readonly message: string
  ) {}
}

function tokenize(text: string): Token[] | ParseError {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text[at];
    if (/\s/.test(ch)) {
      at++;
      continue;
    }
    const word = /^[0-9][0-9A-Za-z_]*|^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (word) {
      const raw = word[0];
      if (/^[0-9]/.test(raw)) {
        const value = parseNumber(raw);
        if (value === null) return new ParseError(at, `'${raw}' is not a number (write 10, 0x0A or 0Ah)`);
        tokens.push({ kind: 'number', text: raw, value, start: at });
      } else {
        tokens.push({ kind: 'name', text: raw.toLowerCase(), value: 0, start: at });
      }
      at += raw.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, at));
    if (!op) return new ParseError(at, `unexpected character '${ch}'`);
    tokens.push({ kind: 'op', text: op, value: 0, start: at });
    at += op.length;
  }
  tokens.push({ kind: 'end', text: '', value: 0, start: text.length });
  return tokens;
}

/** Decimal, 0x hexadecimal, or NASM's trailing-h hexadecimal (which must start with a digit: 0FFh). */
function parseNumber(raw: string): number | null {
  const text = raw.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[0-9][0-9a-f]*h$/.test(text)) return parseInt(text.slice(0, -1), 16);
  if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
  return null;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.position];
  }

  private isOp(text: string): boolean {
    return this.current.kind === 'op' && this.current.text === text;
  }

  private expect(text: string, what: string): void {
    if (!this.isOp(text))
      throw new ParseError(this.current.start, `expected ${what}, found ${describe(this.current)}`);
    this.position++;
  }

  parseAll(): Expression {
    const expression = this.binary(0);
    if (this.current.kind !== 'end') {
      throw new ParseError(
        this.current.start,
        `expected an operator or the end, found ${describe(this.current)}`
      );
    }
    return expression;
  }

  private binary(level: number): Expression {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.current;
      const op = LEVELS[level].find((candidate) => token.kind === 'op' && token.text === candidate);
      if (!op) return left;
      this.position++;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
  }

  private unary(): Expression {
    for (const op of ['!', '-', '~'] as const) {
      if (this.isOp(op)) {
        this.position++;
        return { kind: 'unary', op, operand: this.unary() };
      }
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.current;
    if (token.kind === 'number') {
      this.position++;
      return { kind: 'number', value: token.value };
    }
    if (this.isOp('(')) {
      this.position++;
      const inner = this.binary(0);
      this.expect(')', "')'");
      return inner;
    }
    if (this.isOp('[')) return this.memory(1);
    if (token.kind === 'name') {
      this.position++;
      if (token.text === 'byte' || token.text === 'word') {
        if (!this.isOp('[')) throw new ParseError(this.current.start, `expected '[' after '${token.text}'`);
        return this.memory(token.text === 'byte' ? 1 : 2);
      }
      if ((REGISTER_KEYS as readonly string[]).includes(token.text)) {
        return { kind: 'register', name: token.text as keyof Registers, part: 'word' };
      }
      const byte = BYTE_REGISTERS[token.text];
      if (byte) return { kind: 'register', name: byte[0], part: byte[1] };
      const mask = FLAG_MASKS[token.text];
      if (mask !== undefined) return { kind: 'flag', name: token.text, mask };
      throw new ParseError(
        token.start,
        `unknown name '${token.text}' (a register, a flag such as zf, byte or word)`
      );
    }
    throw new ParseError(token.start, `expected a value, found ${describe(token)}`);
  }

  /** `[offset]` or `[segment:offset]`; the segment defaults to DS as for most 8086 memory operands. */
  private memory(size: 1 | 2): Expression {
    this.expect('[', "'['");
    const first = this.binary(0);
    let segment: Expression | null = null;
    let offset = first;
    if (this.isOp(':')) {
      this.position++;
      segment = first;
      offset = this.binary(0);
    }
    this.expect(']', "']'");
    return { kind: 'memory', size, segment, offset };
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : `'${token.text}'`;
}

/** Parse an expression; errors come back as data with a 1-based column. */
export function parseExpression(text: string): ParseResult {
  const tokens = tokenize(text);
  if (tokens instanceof ParseError)
    return { ok: false, error: { column: tokens.start + 1, message: tokens.message } };
  if (tokens.length === 1) return { ok: false, error: { column: 1, message: 'the expression is empty' } };
  try {
    return { ok: true, expression: new Parser(tokens).parseAll() };
  } catch (error) {
    if (error instanceof ParseError)
      return { ok: false, error: { column: error.start + 1, message: error.message } };
    throw error;
  }
}

/** The value of an expression (comparisons and logic give 1 or 0). */
export function evaluate(expression: Expression, context: EvaluationContext): number {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'register': {
      const word = context.registers[expression.name];
      return expression.part === 'word' ? word : expression.part === 'low' ? word & 0xff : word >> 8;
    }
    case 'flag':
      return (context.registers.flags & expression.mask) !== 0 ? 1 : 0;
    case 'memory': {
      const segment = expression.segment ? evaluate(expression.segment, context) : context.registers.ds;
      const offset = evaluate(expression.offset, context);
      const linear = (segment & 0xffff) * 16;
      const low = context.peek8(linear + (offset & 0xffff));
      // A word at offset FFFFh takes its high byte from offset 0 of the segment, as the 8086 does.
      return expression.size === 1 ? low : low | (context.peek8(linear + ((offset + 1) & 0xffff)) << 8);
    }
    case 'unary': {
      const value = evaluate(expression.operand, context);
      return expression.op === '!' ? (value === 0 ? 1 : 0) : expression.op === '-' ? -value : ~value;
    }
    case 'binary':
      return binary(expression.op, expression.left, expression.right, context);
  }
}

function binary(
  op: BinaryOp,
  leftExpression: Expression,
  rightExpression: Expression,
  context: EvaluationContext
): number {
  const left = evaluate(leftExpression, context);
  // && and || stop early, as in C (and a short-circuited memory operand is not even peeked).
  if (op === '&&') return left !== 0 && evaluate(rightExpression, context) !== 0 ? 1 : 0;
  if (op === '||') return left !== 0 || evaluate(rightExpression, context) !== 0 ? 1 : 0;
  const right = evaluate(rightExpression, context);
  switch (op) {
    case '|':
      return left | right;
    case '^':
      return left ^ right;
    case '&':
      return left & right;
    case '==':
      return left === right ? 1 : 0;
    case '!=':
      return left !== right ? 1 : 0;
    case '<':
      return left < right ? 1 : 0;
    case '<=':
      return left <= right ? 1 : 0;
    case '>':
      return left > right ? 1 : 0;
    case '>=':
      return left >= right ? 1 : 0;
    case '+':
      return left + right;
    case '-':
      return left - right;
  }
}

/** A log point's message: text with `{expr}` holes (hexadecimal, or `{expr:d}` decimal); `{{` is a brace. */
export type Template = ({ text: string } | { expression: Expression; decimal: boolean })[];

export type TemplateResult = { ok: true; template: Template } | { ok: false; error: ExpressionError };

export function parseTemplate(text: string): TemplateResult {
  const parts: Template = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    if (text.startsWith('{{', at) || text.startsWith('}}', at)) {
      literal += text[at];
      at += 2;
      continue;
    }
    if (text[at] !== '{') {
      literal += text[at++];
      continue;
    }
    const close = text.indexOf('}', at);
    if (close < 0) return { ok: false, error: { column: at + 1, message: "'{' without a closing '}'" } };
    let inner = text.slice(at + 1, close);
    const decimal = /:d\s*$/.test(inner);
    if (decimal) inner = inner.replace(/:d\s*$/, '');
    const parsed = parseExpression(inner);
    if (!parsed.ok) {
      return { ok: false, error: { column: at + 1 + parsed.error.column, message: parsed.error.message } };
    }
    if (literal) parts.push({ text: literal });
    literal = '';
    parts.push({ expression: parsed.expression, decimal });
    at = close + 1;
  }
  if (literal) parts.push({ text: literal });
  return { ok: true, template: parts };
}

export function formatTemplate(template: Template, context: EvaluationContext): string {
  return template
    .map((part) => {
      if ('text' in part) return part.text;
      const value = evaluate(part.expression, context);
      if (part.decimal || value < 0) return String(value);
      return (
        value
          .toString(16)
          .toUpperCase()
          .padStart(value > 0xff ? 4 : 2, '0') + 'h'
      );
    })
    .join('');
}
