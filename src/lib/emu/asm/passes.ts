// The passes: lay the statements out, section by section, until no label moves, then generate the bytes.
// This is NASM's multi-pass optimisation (-Ox, the default): each pass sizes every instruction with the label
// values known so far (labels further down keep their value from the previous pass; on the first pass they
// are unknown and NASM assumes a short jump and a long displacement), and passes repeat until the layout
// settles. Sections are laid out as NASM's bin format does: .text at the origin, then .data, then .bss, each
// aligned to its alignment (4 by default, raised by `align` and `sectalign`).

import type { DiagnosticList } from './diagnostics';
import { encodeInstruction, type EncodeEnv } from './encoder';
import { floatBytes } from './numbers';
import { SECTION_NAMES } from './parse-directives';
import type { Columns, DataItem, Statement } from './statements';
import { evaluate, isPlain, plain, type EvalContext, type Value } from './values';

/** Passes before giving up on a layout that keeps changing (NASM stops similarly, with a phase error). */
const MAX_PASSES = 64;
/** Default alignment of .data and .bss in NASM's bin format. */
const DEFAULT_SECTION_ALIGN = 4;
const TEXT = 0;
const BSS = 2;

export interface SymbolEntry {
  name: string;
  kind: 'label' | 'equ';
  value: Value;
  /** The statement that defines it. */
  statement: number;
}

export interface SectionLayout {
  name: string;
  /** Address of its first byte (the origin for .text). */
  base: number;
  size: number;
  align: number;
}

/** What the final pass produced for one statement. */
export interface PlacedStatement {
  section: number;
  /** Offset from the section's start. */
  offset: number;
  /** The bytes of one repetition (`times` repeats them `repeat` times); empty for reservations. */
  bytes: number[];
  repeat: number;
  /** Total size in the section (reserved space included). */
  size: number;
}

export interface LayoutResult {
  symbols: Map<string, SymbolEntry>;
  sections: SectionLayout[];
  placed: PlacedStatement[];
  origin: number;
  passes: number;
}

/** The encoder's environment plus reporting that does not wait for the final pass. */
interface PassEnv extends EncodeEnv {
  report(message: string, columns: Columns, hint?: string): void;
}

interface PassState {
  offsets: number[];
  section: number;
  aligns: number[];
  origin: number;
  changed: boolean;
}

