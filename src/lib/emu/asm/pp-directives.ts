// The preprocessor's directives (NASM manual chapter 4): %define and friends, %assign, %undef, %macro,
// %rep, %rotate, %include, %error/%warning, and the %if family, which is followed even inside skipped
// blocks so that nesting stays right.

import { isExprError, parseExpression, spanOf, TokenCursor } from './expressions';
import type { Token } from './lexer';
import { expandSingleLine } from './macros';
import type { Preprocessor, RawLine } from './preprocessor';
import { evaluate, isPlain, type EvalContext } from './values';

/** `%include` nesting deeper than this is taken as a file including itself. */
const MAX_INCLUDE_DEPTH = 32;

const CONDITIONAL_OPEN = new Set(['%if', '%ifdef', '%ifndef', '%ifidn', '%ifidni', '%ifmacro', '%ifnmacro']);
const CONDITIONAL_ELSE_IF = new Set(['%elif', '%elifdef', '%elifndef', '%elifidn', '%elifidni']);

export function runDirective(pp: Preprocessor, raw: RawLine, directive: string, tokens: Token[]): void {
  const args = tokens.slice(1);
  if (CONDITIONAL_OPEN.has(directive)) {
    const parentActive = pp.active;
    const holds = parentActive ? test(pp, raw, directive.replace('%if', ''), args) : false;
    pp.conditions.push({ active: parentActive && holds, taken: holds, parentActive, opened: raw });
    return;
  }
  if (CONDITIONAL_ELSE_IF.has(directive) || directive === '%else' || directive === '%endif') {
    const top = pp.conditions[pp.conditions.length - 1];
    if (!top) {
      pp.error(raw, tokens[0].start, tokens[0].end, `${directive} without a matching %if`);
      return;
    }
    if (directive === '%endif') pp.conditions.pop();
    else if (directive === '%else') {
      top.active = top.parentActive && !top.taken;
      top.taken = true;
    } else {
      const holds =
        top.parentActive && !top.taken ? test(pp, raw, directive.replace('%elif', ''), args) : false;
      top.active = top.parentActive && !top.taken && holds;
      top.taken ||= holds;
    }
    return;
  }
  if (!pp.active) return;

  const where = spanOf(tokens[0]);
  switch (directive) {
    case '%define':
    case '%idefine':
    case '%xdefine':
    case '%ixdefine':
      return define(pp, raw, directive, args, where);
    case '%undef':
    case '%iundef':
      if (args[0]?.kind === 'id') pp.macros.undefine(args[0].text);
      else pp.error(raw, where.start, where.end, '%undef needs the name of a %define');
      return;
    case '%assign':
    case '%iassign': {
      const name = args[0];
      if (!name || name.kind !== 'id')
        return pp.error(raw, where.start, where.end, `${directive} needs a name and a value`);
      const value = evaluateNumber(pp, raw, args.slice(1), where);
      if (value === null) return;
      const token: Token = { kind: 'num', text: `${value}`, value, start: name.start, end: name.end };
      pp.macros.defineSingle({
        name: name.text,
        params: null,
        body: [token],
        caseInsensitive: directive === '%iassign'
      });
      return;
    }
    case '%macro':
    case '%imacro':
      return startMacro(pp, raw, directive, args, where);
    case '%endmacro':
    case '%endm':
      return pp.error(raw, where.start, where.end, `${directive} without a %macro`);
    case '%rep': {
      const count = evaluateNumber(pp, raw, args, where);
      pp.collecting = {
        kind: 'rep',
        depth: 1,
        start: raw,
        lines: [],
        count: count === null ? 0 : Number(count)
      };
      return;
    }
    case '%endrep':
      return pp.error(raw, where.start, where.end, '%endrep without a %rep');
    case '%exitrep':
      if (!pp.exitRep()) pp.error(raw, where.start, where.end, '%exitrep outside a %rep');
      return;
    case '%rotate': {
      const call = raw.macro?.call;
      if (!call) return pp.error(raw, where.start, where.end, '%rotate outside a macro');
      const n = evaluateNumber(pp, raw, args, where);
      if (n === null || call.args.length === 0) return;
      const k = ((Number(n) % call.args.length) + call.args.length) % call.args.length;
      call.args.push(...call.args.splice(0, k));
      return;
    }
    case '%include':
      return include(pp, raw, args, where);
    case '%error':
    case '%fatal':
      return pp.error(raw, where.start, raw.text.length, messageText(args) || 'error');
    case '%warning':
      return pp.warning(raw, where.start, raw.text.length, messageText(args) || 'warning');
    case '%line':
    case '%pragma':
    case '%clear':
      return;
    default:
      pp.error(raw, where.start, where.end, `unknown preprocessor directive ${tokens[0].text}`);
  }
}

