// The passes: lay the statements out, section by section, until no label moves, then generate the bytes.
// This is NASM's multi-pass optimisation (-Ox, the default): each pass sizes every instruction with the label
// values known so far (labels further down keep their value from the previous pass; on the first pass they
// are unknown and NASM assumes a short jump and a long displacement), and passes repeat until the layout
// settles. Sections are laid out as NASM's bin format does: .text at the origin, then .data, then .bss, each
// aligned to its alignment (4 by default, raised by `align` and `sectalign`).

import { dataBytes } from './data';
import type { DiagnosticList } from './diagnostics';
import { encodeInstruction } from './encoder';
import { ABSOLUTE, PassEnvironment, type SymbolEntry } from './pass-env';
import { SECTION_NAMES } from './parse-directives';
import type { Columns, Statement } from './statements';
import { evaluate, isPlain, plain, type Value } from './values';

export type { SymbolEntry };

/** Passes before giving up on a layout that keeps changing (NASM stops similarly, with a phase error). */
const MAX_PASSES = 64;
/** No section may grow past the 1 MiB an 8086 can address (and a `times` typo must not fill the memory). */
const MAX_SECTION_SIZE = 0x100000;
/** Default alignment of .data and .bss in NASM's bin format. */
const DEFAULT_SECTION_ALIGN = 4;
const TEXT = 0;
const BSS = 2;

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

interface PassState {
  pass: number;
  final: boolean;
  /** Offsets in .text, .data, .bss and the absolute block. */
  offsets: number[];
  /** Where the current absolute block starts. */
  absoluteBase: number;
  section: number;
  aligns: number[];
  origin: number;
  /** A label or a statement's size differs from the previous pass. */
  changed: boolean;
}

const EMPTY: number[] = [];

class Layout {
  readonly symbols = new Map<string, SymbolEntry>();
  readonly bases = [0, 0, 0];
  readonly env: PassEnvironment;
  readonly sizes: Int32Array;
  readonly placed: PlacedStatement[] = [];
  /** The bytes of instructions whose encoding cannot change from pass to pass (no symbol, no `$`, no jump). */
  private readonly fixed: (number[] | null)[];
  private readonly scratch: number[] = [];
  private firstOrg: number;

  constructor(
    private readonly statements: Statement[],
    files: string[],
    diagnostics: DiagnosticList
  ) {
    this.env = new PassEnvironment(this.symbols, this.bases, files, diagnostics);
    this.sizes = new Int32Array(statements.length).fill(-1);
    this.fixed = new Array(statements.length).fill(null);
    this.firstOrg = statements.findIndex((s) => s.body.k === 'org');
  }

  run(pass: number, final: boolean, aligns: number[], origin: number): PassState {
    const state: PassState = {
      pass,
      final,
      offsets: [0, 0, 0, 0],
      absoluteBase: 0,
      section: TEXT,
      aligns: [...aligns],
      origin,
      changed: false
    };
    const env = this.env;
    env.final = final;
    for (let i = 0; i < this.statements.length; i++) {
      const statement = this.statements[i];
      env.at(statement, state.section, state.offsets[state.section]);
      env.absoluteBase = state.absoluteBase;
      if (statement.label) this.defineLabel(statement, i, state);
      const size = statement.failed ? 0 : this.place(statement, i, state);
      if (this.sizes[i] !== size) {
        this.sizes[i] = size;
        state.changed = true;
      }
      if (final && (statement.failed || !this.placed[i])) {
        this.placed[i] = {
          section: state.section,
          offset: state.offsets[state.section],
          bytes: EMPTY,
          repeat: 0,
          size
        };
      }
      state.offsets[state.section] += size;
    }
    return state;
  }

  computeBases(state: PassState): void {
    this.bases[0] = state.origin;
    this.bases[1] = alignUp(state.origin + state.offsets[0], state.aligns[1]);
    this.bases[2] = alignUp(this.bases[1] + state.offsets[1], state.aligns[2]);
  }

