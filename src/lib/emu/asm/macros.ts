// Macros of NASM's preprocessor: single-line `%define name(params) body` substituted into every later line,
// and multi-line `%macro name count … %endmacro` bodies whose `%1`…`%n`, `%0`, `%{n}` and `%%label` are
// filled in at each call (NASM manual §4.1, §4.3). Tokens a macro produces carry the columns of the macro call
// (or of the argument they came from), so a problem inside an expansion is reported where the learner wrote it.

import { lexLine, type Token } from './lexer';

export interface SingleLineMacro {
  name: string;
  /** Parameter names, or null for a macro without parentheses. */
  params: string[] | null;
  body: Token[];
  caseInsensitive: boolean;
}

export interface MultiLineMacro {
  name: string;
  minParams: number;
  /** Infinity for `n-*`. */
  maxParams: number;
  /** `n+`: the last parameter takes the rest of the line, commas included. */
  greedy: boolean;
  /** Default values of optional parameters, as token lists. */
  defaults: Token[][];
  caseInsensitive: boolean;
  /** Body lines as written, with where each comes from. */
  body: { file: number; line: number; text: string }[];
  /** Where `%macro` was written. */
  file: number;
  line: number;
}

/** Expansions deeper than this are taken as a macro calling itself forever. */
export const MAX_EXPANSION_DEPTH = 64;
/** A line that single-line macros grow past this many tokens is refused (`%define a b b`, `%define b c c`…). */
const MAX_EXPANDED_TOKENS = 20_000;

export class MacroTable {
  private readonly single = new Map<string, SingleLineMacro>();
  private readonly singleInsensitive = new Map<string, SingleLineMacro>();
  private readonly multi = new Map<string, MultiLineMacro[]>();

  defineSingle(macro: SingleLineMacro): void {
    this.undefine(macro.name);
    if (macro.caseInsensitive) this.singleInsensitive.set(macro.name.toLowerCase(), macro);
    else this.single.set(macro.name, macro);
  }

  undefine(name: string): void {
    this.single.delete(name);
    this.singleInsensitive.delete(name.toLowerCase());
  }

  getSingle(name: string): SingleLineMacro | undefined {
    return this.single.get(name) ?? this.singleInsensitive.get(name.toLowerCase());
  }

  get hasSingle(): boolean {
    return this.single.size > 0 || this.singleInsensitive.size > 0;
  }

  defineMulti(macro: MultiLineMacro): void {
    const key = macro.name.toLowerCase();
    const list = (this.multi.get(key) ?? []).filter(
      (m) => !(m.minParams === macro.minParams && m.maxParams === macro.maxParams)
    );
    list.push(macro);
    this.multi.set(key, list);
  }

  /** Macros of this name (respecting case sensitivity), whatever their parameter counts. */
  multiNamed(name: string): MultiLineMacro[] {
    return (this.multi.get(name.toLowerCase()) ?? []).filter((m) => m.caseInsensitive || m.name === name);
  }

  removeMulti(name: string): void {
    this.multi.delete(name.toLowerCase());
  }
}

/** Give tokens that have no origin yet the columns `origin` (tokens from a macro body report at the call). */
function withOrigin(tokens: readonly Token[], origin: { start: number; end: number }): Token[] {
  return tokens.map((t) => ({ ...t, origin: t.origin ?? origin }));
}

/** The columns a run of tokens covers on the line being assembled. */
export function spanOfTokens(tokens: readonly Token[]): { start: number; end: number } {
  if (tokens.length === 0) return { start: 0, end: 1 };
  const first = tokens[0].origin ?? tokens[0];
  const last = tokens[tokens.length - 1].origin ?? tokens[tokens.length - 1];
  return { start: first.start, end: Math.max(last.end, first.start + 1) };
}

/**
 * Substitute single-line macros into a line's tokens. Returns null when the expansion went too deep (a
 * macro that expands to itself), else the new tokens.
 */