function messageText(args: Token[]): string {
  if (args.length === 1 && args[0].kind === 'str') return String.fromCharCode(...(args[0].bytes ?? []));
  return args.map((t) => t.text).join(' ');
}

/** Evaluate a condition of the %if family; `kind` is what follows %if / %elif ("", "def", "ndef", "idn"…). */
function test(pp: Preprocessor, raw: RawLine, kind: string, args: Token[]): boolean {
  switch (kind) {
    case 'def':
    case 'ndef':
    case 'macro':
    case 'nmacro': {
      if (args.length !== 1 || args[0].kind !== 'id') {
        const at = args.length ? spanOf(args[0]) : { start: 0, end: raw.text.length };
        pp.error(raw, at.start, at.end, `%if${kind} needs one name: %if${kind} NAME`);
        return false;
      }
      const name = args[0].text;
      const defined = kind.endsWith('def')
        ? pp.macros.getSingle(name) !== undefined
        : pp.macros.multiNamed(name).length > 0;
      return kind === 'def' || kind === 'macro' ? defined : !defined;
    }
    case 'idn':
    case 'idni': {
      const expanded = expandSingleLine(args, pp.macros) ?? args;
      const comma = expanded.findIndex((t) => t.kind === 'op' && t.text === ',');
      if (comma < 0) {
        pp.error(raw, 0, raw.text.length, `%if${kind} needs two things to compare, separated by a comma`);
        return false;
      }
      const text = (list: Token[]) => list.map((t) => t.text).join(' ');
      const a = text(expanded.slice(0, comma < 0 ? expanded.length : comma));
      const b = text(comma < 0 ? [] : expanded.slice(comma + 1));
      return kind === 'idn' ? a === b : a.toLowerCase() === b.toLowerCase();
    }
    default: {
      const where = args.length ? spanOf(args[0]) : { start: 0, end: raw.text.length };
      const value = evaluateNumber(pp, raw, args, where);
      return value !== null && value !== 0n;
    }
  }
}

/** A preprocessor expression: numbers and %define'd names only (labels do not exist yet). */
function evaluateNumber(
  pp: Preprocessor,
  raw: RawLine,
  args: Token[],
  where: { start: number; end: number }
): bigint | null {
  const tokens = expandSingleLine(args, pp.macros);
  if (tokens === null || tokens.length === 0) {
    pp.error(raw, where.start, where.end, 'expected a number after the directive');
    return null;
  }
  const cursor = new TokenCursor(tokens, raw.text.length);
  const expr = parseExpression(cursor);
  if (isExprError(expr)) {
    pp.error(raw, expr.start, expr.end, expr.message);
    return null;
  }
  if (!cursor.atEnd()) {
    const span = cursor.here();
    pp.error(raw, span.start, span.end, `unexpected '${cursor.peek()?.text}' after the expression`);
    return null;
  }
  let failed = false;
  const context: EvalContext = {
    symbol: () => undefined,
    here: () => ({ n: 0n, section: -1, coefficient: 0, mixed: false, unknown: true }),
    sectionStart: () => ({ n: 0n, section: -1, coefficient: 0, mixed: false, unknown: true }),
    problem: (message, start, end) => {
      failed = true;
      pp.error(raw, start, end, message);
    },
    undefinedSymbol: (name, start, end) => {
      failed = true;
      pp.error(
        raw,
        start,
        end,
        `${name} is not known to the preprocessor`,
        'only numbers and %define names can be used here'
      );
    }
  };
  const value = evaluate(expr, context);
  if (failed) return null;
  if (!isPlain(value)) {
    pp.error(raw, where.start, where.end, 'the preprocessor needs a plain number here');
    return null;
  }
  return value.n;
}

