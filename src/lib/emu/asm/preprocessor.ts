// The preprocessor: source files into the stream of lines the parser reads. It follows `%include` into the
// other files it was given (the files open in the editor), keeps or drops lines under `%if`/`%ifdef`/`%else`,
// repeats `%rep` blocks, and records and expands `%define`/`%assign`/`%macro` (NASM manual chapter 4).
// Every line it hands on says which source line it reports at: a line a macro produced reports at the call.
// The directives themselves are in pp-directives.ts.

import type { DiagnosticList } from './diagnostics';
import { lexLine, type Token } from './lexer';
import {
  expandSingleLine,
  instantiate,
  MacroTable,
  spanOfTokens,
  splitArguments,
  type MacroCall,
  type MultiLineMacro
} from './macros';
import { runDirective } from './pp-directives';
import type { LineRef } from './statements';

/** One line for the parser. */
export interface SourceLine {
  ref: LineRef;
  /** Index of the line in the preprocessor's `listed` lines (for the listing). */
  listIndex: number;
  tokens: Token[];
  /** Column just past the line's code (before any comment), for errors at the end of the line. */
  lineEnd: number;
}

export interface SourceSet {
  /** File names; index 0 is the main file. */
  names: string[];
  texts: string[];
}

/** Lines one assembly may produce through %rep and macros, so a runaway loop ends (quickly: the editor
 * assembles on every keystroke). */
const MAX_LINES = 100_000;
/** Macro calls nested deeper than this are taken as a macro calling itself forever. */
const MAX_CALL_DEPTH = 64;

interface FileFrame {
  kind: 'file';
  file: number;
  lines: string[];
  next: number;
}

export interface MacroFrame {
  kind: 'macro';
  call: MacroCall;
  next: number;
  /** Where the call was written (the line every body line reports at). */
  ref: LineRef;
  depth: number;
}

interface RepFrame {
  kind: 'rep';
  body: RawLine[];
  left: number;
  next: number;
  /** %if blocks open when the %rep started: %exitrep closes the ones opened inside. */
  conditionDepth: number;
}

type Frame = FileFrame | MacroFrame | RepFrame;

/** A line before expansion, with where it came from. */
export interface RawLine {
  file: number;
  line: number;
  text: string;
  /** The macro call it belongs to, for lines of a macro body. */
  macro?: MacroFrame;
}

export interface Condition {
  /** This branch is being assembled. */
  active: boolean;
  /** Some branch of this %if was taken already (so %else and %elif are skipped). */
  taken: boolean;
  /** The enclosing block is being assembled. */
  parentActive: boolean;
  /** The %if line, for the error when its %endif never comes. */
  opened: RawLine;
}

/** A %macro or %rep body being read, up to its %endmacro or %endrep. */
export interface Collecting {
  kind: 'macro' | 'rep';
  depth: number;
  start: RawLine;
  lines: RawLine[];
  macro?: MultiLineMacro;
  count?: number;
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

export class Preprocessor {
  readonly output: SourceLine[] = [];
  /** Every line read, in order, except those of skipped %if branches: the rows of the listing. */
  readonly listed: LineRef[] = [];
  readonly macros = new MacroTable();
  readonly conditions: Condition[] = [];
  readonly frames: Frame[];
  collecting: Collecting | null = null;
  private callCount = 0;
  private produced = 0;

  constructor(
    readonly sources: SourceSet,
    readonly diagnostics: DiagnosticList
  ) {
    this.frames = [{ kind: 'file', file: 0, lines: splitLines(sources.texts[0]), next: 0 }];
  }

  get active(): boolean {
    return this.conditions.length === 0 || this.conditions[this.conditions.length - 1].active;
  }

  /** Files being read, innermost last (for %include loops). */
  includeDepth(): number {
    return this.frames.filter((f) => f.kind === 'file').length;
  }

  openFile(file: number): void {
    this.frames.push({ kind: 'file', file, lines: splitLines(this.sources.texts[file]), next: 0 });
  }

  repeat(body: RawLine[], count: number): void {
    if (count > 0 && body.length > 0) {
      this.frames.push({ kind: 'rep', body, left: count, next: 0, conditionDepth: this.conditions.length });
    }
  }

  /** Leave the innermost %rep (%exitrep). */
  exitRep(): boolean {
    const index = this.frames.map((f) => f.kind).lastIndexOf('rep');
    if (index < 0) return false;
    this.conditions.length = (this.frames[index] as RepFrame).conditionDepth;
    this.frames.length = index;
    return true;
  }

