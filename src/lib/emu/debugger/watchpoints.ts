// Watchpoints: stop after a step that read or wrote a memory range, touched an I/O port, entered an interrupt
// vector, took a page fault, or (VM mode) exited with a given reason. Memory and port accesses are seen through
// an AccessLog attached to the bus only while watchpoints or a trace need it (the bare run loop stays as it is).

import { VECTOR_PAGE_FAULT } from '../cpu/traps';
import { EXIT_EXCEPTION, EXIT_NPT_VIOLATION } from '../cpu/vm/exits';
import type { LinearAddr, Port } from '../types';
import type { AccessObserver, TargetStep } from './target';

export type AccessKind = 'read' | 'write' | 'readwrite';

export type WatchpointSpec =
  | { kind: 'memory'; address: LinearAddr; length: number; access: AccessKind }
  | { kind: 'port'; port: Port; length?: number; access: AccessKind }
  /** An interrupt or exception entered through this vector (any cause: INT n, hardware, fault). */
  | { kind: 'interrupt'; vector: number }
  /** A page fault: #PF delivered on the bare machine, or a VM exit for a #PF or a nested-paging violation. */
  | { kind: 'page-fault' }
  /** A VM exit with this reason (VT-x numbering), or any exit (reason omitted). */
  | { kind: 'exit'; reason?: number };

export interface Watchpoint {
  id: number;
  spec: WatchpointSpec;
  hits: number;
  enabled: boolean;
}

export interface WatchHit {
  watchpoint: Watchpoint;
  /** What was seen: e.g. "write 1234h to 1000:0200 (linear 10200h)" in plain words for views and logs. */
  detail: string;
}

/** One data access of a step. */
export interface Access {
  space: 'memory' | 'port';
  direction: 'read' | 'write';
  address: number;
  size: 1 | 2;
  value: number;
  /** Writes to memory: the value replaced. */
  old?: number;
}

/**
 * Collects the accesses of the step in progress (the engine clears it before each step). The CPU's decoder reads
 * an instruction's bytes through the bus when it is not in the decoded-instruction cache; those byte reads are
 * fetches, not data: the engine names the instruction's bytes (expectFetch) and they are left out.
 */
export class AccessLog implements AccessObserver {
  readonly accesses: Access[] = [];
  private fetch: number[] = [];

  /** The linear addresses of the bytes of the instruction about to run. */
  expectFetch(cs: number, ip: number, length: number): void {
    this.fetch = Array.from({ length }, (_, n) => cs * 16 + ((ip + n) & 0xffff));
  }

  memoryRead(address: LinearAddr, size: 1 | 2, value: number): void {
    if (size === 1 && this.fetch.includes(address)) {
      // Each byte is fetched once per decode: a second read of it is the instruction's own data access.
      this.fetch = this.fetch.filter((byte) => byte !== address);
      return;
    }
    this.accesses.push({ space: 'memory', direction: 'read', address, size, value });
  }

  memoryWrite(address: LinearAddr, size: 1 | 2, value: number, old: number): void {
    this.accesses.push({ space: 'memory', direction: 'write', address, size, value, old });
  }

  portRead(port: Port, size: 1 | 2, value: number): void {
    this.accesses.push({ space: 'port', direction: 'read', address: port, size, value });
  }

  portWrite(port: Port, size: 1 | 2, value: number): void {
    this.accesses.push({ space: 'port', direction: 'write', address: port, size, value });
  }

  clear(): void {
    this.accesses.length = 0;
    this.fetch = [];
  }
}

export type WatchpointResult = { ok: true; watchpoint: Watchpoint } | { ok: false; message: string };

export class WatchpointSet {
  private readonly list: Watchpoint[] = [];
  private nextId = 1;

  all(): readonly Watchpoint[] {
    return this.list;
  }

  /** Whether any enabled watchpoint needs the accesses of each step (memory or port kinds). */
  needsAccesses(): boolean {
    return this.list.some((w) => w.enabled && (w.spec.kind === 'memory' || w.spec.kind === 'port'));
  }

  /** Whether any enabled memory watchpoint watches reads (instruction fetches must then be told apart). */
  watchesReads(): boolean {
    return this.list.some((w) => w.enabled && w.spec.kind === 'memory' && w.spec.access !== 'write');
  }

