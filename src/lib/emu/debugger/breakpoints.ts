// Breakpoints: where (a linear address, an exact CS:IP, or a source line through the assembler's source map),
// when (a condition in the expression language, a hit count) and what (stop, or only log a message: a log point).
// Setting one never throws: a bad condition or an unknown line comes back as an error with its column.

import { addressesOfLine, type SourceMap } from '../asm/source-map';
import type { LinearAddr } from '../types';
import {
  evaluate,
  formatTemplate,
  parseExpression,
  parseTemplate,
  type EvaluationContext,
  type Expression,
  type Template
} from './expression';

export type BreakpointLocation =
  | { kind: 'linear'; address: LinearAddr }
  | { kind: 'segmented'; segment: number; offset: number }
  | { kind: 'line'; file: string; line: number };

export interface BreakpointSpec {
  location: BreakpointLocation;
  /** Stop (or log) only when this expression is non-zero, e.g. `ax == 5 && byte [ds:si] > 3`. */
  condition?: string;
  /** Stop only from this hit on (hits are counted when the condition holds). */
  hitCount?: number;
  /** A log point: do not stop; log this message, `{expr}` holes filled in (hex; `{expr:d}` decimal). */
  logMessage?: string;
  enabled?: boolean;
}

export interface Breakpoint {
  id: number;
  spec: BreakpointSpec;
  /** CS:IP pairs it stops at (a linear breakpoint matches any CS:IP with that linear address). */
  sites: { linear: LinearAddr; segment: number | null; offset: number }[];
  condition: Expression | null;
  template: Template | null;
  hits: number;
  enabled: boolean;
}

/** Why a breakpoint could not be set. `column` (1-based) points into the condition or the message. */
export interface BreakpointError {
  field: 'location' | 'condition' | 'logMessage' | 'hitCount';
  column?: number;
  message: string;
}

export type BreakpointResult = { ok: true; breakpoint: Breakpoint } | { ok: false; error: BreakpointError };

/** What the engine needs to resolve source lines: the assembler's map and the segment the image runs in. */
export interface SourceContext {
  map: SourceMap;
  segment: number;
}

/** What a breakpoint does at a CS:IP: nothing, log, or stop. */
export interface BreakpointVerdict {
  stop: Breakpoint | null;
  logs: { breakpoint: Breakpoint; message: string }[];
}

export class BreakpointSet {
  private readonly list: Breakpoint[] = [];
  private nextId = 1;
  /** Linear addresses where some enabled breakpoint has a site: what the run loop stops at. */
  readonly addresses = new Set<LinearAddr>();

  all(): readonly Breakpoint[] {
    return this.list;
  }

  add(spec: BreakpointSpec, source: SourceContext | null = null): BreakpointResult {
    const sites = resolve(spec.location, source);
    if ('message' in sites) return { ok: false, error: { field: 'location', message: sites.message } };
    let condition: Expression | null = null;
    if (spec.condition !== undefined && spec.condition.trim() !== '') {
      const parsed = parseExpression(spec.condition);
      if (!parsed.ok) return { ok: false, error: { field: 'condition', ...parsed.error } };
      condition = parsed.expression;
    }
    let template: Template | null = null;
    if (spec.logMessage !== undefined) {
      const parsed = parseTemplate(spec.logMessage);
      if (!parsed.ok) return { ok: false, error: { field: 'logMessage', ...parsed.error } };
      template = parsed.template;
    }
    if (spec.hitCount !== undefined && (!Number.isInteger(spec.hitCount) || spec.hitCount < 1)) {
      return { ok: false, error: { field: 'hitCount', message: 'a hit count is a whole number from 1 up' } };
    }
    const breakpoint: Breakpoint = {
      id: this.nextId++,
      spec,
      sites,
      condition,
      template,
      hits: 0,
      enabled: spec.enabled ?? true
    };
    this.list.push(breakpoint);
    this.reindex();
    return { ok: true, breakpoint };
  }

  remove(id: number): boolean {
    const index = this.list.findIndex((b) => b.id === id);
    if (index < 0) return false;
    this.list.splice(index, 1);
    this.reindex();
    return true;
  }

  setEnabled(id: number, enabled: boolean): void {
    const breakpoint = this.list.find((b) => b.id === id);
    if (breakpoint) breakpoint.enabled = enabled;
    this.reindex();
  }

  clear(): void {
    this.list.length = 0;
    this.reindex();
  }

  resetHits(): void {
    for (const breakpoint of this.list) breakpoint.hits = 0;
  }

  private reindex(): void {
    this.addresses.clear();
    for (const b of this.list) if (b.enabled) for (const site of b.sites) this.addresses.add(site.linear);
  }

  /**
   * The machine is about to execute the instruction at CS:IP: which breakpoints hit. With `count`, hits are
   * counted and hit counts and log points apply (forward execution); without, only location and condition do
   * (reverse search and replay must not change counters or log twice).
   */
  check(cs: number, ip: number, context: EvaluationContext, count: boolean): BreakpointVerdict {
    const verdict: BreakpointVerdict = { stop: null, logs: [] };
    const linear = cs * 16 + ip;
    for (const b of this.list) {
      if (!b.enabled) continue;
      const here = b.sites.some(
        (site) =>
          site.linear === linear && (site.segment === null || (site.segment === cs && site.offset === ip))
      );
      if (!here) continue;
      if (b.condition !== null && evaluate(b.condition, context) === 0) continue;
      if (!count) {
        if (b.template === null) verdict.stop ??= b;
        continue;
      }
      b.hits++;
      if (b.spec.hitCount !== undefined && b.hits < b.spec.hitCount) continue;
      if (b.template !== null)
        verdict.logs.push({ breakpoint: b, message: formatTemplate(b.template, context) });
      else verdict.stop ??= b;
    }
    return verdict;
  }
}

function resolve(
  location: BreakpointLocation,
  source: SourceContext | null
): Breakpoint['sites'] | { message: string } {
  switch (location.kind) {
    case 'linear':
      if (!Number.isInteger(location.address) || location.address < 0 || location.address > 0x10ffef) {
        return { message: 'a linear address is between 0 and 10FFEFh' };
      }
      return [{ linear: location.address, segment: null, offset: 0 }];
    case 'segmented': {
      const { segment, offset } = location;
      if (!isWord(segment) || !isWord(offset)) return { message: 'segment and offset are 16-bit values' };
      return [{ linear: segment * 16 + offset, segment, offset }];
    }
    case 'line': {
      if (source === null) return { message: 'no source map: assemble the program first' };
      const offsets = addressesOfLine(source.map, location.file, location.line);
      if (offsets.length === 0)
        return { message: `line ${location.line} of ${location.file} produced no code` };
      return offsets.map((offset) => ({
        linear: source.segment * 16 + offset,
        segment: source.segment,
        offset
      }));
    }
  }
}

function isWord(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff;
}