export function expandSingleLine(tokens: readonly Token[], table: MacroTable, depth = 0): Token[] | null {
  if (!table.hasSingle) return tokens as Token[];
  if (depth > MAX_EXPANSION_DEPTH) return null;
  const out: Token[] = [];
  let changed = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const macro = token.kind === 'id' && !token.escaped ? table.getSingle(token.text) : undefined;
    if (!macro) {
      out.push(token);
      continue;
    }
    const use = token.origin ?? { start: token.start, end: token.end };
    if (macro.params === null) {
      out.push(...withOrigin(macro.body, use));
      changed = true;
      continue;
    }
    // name(arg, arg): only when parentheses follow; otherwise the name stays as it is.
    const next = tokens[i + 1];
    if (!next || next.kind !== 'op' || next.text !== '(') {
      out.push(token);
      continue;
    }
    const args: Token[][] = [[]];
    let level = 0;
    let j = i + 2;
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.kind === 'op' && t.text === '(') level++;
      if (t.kind === 'op' && t.text === ')') {
        if (level === 0) break;
        level--;
      }
      if (level === 0 && t.kind === 'op' && t.text === ',') args.push([]);
      else args[args.length - 1].push(t);
    }
    if (j >= tokens.length || (args.length === 1 && args[0].length === 0 && macro.params.length > 0)) {
      out.push(token);
      continue;
    }
    const callSpan = { start: use.start, end: (tokens[j].origin ?? tokens[j]).end };
    for (const t of macro.body) {
      const p = t.kind === 'id' ? macro.params.indexOf(t.text) : -1;
      if (p >= 0 && p < args.length) out.push(...args[p]);
      else out.push({ ...t, origin: t.origin ?? callSpan });
    }
    i = j;
    changed = true;
  }
  if (out.length > MAX_EXPANDED_TOKENS) return null;
  return changed ? expandSingleLine(out, table, depth + 1) : out;
}

/** The arguments of a multi-line macro call: split at top-level commas; `{…}` groups an argument. */
export function splitArguments(tokens: readonly Token[], greedyAfter: number): Token[][] {
  if (tokens.length === 0) return [];
  const args: Token[][] = [[]];
  let braces = 0;
  for (const token of tokens) {
    const isOp = token.kind === 'op';
    if (isOp && token.text === '{') {
      if (braces++ === 0) continue;
    } else if (isOp && token.text === '}') {
      if (--braces === 0) continue;
    } else if (isOp && token.text === ',' && braces === 0 && args.length < greedyAfter) {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(token);
  }
  return args;
}

/** Expansion state of one multi-line macro call. */
export interface MacroCall {
  macro: MultiLineMacro;
  args: Token[][];
  /** Unique number for `%%label` names in this call (`..@7.label`). */
  id: number;
  /** Columns of the call on its line: body tokens report here. */
  span: { start: number; end: number };
}

/** Lex a macro body line and fill in `%n`, `%0`, `%{n}` and `%%label` for this call. */
export function instantiate(text: string, call: MacroCall): { tokens: Token[]; problems: string[] } {
  const lexed = lexLine(text);
  const problems = lexed.problems.map((p) => p.message);
  const out: Token[] = [];
  for (const token of lexed.tokens) {
    if (token.kind !== 'pp') {
      out.push({ ...token, origin: call.span });
      continue;
    }
    const body = token.text.slice(1);
    if (body.startsWith('%')) {
      const name = `..@${call.id}.${body.slice(1)}`;
      out.push({ kind: 'id', text: name, start: token.start, end: token.end, origin: call.span });
      continue;
    }
    const numeric = /^\{?(\d+)\}?$/.exec(body);
    if (numeric) {
      const n = Number(numeric[1]);
      if (n === 0) {
        const count = BigInt(call.args.length);
        out.push({
          kind: 'num',
          text: `${count}`,
          value: count,
          start: token.start,
          end: token.end,
          origin: call.span
        });
      } else if (n <= call.args.length) {
        out.push(...call.args[n - 1]);
      } else {
        problems.push(
          `macro ${call.macro.name} has no parameter %${n}: it was called with ${call.args.length}`
        );
      }
      continue;
    }
    // Directives (%if…, %rep, %rotate) stay for the preprocessor to act on.
    out.push({ ...token, origin: call.span });
  }
  return { tokens: out, problems };
}
