// What a statement sees while a pass lays it out: the symbol table, `$` and `$$`, the section bases, and where
// its problems are reported. One object per pass, pointed at each statement in turn (a fresh object and a dozen
// closures per statement per pass showed up as a fifth of the assembler's time).

import type { DiagnosticList } from './diagnostics';
import type { EncodeEnv } from './encoder';
import type { Columns, Statement } from './statements';
import type { Value } from './values';

export interface SymbolEntry {
  name: string;
  kind: 'label' | 'equ';
  value: Value;
  /** The statement that defines it. */
  statement: number;
}

/**
 * The encoder's environment plus `report`. `error` and `warning` report on the final pass only (values may
 * still change before it); `report` reports at once, for problems the first pass already settles (a `times`
 * count that is not known, a label defined twice).
 */
/** The `absolute` pseudo-section (struc declarations): its labels are plain numbers, and it emits nothing. */
export const ABSOLUTE = 3;

export class PassEnvironment implements EncodeEnv {
  final = false;
  section = 0;
  offset = 0;
  cpu = 0;
  /** Where the current `absolute` block starts. */
  absoluteBase = 0;
  private statement: Statement | null = null;

  constructor(
    private readonly symbols: Map<string, SymbolEntry>,
    /** Address of each section's first byte, from the previous pass. */
    private readonly bases: number[],
    private readonly files: string[],
    private readonly diagnostics: DiagnosticList
  ) {}

  /** Point the environment at the next statement. */
  at(statement: Statement, section: number, offset: number): this {
    this.statement = statement;
    this.section = section;
    this.offset = offset;
    this.cpu = statement.body.k === 'insn' ? statement.body.cpu : 0;
    return this;
  }

  symbol(name: string): Value | undefined {
    return this.symbols.get(name)?.value;
  }

  here(): Value {
    if (this.section === ABSOLUTE) return plainNumber(this.absoluteBase + this.offset);
    return { n: BigInt(this.offset), section: this.section, coefficient: 1, mixed: false, unknown: false };
  }

  sectionStart(): Value {
    if (this.section === ABSOLUTE) return plainNumber(this.absoluteBase);
    return { n: 0n, section: this.section, coefficient: 1, mixed: false, unknown: false };
  }

  absolute(value: Value): bigint {
    if (value.unknown) return 0n;
    if (value.coefficient === 0) return value.n;
    return value.n + BigInt(value.coefficient) * BigInt(this.bases[value.section] ?? 0);
  }

  problem(message: string, start: number, end: number): void {
    if (!this.final) return;
    // Evaluation errors without a place of their own (start = end = 0) point at the whole line.
    const ref = (this.statement as Statement).ref;
    const columns =
      start === 0 && end === 0 ? { start: 0, end: Math.max(ref.text.length, 1) } : { start, end };
    this.report(message, columns);
  }

  undefinedSymbol(name: string, start: number, end: number): void {
    if (!this.final || this.symbols.has(name)) return;
    this.report(`symbol ${name} is not defined`, { start, end }, closestSymbol(name, this.symbols));
  }

  error(message: string, columns: Columns, hint?: string): void {
    if (this.final) this.report(message, columns, hint);
  }

  warning(message: string, columns: Columns): void {
    if (this.final) this.diagnostics.warning(this.spanAt(columns), message, undefined, this.macro());
  }

  report(message: string, columns: Columns, hint?: string): void {
    this.diagnostics.error(this.spanAt(columns), message, hint, this.macro());
  }

  private spanAt(columns: Columns) {
    const ref = (this.statement as Statement).ref;
    const column = columns.start + 1;
    return {
      file: this.files[ref.file],
      line: ref.line,
      column,
      endColumn: Math.max(columns.end + 1, column + 1)
    };
  }

  private macro() {
    const macro = (this.statement as Statement).ref.macro;
    return macro ? { name: macro.name, file: this.files[macro.file], line: macro.line } : undefined;
  }
}

function plainNumber(n: number): Value {
  return { n: BigInt(n), section: -1, coefficient: 0, mixed: false, unknown: false };
}

/** A defined symbol whose name is close to `name`, as a hint ("did you mean …?"). */
function closestSymbol(name: string, symbols: Map<string, SymbolEntry>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = 3;
  for (const known of symbols.keys()) {
    if (known.toLowerCase() === lower) return `names are case-sensitive: did you mean ${known}?`;
    if (Math.abs(known.length - name.length) > 2) continue;
    const score = editDistance(known, name, bestScore);
    if (score < bestScore) {
      best = known;
      bestScore = score;
    }
  }
  return best ? `did you mean ${best}?` : undefined;
}

/**
 * Edit distance with swapped neighbours counting as one edit (`mvo` is one edit from `mov`), giving up
 * (returning `limit`) once every path costs at least `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cost = Math.min(cost, before[j - 2] + 1);
      row.push(cost);
      if (cost < best) best = cost;
    }
    if (best >= limit) return limit;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}
