// The parser: each preprocessed line into a Statement — its label, `times` count, prefixes, mnemonic and
// operands, or a directive — once, before the passes. It also qualifies local labels (`.loop` after `main:` is
// `main.loop`), keeps track of the `cpu` level, and matches instructions against the table's forms, so that
// a line with a mistake is reported here, once, and the passes never look at it again.

import type { DiagnosticList } from './diagnostics';
import {
  isConstant as isConstantExpr,
  isExprError,
  parseExpression,
  spanOf,
  TokenCursor,
  type Expr
} from './expressions';
import { formsOf, MNEMONICS } from './forms';
import type { Token } from './lexer';
import { matchForms } from './match';
import {
  CPU_ANY,
  FPU_INSTRUCTIONS,
  IMPLIED_IMMEDIATE,
  LATER_INSTRUCTIONS,
  XCHG_AX_AX,
  cpuName
} from './nasm-data';
import { lookupRegister, PREFIX_BYTES, prefixSlot, SIZE_PREFIXES } from './names';
import { parseOperand } from './operands';
import { isDirective, parseDirective, parseData, DATA_UNITS, RESERVE_UNITS } from './parse-directives';
import type { SourceLine } from './preprocessor';
import type { Columns, InstructionBody, LineRef, Operand, Statement, StatementBody } from './statements';
import { evaluate, isPlain } from './values';

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
  return { files, texts, diagnostics, scope: '', cpu: CPU_ANY };
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

function lowerId(token: Token | undefined): string | null {
  return token && token.kind === 'id' && !token.escaped ? token.text.toLowerCase() : null;
}

/** A word that starts an instruction or directive (so an identifier before it is a label without a colon). */
function isKeyword(word: string | null): boolean {
  if (word === null) return false;
  return (
    formsOf(word) !== undefined ||
    word in PREFIX_BYTES ||
    word in DATA_UNITS ||
    word in RESERVE_UNITS ||
    word === 'times' ||
    word === 'equ' ||
    isDirective(word) ||
    word in LATER_INSTRUCTIONS ||
    FPU_INSTRUCTIONS.has(word)
  );
}

/** Parse one line. Problems are reported to the state's diagnostics; the statement is then marked failed. */
export function parseStatement(line: SourceLine, state: ParseState): Statement {
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

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function suggestion(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = word.length > 3 ? 3 : 2;
  for (const candidate of MNEMONICS) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? `did you mean ${best}?` : undefined;
}

function parseInstruction(cursor: TokenCursor, state: ParseState): StatementBody | ParseProblem {
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
  const slots: Record<string, number> = {};
  const words = [...prefixes];
  if (memorySegment >= 0) words.push(['es', 'cs', 'ss', 'ds'][memorySegment]);
  for (const word of words) {
    const slot = prefixSlot(word);
    const byte = PREFIX_BYTES[word];
    if (slot in slots && slots[slot] !== byte) {
      return parseProblem(
        slot === 'segment'
          ? 'two different segment overrides on one instruction'
          : 'conflicting prefixes on one instruction',
        columns
      );
    }
    slots[slot] = byte;
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
  for (const op of operands) {
    if (op.k === 'imm' && isConstantExpr(op.expr)) op.constant = constantValue(op.expr);
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
    cpu: state.cpu
  };
}

/** The value of an expression without symbols (folded once, not on every pass). */
function constantValue(expr: Expr): bigint | null {
  let ok = true;
  const value = evaluate(expr, {
    symbol: () => undefined,
    here: () => ({ n: 0n, section: -1, coefficient: 0, mixed: false, unknown: true }),
    sectionStart: () => ({ n: 0n, section: -1, coefficient: 0, mixed: false, unknown: true }),
    problem: () => {
      ok = false;
    },
    undefinedSymbol: () => {
      ok = false;
    }
  });
  return ok && isPlain(value) ? value.n : null;
}