  /** Whether any enabled watchpoint exists: the engine then runs step by step. */
  active(): boolean {
    return this.list.some((w) => w.enabled);
  }

  add(spec: WatchpointSpec): WatchpointResult {
    const problem = specProblem(spec);
    if (problem) return { ok: false, message: problem };
    const watchpoint: Watchpoint = { id: this.nextId++, spec, hits: 0, enabled: true };
    this.list.push(watchpoint);
    return { ok: true, watchpoint };
  }

  remove(id: number): boolean {
    const index = this.list.findIndex((w) => w.id === id);
    if (index >= 0) this.list.splice(index, 1);
    return index >= 0;
  }

  setEnabled(id: number, enabled: boolean): void {
    const watchpoint = this.list.find((w) => w.id === id);
    if (watchpoint) watchpoint.enabled = enabled;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** The watchpoints a finished step hit, given its result and its accesses. */
  check(result: TargetStep, accesses: readonly Access[], count: boolean): WatchHit[] {
    const hits: WatchHit[] = [];
    for (const w of this.list) {
      if (!w.enabled) continue;
      const detail = matchStep(w.spec, result, accesses);
      if (detail === null) continue;
      if (count) w.hits++;
      hits.push({ watchpoint: w, detail });
    }
    return hits;
  }
}

function specProblem(spec: WatchpointSpec): string | null {
  switch (spec.kind) {
    case 'memory':
      if (!Number.isInteger(spec.address) || spec.address < 0)
        return 'a memory watchpoint needs a linear address';
      if (!Number.isInteger(spec.length) || spec.length < 1)
        return 'a memory range is at least one byte long';
      return null;
    case 'port':
      if (!Number.isInteger(spec.port) || spec.port < 0 || spec.port > 0xffff) return 'a port is 0–FFFFh';
      return null;
    case 'interrupt':
      if (!Number.isInteger(spec.vector) || spec.vector < 0 || spec.vector > 0xff) return 'a vector is 0–FFh';
      return null;
    default:
      return null;
  }
}

function overlaps(start: number, length: number, address: number, size: number): boolean {
  return address < start + length && start < address + size;
}

function accessMatches(want: AccessKind, direction: 'read' | 'write'): boolean {
  return want === 'readwrite' || want === direction;
}

function matchStep(spec: WatchpointSpec, result: TargetStep, accesses: readonly Access[]): string | null {
  switch (spec.kind) {
    case 'memory':
    case 'port': {
      const space = spec.kind;
      const start = spec.kind === 'memory' ? spec.address : spec.port;
      const length = spec.kind === 'memory' ? spec.length : (spec.length ?? 1);
      const access = accesses.find(
        (a) =>
          a.space === space &&
          accessMatches(spec.access, a.direction) &&
          overlaps(start, length, a.address, a.size)
      );
      if (!access) return null;
      const where =
        space === 'memory' ? `linear ${hex(access.address, 5)}` : `port ${hex(access.address, 4)}`;
      return `${access.direction} ${hex(access.value, access.size * 2)} ${access.direction === 'read' ? 'from' : 'to'} ${where}`;
    }
    case 'interrupt':
      return result.kind === 'interrupt' && result.vector === spec.vector
        ? `interrupt ${hex(spec.vector, 2)} (${result.cause})`
        : null;
    case 'page-fault':
      if (
        result.kind === 'interrupt' &&
        result.vector === VECTOR_PAGE_FAULT &&
        result.cause === 'exception'
      ) {
        return 'page fault (#PF, vector 0Eh)';
      }
      if (result.kind === 'exit') {
        const exit = result.exit;
        if (exit.reason === EXIT_NPT_VIOLATION) return 'nested-paging violation exit';
        if (exit.reason === EXIT_EXCEPTION && (exit.event?.vector === VECTOR_PAGE_FAULT || exit.pf)) {
          return 'page fault exit';
        }
      }
      return null;
    case 'exit':
      if (result.kind !== 'exit') return null;
      if (spec.reason !== undefined && result.exit.reason !== spec.reason) return null;
      return `VM exit ${result.exit.reasonName} (${result.exit.reason})`;
  }
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0') + 'h';
}