export function layOut(statements: Statement[], files: string[], diagnostics: DiagnosticList): LayoutResult {
  const symbols = new Map<string, SymbolEntry>();
  const bases = [0, 0, 0];
  let origin = 0;
  const sizes = new Int32Array(statements.length).fill(-1);
  let placed: PlacedStatement[] = [];
  let passes: number;
  let aligns = [DEFAULT_SECTION_ALIGN, DEFAULT_SECTION_ALIGN, DEFAULT_SECTION_ALIGN];
  let sectionSizes = [0, 0, 0];

  const runPass = (pass: number, final: boolean): PassState => {
    const state: PassState = {
      offsets: [0, 0, 0],
      section: TEXT,
      aligns: [...aligns],
      origin,
      changed: false
    };
    const out: PlacedStatement[] = [];
    const scratch: number[] = [];
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const env = environment(statement, state, pass, final);
      if (statement.label) defineLabel(statement, i, state, pass, env);
      const size = statement.failed ? 0 : place(statement, i, state, pass, final, env, scratch, out);
      if (sizes[i] !== size) {
        sizes[i] = size;
        state.changed = true;
      }
      if (final && !statement.failed)
        out[i] ??= {
          section: state.section,
          offset: state.offsets[state.section],
          bytes: [],
          repeat: 0,
          size
        };
      else if (final)
        out[i] = {
          section: state.section,
          offset: state.offsets[state.section],
          bytes: [],
          repeat: 0,
          size: 0
        };
      state.offsets[state.section] += size;
    }
    if (final) placed = out;
    return state;
  };

  // The environment a statement is encoded in: symbol values, `$`, `$$`, and error reporting for its line.
  // `error` and `warning` report on the final pass only (values may still change before it); `report` at
  // once, for problems a pass-1 value already settles (a `times` count that is not known, a label defined
  // twice).
  const environment = (statement: Statement, state: PassState, pass: number, final: boolean): PassEnv => {
    const ref = statement.ref;
    const spanAt = (columns: Columns) => ({
      file: files[ref.file],
      line: ref.line,
      column: columns.start + 1,
      endColumn: Math.max(columns.end, columns.start + 1) + 1
    });
    const macro = ref.macro
      ? { name: ref.macro.name, file: files[ref.macro.file], line: ref.macro.line }
      : undefined;
    const whole = { start: 0, end: Math.max(ref.text.length, 1) };
    const pick = (start: number, end: number) => (start === 0 && end === 0 ? whole : { start, end });
    return {
      final,
      section: state.section,
      offset: state.offsets[state.section],
      cpu: statement.body.k === 'insn' ? statement.body.cpu : 0,
      symbol: (name) => symbols.get(name)?.value,
      here: () => ({
        n: BigInt(state.offsets[state.section]),
        section: state.section,
        coefficient: 1,
        mixed: false,
        unknown: false
      }),
      sectionStart: () => ({ n: 0n, section: state.section, coefficient: 1, mixed: false, unknown: false }),
      absolute: (value) =>
        value.unknown
          ? 0n
          : value.n + BigInt(value.coefficient) * BigInt(value.section >= 0 ? bases[value.section] : 0),
      problem: (message, start, end) => {
        if (final) diagnostics.error(spanAt(pick(start, end)), message, undefined, macro);
      },
      undefinedSymbol: (name, start, end) => {
        if (!final || symbols.has(name)) return;
        diagnostics.error(
          spanAt({ start, end }),
          `symbol ${name} is not defined`,
          closestSymbol(name, symbols),
          macro
        );
      },
      error: (message, columns, hint) => {
        if (final) diagnostics.error(spanAt(columns), message, hint, macro);
      },
      report: (message, columns, hint) => {
        diagnostics.error(spanAt(columns), message, hint, macro);
      },
      warning: (message, columns) => {
        if (final) diagnostics.warning(spanAt(columns), message, undefined, macro);
      }
    };
  };

  const defineLabel = (
    statement: Statement,
    index: number,
    state: PassState,
    pass: number,
    env: PassEnv
  ): void => {
    const label = statement.label as NonNullable<Statement['label']>;
    const existing = symbols.get(label.name);
    if (existing && existing.statement !== index) {
      if (pass === 1) {
        const first = statements[existing.statement].ref;
        env.report(
          `label ${label.name} is defined twice`,
          label.columns,
          `first defined at line ${first.line}`
        );
      }
      return;
    }
    let value: Value;
    if (statement.body.k === 'equ') {
      value = statement.failed ? plain(0n) : evaluate(statement.body.expr, env);
    } else {
      value = {
        n: BigInt(state.offsets[state.section]),
        section: state.section,
        coefficient: 1,
        mixed: false,
        unknown: false
      };
    }
    if (!existing || !sameValue(existing.value, value)) state.changed = true;
    symbols.set(label.name, {
      name: label.name,
      kind: statement.body.k === 'equ' ? 'equ' : 'label',
      value,
      statement: index
    });
  };

  /** Lay out (and on the final pass, emit) one statement; returns its size in its section. */
  const place = (
    statement: Statement,
    index: number,
    state: PassState,
    pass: number,
    final: boolean,
    env: PassEnv,
    scratch: number[],
    out: PlacedStatement[]
  ): number => {
    const body = statement.body;
    const critical = (
      expr: Parameters<typeof evaluate>[0],
      columns: Columns,
      what: string
    ): number | null => {
      const value = evaluate(expr, env);
      if (value.unknown || !isPlain(value)) {
        if (pass === 1 || (final && !value.unknown)) {
          env.report(
            `${what} must be a number known at this point`,
            columns,
            value.unknown
              ? 'a label defined further down is not known yet here'
              : 'an address is not a plain number'
          );
          statement.failed = true;
        }
        return null;
      }
      return Number(value.n);
    };
    let repeat = 1;
    if (statement.times) {
      const count = critical(statement.times.expr, statement.times.columns, 'the times count');
      if (count === null) return 0;
      if (count < 0) {
        env.report(`times ${count} is negative`, statement.times.columns);
        statement.failed = true;
        return 0;
      }
      repeat = count;
    }
    const emit = (bytes: number[]) => {
      if (final)
        out[index] = {
          section: state.section,
          offset: state.offsets[state.section],
          bytes: bytes.slice(),
          repeat,
          size: bytes.length * repeat
        };
      return bytes.length * repeat;
    };
    switch (body.k) {
      case 'insn': {
        if (repeat === 0) return emit([]);
        const ok = encodeInstruction(body, env, scratch);
        if (!ok && final) statement.failed = true;
        if (state.section === BSS && final)
          env.warning('an instruction in .bss is not stored in the program', body.mnemonicColumns);
        return emit(scratch);
      }
      case 'prefixes':
        return emit(body.bytes);
      case 'data':
        return emit(dataBytes(body.unit, body.items, env));
      case 'reserve': {
        const count = critical(body.count, body.columns, `the ${body.unit === 1 ? 'resb' : 'res'} count`);
        if (count === null) return 0;
        const size = count * body.unit * repeat;
        if (final)
          out[index] = {
            section: state.section,
            offset: state.offsets[state.section],
            bytes: [],
            repeat,
            size
          };
        return size;
      }
      case 'equ':
        return 0;
      case 'org': {
        const value = critical(body.expr, body.columns, 'org');
        if (value !== null) {
          if (pass === 1 && index !== firstOrg(statements)) {
            env.report('org can be given only once', body.columns);
          } else state.origin = value;
        }
        return 0;
      }
      case 'section':
        state.section = SECTION_NAMES.indexOf(body.name as (typeof SECTION_NAMES)[number]);
        if (body.align > state.aligns[state.section]) state.aligns[state.section] = body.align;
        return 0;
      case 'sectalign': {
        const value = critical(body.expr, body.columns, 'sectalign');
        if (value !== null && value > state.aligns[state.section]) state.aligns[state.section] = value;
        return 0;
      }
      case 'align': {
        const boundary = critical(body.expr, body.columns, 'the alignment');
        if (boundary === null) return 0;
        if (boundary <= 0 || (boundary & (boundary - 1)) !== 0) {
          env.report(`alignment ${boundary} is not a power of two`, body.columns);
          statement.failed = true;
          return 0;
        }
        // NASM's align also raises the section's alignment, so the boundary holds in the output too.
        if (boundary > state.aligns[state.section]) state.aligns[state.section] = boundary;
        const pad = (boundary - (state.offsets[state.section] % boundary)) % boundary;
        if (body.reserve || state.section === BSS) {
          if (final)
            out[index] = {
              section: state.section,
              offset: state.offsets[state.section],
              bytes: [],
              repeat: 1,
              size: pad
            };
          return pad;
        }
        const fill = body.fill ? dataBytes(1, [body.fill], env)[0] : 0x90;
        repeat = pad;
        return emit(pad ? [fill] : []);
      }
      default:
        return 0;
    }
  };

  let state = runPass(1, false);
  passes = 1;
  for (;;) {
    aligns = state.aligns;
    sectionSizes = state.offsets;
    computeBases(state);
    if (!state.changed && passes > 1) break;
    if (passes >= MAX_PASSES) {
      diagnostics.error(
        { file: files[0], line: 1, column: 1, endColumn: 2 },
        'the layout does not settle: jumps keep changing size'
      );
      break;
    }
    state = runPass(++passes, false);
  }
  const finalState = runPass(passes + 1, true);
  sectionSizes = finalState.offsets;
  computeBases(finalState);

  function computeBases(s: PassState): void {
    origin = s.origin;
    bases[0] = origin;
    bases[1] = alignUp(origin + s.offsets[0], s.aligns[1]);
    bases[2] = alignUp(bases[1] + s.offsets[1], s.aligns[2]);
  }

  const sections = SECTION_NAMES.map((name, i) => ({
    name,
    base: bases[i],
    size: sectionSizes[i],
    align: aligns[i]
  }));
  return { symbols, sections, placed, origin, passes: passes + 1 };
}

