// Diagnostics as data (STYLE.md rule 13): every problem the assembler finds becomes a Diagnostic with its file,
// line and column span, collected in a list and returned; nothing is thrown. They map one to one onto editor
// markers and onto the CLI's `FILE:LINE:COL: error: message` lines.

export type Severity = 'error' | 'warning';

/** Where a piece of source text is: a file, a 1-based line, and 1-based columns (endColumn is exclusive). */
export interface Span {
  file: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface Diagnostic extends Span {
  severity: Severity;
  /** What is wrong, naming the offending token. */
  message: string;
  /** The likely fix, when one is cheap to suggest. */
  hint?: string;
  /** Set when the line came out of a macro: which macro, and where its body line is. */
  macro?: { name: string; file: string; line: number };
}

/** The span of a whole line, for problems that have no better token to point at. */
export function lineSpan(file: string, line: number, text: string): Span {
  return { file, line, column: 1, endColumn: Math.max(2, text.length + 1) };
}

/**
 * Collects diagnostics. One source line reports at most one error (the first found): a typo must yield one
 * error, not a cascade of follow-on complaints about the same line. Warnings are kept too, one per line and
 * message.
 */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private readonly erroredLines = new Set<string>();
  private readonly warned = new Set<string>();

  /** Report an error at `span` unless its line already has one; returns false when it was dropped. */
  error(span: Span, message: string, hint?: string, macro?: Diagnostic['macro']): boolean {
    const key = `${span.file}\u0000${span.line}`;
    if (this.erroredLines.has(key)) return false;
    this.erroredLines.add(key);
    this.items.push({ severity: 'error', ...spanOf(span), message, hint, macro });
    return true;
  }

  warning(span: Span, message: string, hint?: string, macro?: Diagnostic['macro']): void {
    const key = `${span.file}\u0000${span.line}\u0000${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.items.push({ severity: 'warning', ...spanOf(span), message, hint, macro });
  }

  /** Whether the line of `span` already has an error. */
  hasError(span: Span): boolean {
    return this.erroredLines.has(`${span.file}\u0000${span.line}`);
  }

  get errorCount(): number {
    return this.erroredLines.size;
  }

  /** Errors first by position, warnings interleaved by position: the order a reader scans a file. */
  sorted(fileOrder: readonly string[]): Diagnostic[] {
    const rank = (file: string) => {
      const index = fileOrder.indexOf(file);
      return index < 0 ? fileOrder.length : index;
    };
    return [...this.items].sort(
      (a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column
    );
  }
}

function spanOf(span: Span): Span {
  return { file: span.file, line: span.line, column: span.column, endColumn: span.endColumn };
}

/** `FILE:LINE:COL: error: message (hint)`, the format compilers print and editors read. */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  const macro = d.macro ? ` [in macro '${d.macro.name}', ${d.macro.file}:${d.macro.line}]` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${hint}${macro}`;
}
