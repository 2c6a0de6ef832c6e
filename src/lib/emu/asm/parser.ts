// The parser: each preprocessed line into a Statement — its label, `times` count, and an instruction
// (instructions.ts) or a directive (parse-directives.ts) — once, before the passes. It qualifies local labels
// (`.loop` after `main:` is `main.loop`) and keeps track of the `cpu` level, so that a line with a mistake is
// reported here, once, and the passes never look at it again.

import type { DiagnosticList } from './diagnostics';
import { isExprError, parseExpression, spanOf, TokenCursor, type Expr } from './expressions';
import { MNEMONICS } from './forms';
import { parseInstruction } from './instructions';
import type { Token } from './lexer';
import { CPU_ANY, FPU_INSTRUCTIONS, LATER_INSTRUCTIONS } from './nasm-data';
import { DISTANCE_KEYWORDS, lookupRegister, PREFIX_BYTES, SIZE_KEYWORDS } from './names';
import {
  DIRECTIVES,
  isDirective,
  parseDirective,
  parseData,
  DATA_UNITS,
  RESERVE_UNITS
} from './parse-directives';
import type { SourceLine } from './preprocessor';
import type { Columns, LineRef, Statement, StatementBody } from './statements';
import { parseStructure, STRUCTURE_WORDS } from './structures';

/** What parsing the whole program needs to remember from line to line. */
export interface ParseState {
  /** File names, for diagnostics. */
  files: string[];
  /** The file contents, for incbin. */
  texts: string[];
  diagnostics: DiagnosticList;
  /** The last label that was not local: the scope of `.name` labels. */
  scope: string;
  cpu: number;
  /** The section lines go to (.text, .data, .bss, or `absolute`): where endstruc returns to. */
  section: string;
  /** The structure being declared (struc … endstruc) and the one being filled in (istruc … iend). */
  struc: { name: string; previous: string } | null;
  istruc: { name: string; start: string } | null;
  /** istruc blocks so far, for their start labels' names. */
  structures: number;
}

/** Thrown nowhere: a parse problem travels back as a value and is reported once for its line. */
export interface ParseProblem {
  message: string;
  hint?: string;
  columns: Columns;
}

export function parseProblem(message: string, columns: Columns, hint?: string): ParseProblem {
  return { message, hint, columns };
}

export function newParseState(files: string[], texts: string[], diagnostics: DiagnosticList): ParseState {
  return {
    files,
    texts,
    diagnostics,
    scope: '',
    cpu: CPU_ANY,
    section: '.text',
    struc: null,
    istruc: null,
    structures: 0
  };
}

/** Report a problem at columns of a statement's line. */
export function reportAt(state: ParseState, ref: LineRef, problem: ParseProblem): void {
  const { start, end } = problem.columns;
  state.diagnostics.error(
    {
      file: state.files[ref.file],
      line: ref.line,
      column: start + 1,
      endColumn: Math.max(end, start + 1) + 1
    },
    problem.message,
    problem.hint,
    ref.macro ? { name: ref.macro.name, file: state.files[ref.macro.file], line: ref.macro.line } : undefined
  );
}

function isLocal(name: string): boolean {
  return name.startsWith('.') && !name.startsWith('..');
}

/** The full name of a label as written: `.loop` under `main` is `main.loop`. */
export function qualify(name: string, state: ParseState): string {
  return isLocal(name) ? state.scope + name : name;
}

/** Rename local symbols in an expression tree to their full names. */
export function qualifyExpr(expr: Expr, state: ParseState): Expr {
  switch (expr.k) {
    case 'sym':
      if (isLocal(expr.name)) expr.name = state.scope + expr.name;
      break;
    case 'unary':
      qualifyExpr(expr.a, state);
      break;
    case 'binary':
      qualifyExpr(expr.a, state);
      qualifyExpr(expr.b, state);
      break;
    case 'cond':
      qualifyExpr(expr.c, state);
      qualifyExpr(expr.a, state);
      qualifyExpr(expr.b, state);
      break;
  }
  return expr;
}

export function lowerId(token: Token | undefined): string | null {
  return token && token.kind === 'id' && !token.escaped ? token.text.toLowerCase() : null;
}

/** A word that starts an instruction or directive (so an identifier before it is a label without a colon). */
let keywords: Set<string> | null = null;

/** Every word that starts an instruction or directive, in one set (looked up two or three times a line). */
function allKeywords(): Set<string> {
  keywords ??= new Set([
    ...MNEMONICS,
    ...Object.keys(PREFIX_BYTES),
    ...Object.keys(DATA_UNITS),
    ...Object.keys(RESERVE_UNITS),
    'times',
    'equ',
    ...DIRECTIVES,
    ...STRUCTURE_WORDS,
    ...Object.keys(LATER_INSTRUCTIONS),
    ...FPU_INSTRUCTIONS
  ]);
  return keywords;
}

function isKeyword(word: string | null): boolean {
  return word !== null && allKeywords().has(word);
}

/**
 * Parse one line into its statements (one, or a few for the structure keywords). Problems are reported to
 * the state's diagnostics; the statement is then marked failed.
 */
export function parseStatement(line: SourceLine, state: ParseState): Statement[] {
  const parsed = parseOne(line, state);
  return Array.isArray(parsed) ? parsed : [parsed];
}

