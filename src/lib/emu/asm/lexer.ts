// The lexer: one source line into tokens with their columns. NASM is line-oriented, so the lexer never looks
// past the end of a line. Token rules follow NASM 2.16's stdscan(): identifiers may hold `_ $ # @ ~ . ?`,
// numbers start with a digit or `$` + digit, `$name` escapes a name that would be a keyword, and `;` starts a
// comment. Preprocessor tokens (`%1`, `%%label`, `%{1}`, `%define`) are kept whole for the preprocessor.

import { charConstant, readNumber, stringBytes } from './numbers';

export type TokenKind = 'id' | 'num' | 'float' | 'str' | 'op' | 'pp' | 'bad';

export interface Token {
  kind: TokenKind;
  /** The text as written (for strings, with the quotes). */
  text: string;
  /** 0-based columns in the line the token was read from; end is exclusive. */
  start: number;
  end: number;
  /** Integers and character constants: the value. */
  value?: bigint;
  /** Strings: the bytes between the quotes, escapes applied. */
  bytes?: number[];
  /** Identifiers written as `$name`: never a keyword or register. */
  escaped?: boolean;
  /** Set on tokens a macro produced: the span they report problems at (the macro call or the argument). */
  origin?: TokenOrigin;
}

/** Where a token that came out of a macro expansion reports: columns on the line the macro was called from. */
export interface TokenOrigin {
  start: number;
  end: number;
}

const CH_0 = 0x30;
const CH_9 = 0x39;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** First character of an identifier: a letter, `_`, `.`, `?` or `@` (NASM manual §3.1). */
export function isIdStart(c: number): boolean {
  return isLetter(c) || c === 0x5f || c === 0x2e || c === 0x3f || c === 0x40 || c > 0x7f;
}

/** Later characters: also digits and `$ # ~`. */
export function isIdChar(c: number): boolean {
  return isIdStart(c) || isDigit(c) || c === 0x24 || c === 0x23 || c === 0x7e;
}

/** Operators, longest first within each leading character. */
const OPERATORS = [
  '<<<',
  '>>>',
  '<=>',
  '<<',
  '>>',
  '//',
  '%%',
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '&&',
  '||',
  '^^',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '~',
  '!',
  '<',
  '>',
  '=',
  '?',
  ':',
  ',',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}'
];

export interface LexedLine {
  tokens: Token[];
  /** Column where a `;` comment starts, or the line's length. */
  codeEnd: number;
  /** Problems met while reading tokens (unterminated strings, stray characters). */
  problems: { start: number; end: number; message: string }[];
}

/** Shared by the lines without problems (nearly all of them), so lexing one allocates no empty array. */
const NO_PROBLEMS: LexedLine['problems'] = [];