  private defineLabel(statement: Statement, index: number, state: PassState): void {
    const label = statement.label as NonNullable<Statement['label']>;
    const existing = this.symbols.get(label.name);
    if (existing && existing.statement !== index) {
      if (state.pass === 1) {
        const first = this.statements[existing.statement].ref;
        this.env.report(
          `label ${label.name} is defined twice`,
          label.columns,
          `first defined at line ${first.line}`
        );
      }
      return;
    }
    const isEqu = statement.body.k === 'equ';
    let value: Value;
    if (statement.body.k === 'equ')
      value = statement.failed ? plain(0n) : evaluate(statement.body.expr, this.env);
    else {
      value = this.env.here();
    }
    if (!existing || !sameValue(existing.value, value)) state.changed = true;
    this.symbols.set(label.name, {
      name: label.name,
      kind: isEqu ? 'equ' : 'label',
      value,
      statement: index
    });
  }

  /** A value a directive needs now (times count, resb count, org, alignment): a known plain number, or null. */
  private critical(
    statement: Statement,
    state: PassState,
    expr: Parameters<typeof evaluate>[0],
    columns: Columns,
    what: string
  ): number | null {
    const value = evaluate(expr, this.env);
    if (!value.unknown && isPlain(value)) return Number(value.n);
    if (state.pass === 1 || (state.final && !value.unknown)) {
      const why = value.unknown
        ? 'a label defined further down is not known yet here'
        : 'an address is not a plain number';
      this.env.report(`${what} must be a number known at this point`, columns, why);
      statement.failed = true;
    }
    return null;
  }

  private fail(statement: Statement, message: string, columns: Columns): number {
    this.env.report(message, columns);
    statement.failed = true;
    return 0;
  }

  /** Lay out (and on the final pass, emit) one statement; returns its size in its section. */
  private place(statement: Statement, index: number, state: PassState): number {
    const env = this.env;
    const body = statement.body;
    let repeat = 1;
    if (statement.times) {
      const count = this.critical(
        statement,
        state,
        statement.times.expr,
        statement.times.columns,
        'the times count'
      );
      if (count === null) return 0;
      if (count < 0) return this.fail(statement, `times ${count} is negative`, statement.times.columns);
      repeat = count;
    }
    if (state.section === ABSOLUTE && (body.k === 'insn' || body.k === 'prefixes' || body.k === 'data')) {
      const columns = body.k === 'insn' ? body.mnemonicColumns : { start: 0, end: 1 };
      return state.pass === 1
        ? this.fail(
            statement,
            'a struc (an absolute block) holds no code or data: reserve room with resb, resw…',
            columns
          )
        : 0;
    }
    switch (body.k) {
      case 'insn': {
        if (repeat === 0) return this.record(statement, index, state, EMPTY, 0, repeat);
        let bytes = this.fixed[index];
        if (bytes === null || state.final) {
          const ok = encodeInstruction(body, env, this.scratch);
          bytes = this.scratch;
          if (!ok && state.final) statement.failed = true;
          if (ok && body.invariant) this.fixed[index] = this.scratch.slice();
        }
        if (state.section === BSS && state.final)
          env.warning('an instruction in .bss is not stored in the program', body.mnemonicColumns);
        return this.record(statement, index, state, bytes, bytes.length * repeat, repeat);
      }
      case 'prefixes':
        return this.record(statement, index, state, body.bytes, body.bytes.length * repeat, repeat);
      case 'data': {
        const bytes = dataBytes(body.unit, body.items, env);
        return this.record(statement, index, state, bytes, bytes.length * repeat, repeat);
      }
      case 'reserve': {
        const count = this.critical(statement, state, body.count, body.columns, 'the reserve count');
        if (count === null) return 0;
        if (count < 0)
          return this.fail(statement, `a negative count (${count}) reserves nothing`, body.columns);
        return this.record(statement, index, state, EMPTY, count * body.unit * repeat, repeat);
      }
      case 'org': {
        const value = this.critical(statement, state, body.expr, body.columns, 'org');
        if (value === null) return 0;
        // NASM accepts org again with the same value ("program origin redefined" only for another one).
        if (index !== this.firstOrg && value !== state.origin) {
          return state.pass === 1
            ? this.fail(statement, 'org is given twice, with different values', body.columns)
            : 0;
        }
        state.origin = value;
        return 0;
      }
      case 'absolute': {
        const value = this.critical(statement, state, body.expr, body.columns, 'absolute');
        state.section = ABSOLUTE;
        state.offsets[ABSOLUTE] = 0;
        state.absoluteBase = value ?? 0;
        return 0;
      }
      case 'section':
        state.section = SECTION_NAMES.indexOf(body.name as (typeof SECTION_NAMES)[number]);
        state.aligns[state.section] = Math.max(state.aligns[state.section], body.align);
        return 0;
      case 'sectalign': {
        const value = this.critical(statement, state, body.expr, body.columns, 'sectalign');
        if (value !== null) state.aligns[state.section] = Math.max(state.aligns[state.section], value);
        return 0;
      }
      case 'align':
        return this.align(statement, index, state, body);
      default:
        return 0;
    }
  }