function parseOne(line: SourceLine, state: ParseState): Statement | Statement[] {
  const { tokens, ref } = line;
  const statement: Statement = { ref, listIndex: line.listIndex, body: { k: 'empty' } };
  const cursor = new TokenCursor(tokens, line.lineEnd);
  const fail = (problem: ParseProblem): Statement => {
    reportAt(state, ref, problem);
    statement.failed = true;
    return statement;
  };
  if (tokens.length === 0) return statement;

  // [bits 16], [org 100h], [section .data]…: the bracketed primitive form of a directive.
  if (tokens[0].kind === 'op' && tokens[0].text === '[' && isDirective(lowerId(tokens[1]))) {
    const last = tokens[tokens.length - 1];
    if (last.kind !== 'op' || last.text !== ']')
      return fail(parseProblem("expected ']' at the end of the directive", spanOf(last)));
    const inner = new TokenCursor(tokens.slice(1, -1), line.lineEnd);
    inner.next();
    const body = parseDirective(lowerId(tokens[1]) as string, inner, state);
    if ('message' in body) return fail(body);
    statement.body = body;
    return statement;
  }

  // A label: `name:`, or `name` before an instruction or directive.
  const first = tokens[0];
  const word = lowerId(first);
  if (isKeyword(word) && lowerId(tokens[1]) === 'equ') {
    return fail(
      parseProblem(
        `${first.text} is the name of an instruction or directive and cannot be a label`,
        spanOf(first),
        'choose another name'
      )
    );
  }
  if (
    word !== null &&
    (word in SIZE_KEYWORDS || DISTANCE_KEYWORDS.has(word) || word === 'seg' || word === 'wrt')
  ) {
    return fail(
      parseProblem(
        `${first.text} is a keyword that goes before an operand, not at the start of a line`,
        spanOf(first)
      )
    );
  }
  const labelWithColon = first.kind === 'id' && cursor.isOp(':', 1);
  const labelWithoutColon =
    first.kind === 'id' && !isKeyword(word) && (tokens.length === 1 || isKeyword(lowerId(tokens[1])));
  if (labelWithColon || labelWithoutColon) {
    const register = first.escaped ? undefined : lookupRegister(first.text);
    if (register)
      return fail(parseProblem(`${first.text} is a register and cannot be a label`, spanOf(first)));
    cursor.next();
    if (labelWithColon) cursor.next();
    const name = qualify(first.text, state);
    statement.label = { name, columns: spanOf(first) };
    const next = lowerId(cursor.peek());
    if (!isLocal(first.text) && !first.text.startsWith('..') && next !== 'equ') state.scope = first.text;
    if (cursor.atEnd()) {
      if (!labelWithColon) {
        state.diagnostics.warning(
          spanAt(state, ref, spanOf(first)),
          `${first.text} alone on a line is taken as a label`,
          `write ${first.text}: if you meant a label, or check the spelling if you meant an instruction`
        );
      }
      return statement;
    }
  }

  // times N … (NASM takes `times 2 times 3 …` as times 3: the last count wins)
  while (lowerId(cursor.peek()) === 'times') {
    const timesToken = cursor.next() as Token;
    const expr = parseExpressionAt(cursor, state);
    if ('message' in expr) return fail(expr);
    statement.times = { expr, columns: spanOf(timesToken) };
    if (cursor.atEnd())
      return fail(parseProblem('times needs an instruction or data after the count', cursor.here()));
  }

  if (STRUCTURE_WORDS.has(lowerId(cursor.peek()) ?? '')) {
    const rest = (tokens: Token[]) => parseStatement({ ...line, tokens }, state);
    const statements = parseStructure(cursor, state, statement, rest);
    return 'message' in statements ? fail(statements) : statements;
  }
  const body = parseBody(cursor, state, ref, statement);
  if ('message' in body) return fail(body);
  statement.body = body;
  return statement;
}

function spanAt(state: ParseState, ref: LineRef, columns: Columns) {
  return {
    file: state.files[ref.file],
    line: ref.line,
    column: columns.start + 1,
    endColumn: Math.max(columns.end, columns.start + 1) + 1
  };
}

/** An expression with its local labels qualified, or the problem. */
export function parseExpressionAt(cursor: TokenCursor, state: ParseState): Expr | ParseProblem {
  const expr = parseExpression(cursor);
  if (isExprError(expr)) return parseProblem(expr.message, expr);
  return qualifyExpr(expr, state);
}

function parseBody(
  cursor: TokenCursor,
  state: ParseState,
  ref: LineRef,
  statement: Statement
): StatementBody | ParseProblem {
  const token = cursor.peek() as Token;
  const word = lowerId(token);
  if (word === null) {
    return parseProblem(`expected an instruction or a label, found '${token.text}'`, spanOf(token));
  }
  if (word === 'equ') {
    cursor.next();
    if (!statement.label) return parseProblem('equ needs a label before it: name equ value', spanOf(token));
    const expr = parseExpressionAt(cursor, state);
    if ('message' in expr) return expr;
    if (!cursor.atEnd()) return trailing(cursor);
    return { k: 'equ', expr };
  }
  if (word in DATA_UNITS || word in RESERVE_UNITS) return parseData(word, cursor, state);
  if (isDirective(word) && !(word in PREFIX_BYTES)) {
    cursor.next();
    return parseDirective(word, cursor, state);
  }
  return parseInstruction(cursor, state);
}

export function trailing(cursor: TokenCursor): ParseProblem {
  const token = cursor.peek() as Token;
  if (token.kind === 'pp' && /^%\d/.test(token.text)) {
    const n = token.text.slice(1);
    return parseProblem(
      `${token.text} is a macro parameter, and this line is not in a macro`,
      spanOf(token),
      `for the remainder of a division write it with spaces: x % ${n}`
    );
  }
  return parseProblem(
    `unexpected '${token.text}' after the operands`,
    spanOf(token),
    'is a comma or an operator missing?'
  );
}