  /** The source line `raw` reports at. */
  refOf(raw: RawLine): LineRef {
    if (!raw.macro) return { file: raw.file, line: raw.line, text: raw.text };
    const frame = raw.macro;
    return {
      ...frame.ref,
      macro: {
        name: frame.call.macro.name,
        file: raw.file,
        line: raw.line,
        text: raw.text,
        depth: frame.depth
      }
    };
  }

  /** Report an error on the line of `raw`, at columns `start`–`end` of it (or at the macro call). */
  error(raw: RawLine, start: number, end: number, message: string, hint?: string): void {
    const ref = this.refOf(raw);
    const span = raw.macro && start === 0 && end === 0 ? raw.macro.call.span : { start, end };
    const macro = raw.macro
      ? { name: raw.macro.call.macro.name, file: this.sources.names[raw.file], line: raw.line }
      : undefined;
    const column = span.start + 1;
    const endColumn = Math.max(span.end, span.start + 1) + 1;
    this.diagnostics.error(
      { file: this.sources.names[ref.file], line: ref.line, column, endColumn },
      message,
      hint,
      macro
    );
  }

  warning(raw: RawLine, start: number, end: number, message: string): void {
    const ref = this.refOf(raw);
    const endColumn = Math.max(end, start + 1) + 1;
    this.diagnostics.warning(
      { file: this.sources.names[ref.file], line: ref.line, column: start + 1, endColumn },
      message
    );
  }

  private nextRaw(): RawLine | null {
    while (this.frames.length > 0) {
      const frame = this.frames[this.frames.length - 1];
      if (frame.kind === 'file') {
        if (frame.next < frame.lines.length) {
          const index = frame.next++;
          return { file: frame.file, line: index + 1, text: frame.lines[index] };
        }
      } else if (frame.kind === 'macro') {
        const body = frame.call.macro.body;
        if (frame.next < body.length) return { ...body[frame.next++], macro: frame };
      } else {
        if (frame.next >= frame.body.length && frame.left > 1) {
          frame.left--;
          frame.next = 0;
        }
        if (frame.next < frame.body.length) return frame.body[frame.next++];
      }
      this.frames.pop();
    }
    return null;
  }

  /** Tokens of a raw line: lexed, with a macro call's parameters filled in. */
  private tokensOf(raw: RawLine): {
    tokens: Token[];
    lineEnd: number;
    problem?: { start: number; end: number; message: string };
  } {
    if (raw.macro) {
      const result = instantiate(raw.text, raw.macro.call);
      const problem = result.problems.length ? { start: 0, end: 0, message: result.problems[0] } : undefined;
      return { tokens: result.tokens, lineEnd: raw.macro.call.span.end, problem };
    }
    const lexed = lexLine(raw.text);
    return { tokens: lexed.tokens, lineEnd: lexed.codeEnd, problem: lexed.problems[0] };
  }

  run(): SourceLine[] {
    for (let raw = this.nextRaw(); raw !== null; raw = this.nextRaw()) {
      if (++this.produced > MAX_LINES) {
        this.error(
          raw,
          0,
          raw.text.length,
          `more than ${MAX_LINES.toLocaleString('en')} lines: a %rep or a macro seems to repeat without end`
        );
        break;
      }
      const { tokens, lineEnd, problem } = this.tokensOf(raw);
      const listIndex = this.listed.length;
      const first = tokens[0];
      const directive = first?.kind === 'pp' && /^%[a-z]/i.test(first.text) ? first.text.toLowerCase() : null;
      // One LineRef per line, shared by the listing's row and the parser's line.
      const ref = this.refOf(raw);
      if (this.collecting) {
        this.listed.push(ref);
        this.collect(raw, directive);
        continue;
      }
      if (this.active || directive !== null) this.listed.push(ref);
      if (problem && this.active) {
        this.error(raw, problem.start, problem.end, problem.message);
        continue;
      }
      if (directive !== null) {
        runDirective(this, raw, directive, tokens);
        continue;
      }
      if (!this.active) continue;
      const expanded = expandSingleLine(tokens, this.macros);
      if (expanded === null) {
        this.error(
          raw,
          0,
          raw.text.length,
          '%define expansion does not end (a macro expands into itself, or the line grows too long)'
        );
        continue;
      }
      if (this.callMultiLine(raw, expanded, listIndex)) continue;
      this.output.push({ ref, listIndex, tokens: expanded, lineEnd });
    }
    if (this.collecting) {
      const { start, kind } = this.collecting;
      this.error(
        start,
        0,
        start.text.length,
        kind === 'macro' ? '%macro without %endmacro' : '%rep without %endrep'
      );
    }
    const unclosed = this.conditions[0];
    if (unclosed) {
      const text = unclosed.opened.text;
      this.error(
        unclosed.opened,
        0,
        Math.max(text.trimEnd().length, 1),
        `${text.trim().split(/\s/)[0]} without %endif`
      );
    }
    return this.output;
  }

