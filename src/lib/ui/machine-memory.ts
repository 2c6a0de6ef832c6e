// The page's mirror of guest memory: the 4 KiB pages each engine update carries are copied into one plain
// PhysicalMemory (never deeply reactive: a step touches a page or two, a $state version counter in DebugSession
// tells the views to re-derive). Linear → physical goes through the core's own PagingUnit walking the page tables
// found in the mirror, without side effects (STYLE.md rule 6), so the views translate exactly as the CPU does.

import { DEFAULT_MEMORY_SIZE, PAGE_SIZE, PagingUnit, PhysicalMemory, type LinearAddr } from '$lib/emu';

/** The 8086's 1 MiB linear space (A20 masked): the range the memory panel scrolls through. */
export const LINEAR_SPACE = 0x100000;

/** More changed bytes than this in one update are not marked. */
export const MAX_MARKED = 64;

export interface PageCopy {
  index: number;
  bytes: Uint8Array;
}

export interface PagingState {
  enabled: boolean;
  /** Frame number of the page directory (CR3). */
  rootFrame: number;
}

export class MachineMemory {
  memory = new PhysicalMemory(DEFAULT_MEMORY_SIZE);
  /** Per page: the mirror's version when it last changed (views re-derive only what they show). */
  pageVersions = new Uint32Array(DEFAULT_MEMORY_SIZE / PAGE_SIZE);
  version = 0;
  /**
   * Physical addresses of the bytes the last update changed, for the memory view to mark; empty after a load (every
   * page is new then) and when more than MAX_MARKED changed (a run: marking half the screen says nothing).
   */
  changed = new Set<number>();
  #paging = new PagingUnit(this.memory);
  /** The next update brings every page (after clear): nothing in it is a change. */
  #fresh = true;

  /** Forget everything (a new program: the next update brings every non-zero page). */
  clear(): void {
    this.#fresh = true;
    this.changed = new Set();
    this.memory.bytes.fill(0);
    this.version++;
    this.pageVersions.fill(this.version);
  }

  /** Copy an update's pages in; returns whether anything changed. */
  apply(pages: readonly PageCopy[]): boolean {
    if (pages.length === 0) {
      if (this.changed.size > 0) this.changed = new Set();
      return false;
    }
    this.version++;
    const changed = new Set<number>();
    let marking = !this.#fresh;
    this.#fresh = false;
    const bytes = this.memory.bytes;
    for (const page of pages) {
      const base = page.index * PAGE_SIZE;
      if (base + PAGE_SIZE > this.memory.size) continue; // beyond what a mirror can hold
      for (let i = 0; marking && i < PAGE_SIZE; i++) {
        if (bytes[base + i] === page.bytes[i]) continue;
        changed.add(base + i);
        if (changed.size > MAX_MARKED) marking = false;
      }
      bytes.set(page.bytes, base);
      this.pageVersions[page.index] = this.version;
    }
    this.changed = marking ? changed : new Set();
    return true;
  }

  /** Follow CR0.PG / CR3 as the update reports them. */
  setPaging(state: PagingState | undefined): void {
    const paging = this.#paging;
    const enabled = state?.enabled ?? false;
    if (!enabled) {
      if (paging.enabled) paging.configure(null);
      return;
    }
    if (!paging.enabled || paging.config.rootFrame !== state!.rootFrame) {
      paging.configure({ rootFrame: state!.rootFrame, user: false, vpid: 0, nested: null });
    }
  }

  get pagingEnabled(): boolean {
    return this.#paging.enabled;
  }

  /** Where a linear address is in physical memory (null: not mapped). */
  physicalOf(linear: LinearAddr): number | null {
    const masked = linear & (LINEAR_SPACE - 1);
    if (!this.#paging.enabled) return masked;
    return this.#paging.translate(masked, 'read', { sideEffects: false }).physical;
  }

  /** A byte at a linear address, or null when its page is not mapped. */
  read8(linear: LinearAddr): number | null {
    const physical = this.physicalOf(linear);
    return physical === null ? null : this.memory.read8(physical);
  }

  /** A little-endian word at a linear address (an unmapped byte reads as 0, shown as such by callers). */
  read16(linear: LinearAddr): number {
    return (this.read8(linear) ?? 0) | ((this.read8(linear + 1) ?? 0) << 8);
  }
}

/** Linear address of segment:offset (8086 real mode, 1 MiB wrap). */
export function linearOf(segment: number, offset: number): LinearAddr {
  return ((segment & 0xffff) * 16 + (offset & 0xffff)) & (LINEAR_SPACE - 1);
}