/** Split one line into tokens. */
export function lexLine(text: string): LexedLine {
  const tokens: Token[] = [];
  let problems: LexedLine['problems'] = NO_PROBLEMS;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b) {
      i++;
      continue;
    }
    if (c === 0x3b) break; // ';' comment
    const start = i;
    if (isDigit(c) || (c === 0x24 && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      i = scanNumber(text, i, tokens);
      continue;
    }
    if (c === 0x24 /* $ */) {
      if (i + 1 < n && isIdStart(text.charCodeAt(i + 1)) && text.charCodeAt(i + 1) !== 0x24) {
        i++;
        while (i < n && isIdChar(text.charCodeAt(i))) i++;
        tokens.push({ kind: 'id', text: text.slice(start + 1, i), start, end: i, escaped: true });
      } else {
        i += text.charCodeAt(i + 1) === 0x24 ? 2 : 1;
        tokens.push({ kind: 'op', text: text.slice(start, i), start, end: i });
      }
      continue;
    }
    // A lone `?` is the operator of `c ? a : b`; `?` followed by name characters starts a name.
    if (isIdStart(c) && !(c === 0x3f && (i + 1 >= n || !isIdChar(text.charCodeAt(i + 1))))) {
      i++;
      while (i < n && isIdChar(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'id', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 0x27 || c === 0x22 || c === 0x60) {
      const quote = text[i];
      let j = i + 1;
      while (j < n && text[j] !== quote) j += quote === '`' && text[j] === '\\' ? 2 : 1;
      if (j >= n) {
        if (problems === NO_PROBLEMS) problems = [];
        problems.push({ start, end: n, message: `unterminated string: the closing ${quote} is missing` });
        tokens.push({ kind: 'bad', text: text.slice(start), start, end: n });
        i = n;
        continue;
      }
      const bytes = stringBytes(text.slice(i + 1, j), quote);
      i = j + 1;
      tokens.push({
        kind: 'str',
        text: text.slice(start, i),
        start,
        end: i,
        bytes,
        value: charConstant(bytes)
      });
      continue;
    }
    if (c === 0x25 /* % */) {
      const pp = scanPreprocessorToken(text, i);
      if (pp > i) {
        tokens.push({ kind: 'pp', text: text.slice(i, pp), start, end: pp });
        i = pp;
        continue;
      }
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op, start, end: i });
      continue;
    }
    i++;
    if (problems === NO_PROBLEMS) problems = [];
    problems.push({ start, end: i, message: `unexpected character '${text[start]}'` });
    tokens.push({ kind: 'bad', text: text[start], start, end: i });
  }
  return { tokens, codeEnd: Math.min(i, n), problems };
}

/** Numbers run over letters, digits, `_`, `$` and `.`, and `e+5`/`p-3` exponents (stdscan's rule). */
function scanNumber(text: string, start: number, tokens: Token[]): number {
  const n = text.length;
  let i = start;
  let isHex = false;
  let isFloat = false;
  let hasE = false;
  if (text[i] === '$') {
    i++;
    isHex = true;
  }
  while (i < n) {
    const c = text[i];
    const lower = c.toLowerCase();
    if (!isHex && lower === 'e') {
      hasE = true;
      i++;
      if (text[i] === '+' || text[i] === '-') {
        isFloat = true;
        i++;
      }
      continue;
    }
    if (lower === 'h' || lower === 'x') isHex = true;
    else if (lower === 'p') {
      isFloat = true;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      continue;
    } else if (c === '.') isFloat = true;
    else if (!(isLetter(c.charCodeAt(0)) || isDigit(c.charCodeAt(0)) || c === '_' || c === '$')) break;
    i++;
  }
  if (hasE && !isHex) isFloat = true;
  const raw = text.slice(start, i);
  if (isFloat) {
    tokens.push({ kind: 'float', text: raw, start, end: i });
  } else {
    const value = readNumber(raw);
    if (value === null) tokens.push({ kind: 'bad', text: raw, start, end: i });
    else tokens.push({ kind: 'num', text: raw, start, end: i, value });
  }
  return i;
}

/**
 * Preprocessor tokens: macro parameters `%0`, `%1`…, `%+1`/`%-1`; macro-local labels `%%name`; `%{…}`; `%name`
 * (directives and `%$context` names). Returns the end of the token, or `start` when `%` is the modulo operator.
 */
function scanPreprocessorToken(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  const c = text.charCodeAt(i);
  if (i < n && isDigit(c)) {
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i;
  }
  if (text[i] === '{') {
    const close = text.indexOf('}', i);
    return close < 0 ? start : close + 1;
  }
  if (text[i] === '%' && i + 1 < n && isIdChar(text.charCodeAt(i + 1))) {
    i++;
    while (i < n && isIdChar(text.charCodeAt(i))) i++;
    return i;
  }
  if (text[i] === '$' || (i < n && isLetter(c))) {
    i++;
    while (i < n && isIdChar(text.charCodeAt(i))) i++;
    return i;
  }
  if ((text[i] === '+' || text[i] === '-') && isDigit(text.charCodeAt(i + 1))) {
    // %+1 and %-1: a parameter with its sign kept or condition inverted (used by multi-line macros).
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i;
  }
  return start;
}