  /** Note what a statement produced (on the final pass) and return its size; refuse more than 1 MiB. */
  private record(
    statement: Statement,
    index: number,
    state: PassState,
    bytes: number[],
    size: number,
    repeat: number
  ): number {
    if (size > MAX_SECTION_SIZE) {
      const columns = statement.times?.columns ?? { start: 0, end: 1 };
      const made = size.toLocaleString('en');
      return this.fail(
        statement,
        `this line makes ${made} bytes, more than the 1 MiB an 8086 can address`,
        columns
      );
    }
    if (state.final) {
      const offset = state.offsets[state.section];
      this.placed[index] = { section: state.section, offset, bytes: bytes.slice(), repeat, size };
    }
    return size;
  }

  private align(
    statement: Statement,
    index: number,
    state: PassState,
    body: Extract<Statement['body'], { k: 'align' }>
  ): number {
    const boundary = this.critical(statement, state, body.expr, body.columns, 'the alignment');
    if (boundary === null) return 0;
    if (boundary <= 0 || (boundary & (boundary - 1)) !== 0) {
      return this.fail(statement, `alignment ${boundary} is not a power of two`, body.columns);
    }
    // NASM's align also raises the section's alignment, so the boundary holds in the output too.
    state.aligns[state.section] = Math.max(state.aligns[state.section], boundary);
    const pad = (boundary - (state.offsets[state.section] % boundary)) % boundary;
    const reserve = body.reserve || state.section === BSS;
    const fill = reserve ? EMPTY : [body.fill ? dataBytes(1, [body.fill], this.env)[0] : 0x90];
    if (state.final) {
      this.placed[index] = {
        section: state.section,
        offset: state.offsets[state.section],
        bytes: pad ? fill : EMPTY,
        repeat: reserve ? 1 : pad,
        size: pad
      };
    }
    return pad;
  }
}

export function layOut(statements: Statement[], files: string[], diagnostics: DiagnosticList): LayoutResult {
  const layout = new Layout(statements, files, diagnostics);
  let aligns = [DEFAULT_SECTION_ALIGN, DEFAULT_SECTION_ALIGN, DEFAULT_SECTION_ALIGN, 1];
  let origin = 0;
  let passes = 0;
  for (;;) {
    const state = layout.run(++passes, false, aligns, origin);
    aligns = state.aligns;
    origin = state.origin;
    layout.computeBases(state);
    if (!state.changed && passes > 1) break;
    if (passes >= MAX_PASSES) {
      diagnostics.error(
        { file: files[0], line: 1, column: 1, endColumn: 2 },
        'the layout does not settle: jumps keep changing size'
      );
      break;
    }
  }
  const last = layout.run(++passes, true, aligns, origin);
  layout.computeBases(last);
  const sections = SECTION_NAMES.map((name, i) => ({
    name,
    base: layout.bases[i],
    size: last.offsets[i],
    align: last.aligns[i]
  }));
  return { symbols: layout.symbols, sections, placed: layout.placed, origin: last.origin, passes };
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