  /** Store a line of a %macro or %rep body, or finish the body at its end directive. */
  private collect(raw: RawLine, directive: string | null): void {
    const collecting = this.collecting as Collecting;
    const opens = collecting.kind === 'macro' ? ['%macro', '%imacro'] : ['%rep'];
    const closes = collecting.kind === 'macro' ? ['%endmacro', '%endm'] : ['%endrep'];
    if (directive !== null && opens.includes(directive)) collecting.depth++;
    if (directive !== null && closes.includes(directive) && --collecting.depth === 0) {
      this.collecting = null;
      if (collecting.macro) {
        collecting.macro.body = collecting.lines.map(({ file, line, text }) => ({ file, line, text }));
        this.macros.defineMulti(collecting.macro);
      } else if (this.active) {
        this.repeat(collecting.lines, collecting.count ?? 0);
      }
      return;
    }
    collecting.lines.push(raw);
  }

  /** If the line calls a multi-line macro (`name args` or `label: name args`), start its expansion. */
  private callMultiLine(raw: RawLine, tokens: Token[], listIndex: number): boolean {
    let at = 0;
    if (tokens.length >= 2 && tokens[0].kind === 'id' && tokens[1].kind === 'op' && tokens[1].text === ':')
      at = 2;
    const nameToken = tokens[at];
    if (!nameToken || nameToken.kind !== 'id' || nameToken.escaped) return false;
    const candidates = this.macros.multiNamed(nameToken.text);
    if (candidates.length === 0) return false;
    const rest = tokens.slice(at + 1);
    const widest = Math.max(...candidates.map((m) => (m.greedy ? m.maxParams : Infinity)));
    const count = splitArguments(rest, widest).length;
    const macro = candidates.find((m) => count >= m.minParams && count <= m.maxParams);
    if (!macro) {
      const span = { start: nameToken.start, end: nameToken.end };
      const want = candidates.map((m) =>
        m.minParams === m.maxParams ? `${m.minParams}` : `${m.minParams}–${m.maxParams}`
      );
      this.error(
        raw,
        span.start,
        span.end,
        `macro ${nameToken.text} takes ${want.join(' or ')} parameters, not ${count}`
      );
      return true;
    }
    const depth = raw.macro ? raw.macro.depth + 1 : 1;
    if (depth > MAX_CALL_DEPTH) {
      this.error(raw, nameToken.start, nameToken.end, `macro ${macro.name} calls itself without end`);
      return true;
    }
    if (at === 2) {
      // A label before the macro call stays a label on its own line.
      this.output.push({
        ref: this.refOf(raw),
        listIndex,
        tokens: tokens.slice(0, 2),
        lineEnd: tokens[1].end
      });
    }
    const args = splitArguments(rest, macro.greedy ? macro.maxParams : Infinity).map((arg) =>
      arg.map((t) => (t.origin ? t : { ...t, origin: { start: t.start, end: t.end } }))
    );
    while (args.length < macro.maxParams && args.length - macro.minParams < macro.defaults.length) {
      args.push(macro.defaults[args.length - macro.minParams]);
    }
    const span = spanOfTokens(tokens.slice(at));
    const call: MacroCall = { macro, args, id: ++this.callCount, span };
    const ref = raw.macro ? raw.macro.ref : this.refOf(raw);
    this.frames.push({ kind: 'macro', call, next: 0, ref, depth });
    return true;
  }
}

/** Run the preprocessor over the main file of `sources`; problems go to `diagnostics`. */
export function preprocess(
  sources: SourceSet,
  diagnostics: DiagnosticList
): { lines: SourceLine[]; listed: LineRef[] } {
  const preprocessor = new Preprocessor(sources, diagnostics);
  const lines = preprocessor.run();
  return { lines, listed: preprocessor.listed };
}