function firstOrg(statements: Statement[]): number {
  return statements.findIndex((s) => s.body.k === 'org');
}

function alignUp(value: number, align: number): number {
  return align > 1 ? Math.ceil(value / align) * align : value;
}

function sameValue(a: Value, b: Value): boolean {
  return (
    a.n === b.n &&
    a.section === b.section &&
    a.coefficient === b.coefficient &&
    a.unknown === b.unknown &&
    a.mixed === b.mixed
  );
}

/** The bytes of db/dw/dd/dq items: numbers little-endian, strings padded to a whole unit, floats in IEEE form. */
function dataBytes(unit: number, items: DataItem[], env: EncodeEnv): number[] {
  const out: number[] = [];
  for (const item of items) {
    if (item.k === 'string') {
      out.push(...item.bytes);
      const rest = item.bytes.length % unit;
      if (rest) for (let i = rest; i < unit; i++) out.push(0);
    } else if (item.k === 'float') {
      const bytes = floatBytes(item.value, unit);
      if (bytes) out.push(...bytes);
      else {
        env.error(
          `a floating-point number does not fit in ${unit === 1 ? 'a byte' : `${unit} bytes`}: use dw, dd or dq`,
          item.columns
        );
        for (let i = 0; i < unit; i++) out.push(0);
      }
    } else {
      const value = evaluate(item.expr, env);
      let n = env.absolute(value);
      const bits = BigInt(unit * 8);
      if (env.final && isPlain(value) && unit < 8 && (n >= 1n << bits || n < -(1n << bits))) {
        env.warning(
          `${value.n} does not fit in ${unit === 1 ? 'a byte' : unit === 2 ? 'a word' : `${unit} bytes`} and is cut`,
          item.columns
        );
      }
      if (env.final && value.mixed) env.error('this value mixes addresses of two sections', item.columns);
      n = BigInt.asUintN(unit * 8, n);
      for (let i = 0; i < unit; i++) {
        out.push(Number(n & 0xffn));
        n >>= 8n;
      }
    }
  }
  return out;
}

/** A defined symbol whose name is close to `name`, as a hint. */
function closestSymbol(name: string, symbols: Map<string, SymbolEntry>): string | undefined {
  const lower = name.toLowerCase();
  for (const known of symbols.keys()) {
    if (known.toLowerCase() === lower) return `names are case-sensitive: did you mean ${known}?`;
  }
  let best: string | undefined;
  let bestScore = 3;
  for (const known of symbols.keys()) {
    if (Math.abs(known.length - name.length) > 2) continue;
    const score = editDistance(known, name);
    if (score < bestScore) {
      best = known;
      bestScore = score;
    }
  }
  return best ? `did you mean ${best}?` : undefined;
}

function editDistance(a: string, b: string): number {
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

export type { EvalContext };