function define(
  pp: Preprocessor,
  raw: RawLine,
  directive: string,
  args: Token[],
  where: { start: number; end: number }
): void {
  const name = args[0];
  if (!name || name.kind !== 'id') {
    pp.error(raw, where.start, where.end, `${directive} needs a name`);
    return;
  }
  let params: string[] | null = null;
  let bodyStart = 1;
  const open = args[1];
  if (open?.kind === 'op' && open.text === '(' && open.start === name.end) {
    params = [];
    let i = 2;
    // name, name, … )
    for (; i < args.length && !(args[i].kind === 'op' && args[i].text === ')'); i++) {
      const expectName = (i - 2) % 2 === 0;
      const token = args[i];
      if (expectName ? token.kind !== 'id' : token.kind !== 'op' || token.text !== ',') {
        const at = spanOf(token);
        pp.error(
          raw,
          at.start,
          at.end,
          `'${token.text}' in the parameter list of ${name.text}: write (a, b)`
        );
        return;
      }
      if (expectName) params.push(token.text);
    }
    if (i >= args.length) {
      pp.error(raw, where.start, raw.text.length, `the parameter list of ${name.text} has no ')'`);
      return;
    }
    bodyStart = i + 1;
  }
  let body = args.slice(bodyStart);
  if (directive === '%xdefine' || directive === '%ixdefine') body = expandSingleLine(body, pp.macros) ?? body;
  const caseInsensitive = directive === '%idefine' || directive === '%ixdefine';
  pp.macros.defineSingle({ name: name.text, params, body, caseInsensitive });
}

function startMacro(
  pp: Preprocessor,
  raw: RawLine,
  directive: string,
  args: Token[],
  where: { start: number; end: number }
): void {
  const name = args[0];
  const min = args[1];
  if (!name || name.kind !== 'id' || !min || min.kind !== 'num') {
    pp.error(raw, where.start, where.end, `${directive} needs a name and a parameter count: %macro name 2`);
    pp.collecting = { kind: 'macro', depth: 1, start: raw, lines: [] };
    return;
  }
  let i = 2;
  let max = Number(min.value);
  let greedy = false;
  if (args[i]?.kind === 'op' && args[i].text === '-') {
    const upper = args[i + 1];
    if (upper?.kind === 'op' && upper.text === '*') max = Infinity;
    else if (upper?.kind === 'num') max = Number(upper.value);
    i += 2;
  }
  if (args[i]?.kind === 'op' && args[i].text === '+') {
    greedy = true;
    i++;
  }
  if (args[i]?.kind === 'id' && args[i].text.toLowerCase() === '.nolist') i++;
  const defaults: Token[][] = [];
  if (i < args.length) {
    let current: Token[] = [];
    for (const token of args.slice(i)) {
      if (token.kind === 'op' && token.text === ',') {
        defaults.push(current);
        current = [];
      } else current.push(token);
    }
    defaults.push(current);
  }
  pp.collecting = {
    kind: 'macro',
    depth: 1,
    start: raw,
    lines: [],
    macro: {
      name: name.text,
      minParams: Number(min.value),
      maxParams: max,
      greedy,
      defaults,
      caseInsensitive: directive === '%imacro',
      body: [],
      file: raw.file,
      line: raw.line
    }
  };
}

function include(pp: Preprocessor, raw: RawLine, args: Token[], where: { start: number; end: number }): void {
  const target = args[0];
  if (!target || (target.kind !== 'str' && target.kind !== 'id')) {
    pp.error(raw, where.start, where.end, '%include needs a file name in quotes: %include "macros.inc"');
    return;
  }
  const wanted = target.kind === 'str' ? String.fromCharCode(...(target.bytes ?? [])) : target.text;
  const names = pp.sources.names;
  const base = (path: string) => path.split(/[\\/]/).pop()?.toLowerCase() ?? path;
  let file = names.indexOf(wanted);
  if (file < 0) file = names.findIndex((name) => base(name) === base(wanted));
  const span = spanOf(target);
  if (file < 0) {
    const open = names.slice(1).join(', ');
    pp.error(
      raw,
      span.start,
      span.end,
      `cannot find ${wanted} to include`,
      open ? `files available: ${open}` : 'open the file in the editor first'
    );
    return;
  }
  if (pp.includeDepth() >= MAX_INCLUDE_DEPTH) {
    pp.error(raw, span.start, span.end, `${wanted} includes itself (directly or through other files)`);
    return;
  }
  pp.openFile(file);
}
