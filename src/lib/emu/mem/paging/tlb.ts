// The translation lookaside buffer: 8 entries, fully associative, least-recently-used replacement, tagged with a
// VPID so entries of different VMs can live side by side (virtualization.md §2.2.1). Small on purpose: a
// learner can watch every fill, hit and eviction. Entries cache the permissions of the whole walk (writable and
// user only if every level allowed it) and the D bit, so a write to a clean page walks again to set D (as the
// 386 does).

export const TLB_SIZE = 8;

export interface TlbEntry {
  valid: boolean;
  vpid: number;
  /** Virtual (linear) page number. */
  page: number;
  /** Host physical frame number. */
  frame: number;
  /**
   * frame * 4096 as a small integer for the hot path. Frames at or above 2^19 (addresses past 2 GiB) are far
   * beyond installed memory (16 MiB at most) and all read FFh, so they share one such base, 7FFFF000h.
   */
  base: number;
  writable: boolean;
  user: boolean;
  dirty: boolean;
  /** LRU stamp: larger is more recent. */
  lastUsed: number;
}

/** A TLB entry as plain data, for views and snapshots. */
export type TlbEntryView = Readonly<TlbEntry>;

export interface TlbState {
  entries: TlbEntryView[];
  counters: TlbCounters;
  clock: number;
  mostRecent: number;
}

export interface TlbCounters {
  hits: number;
  misses: number;
  flushes: number;
}

/** Linear pages (21-bit space / 4 KiB) and VPIDs (0–15): the size of the lookup index below. */
const PAGES = 512;
const VPIDS = 16;

export class Tlb {
  readonly entries: TlbEntry[] = Array.from({ length: TLB_SIZE }, () => ({
    valid: false,
    vpid: 0,
    page: 0,
    frame: 0,
    base: 0,
    writable: false,
    user: false,
    dirty: false,
    lastUsed: 0
  }));
  readonly counters: TlbCounters = { hits: 0, misses: 0, flushes: 0 };
  private clock = 0;
  /** The entry used last: hitting it again needs no LRU update (it is already the most recent). */
  private mostRecent = -1;
  /**
   * Where each (VPID, page) sits among the entries, or -1: the hardware compares all 8 tags at once; this index
   * gives the same answer in one load. It changes nothing the TLB does (size, LRU, VPIDs), only how fast we ask.
   */
  private readonly slot = new Int8Array(PAGES * VPIDS).fill(-1);

  /** The index of the valid entry for (vpid, page), or -1. Does not count or reorder (see use). */
  find(vpid: number, page: number): number {
    return page < PAGES && vpid < VPIDS ? this.slot[vpid * PAGES + page] : this.scan(vpid, page);
  }

  /** find() for tags outside the index's range (a VPID above 15 or a page above 1FFh). */
  private scan(vpid: number, page: number): number {
    for (let k = 0; k < TLB_SIZE; k++) {
      const entry = this.entries[k];
      if (entry.valid && entry.page === page && entry.vpid === vpid) return k;
    }
    return -1;
  }

  private setSlot(entry: TlbEntry, k: number): void {
    if (entry.page < PAGES && entry.vpid < VPIDS) this.slot[entry.vpid * PAGES + entry.page] = k;
  }

  private invalidate(k: number): void {
    const entry = this.entries[k];
    if (entry.valid) this.setSlot(entry, -1);
    entry.valid = false;
  }

  /** Count a hit on entry k and make it the most recently used. */
  use(k: number): void {
    this.counters.hits++;
    this.touch(k);
  }

  /** Make entry k the most recently used. */
  touch(k: number): void {
    if (k !== this.mostRecent) {
      this.entries[k].lastUsed = this.tick();
      this.mostRecent = k;
    }
  }

  /** The next LRU stamp. Stamps are renumbered 1–8 before they leave the small integers V8 keeps unboxed. */
  private tick(): number {
    if (this.clock >= 0x3fffffff) this.renumber();
    return ++this.clock;
  }

  private renumber(): void {
    const byAge = this.entries.filter((entry) => entry.valid).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of this.entries) entry.lastUsed = 0;
    byAge.forEach((entry, rank) => (entry.lastUsed = rank + 1));
    this.clock = byAge.length;
  }

  /** Called before the entries are read out (view, state): the paging unit brings pending LRU updates in. */
  beforeRead: (() => void) | null = null;

  /** Count a miss. */
  miss(): void {
    this.counters.misses++;
  }

  /** Install a translation, replacing the same page's entry, else a free one, else the least recently used. */
  insert(
    vpid: number,
    page: number,
    frame: number,
    writable: boolean,
    user: boolean,
    dirty: boolean
  ): TlbEntry {
    let k = this.find(vpid, page);
    if (k < 0) k = this.victim();
    this.invalidate(k);
    const entry = this.entries[k];
    entry.valid = true;
    entry.vpid = vpid;
    entry.page = page;
    entry.frame = frame;
    entry.base = frame < 0x80000 ? frame << 12 : 0x7ffff000;
    entry.writable = writable;
    entry.user = user;
    entry.dirty = dirty;
    entry.lastUsed = this.tick();
    this.mostRecent = k;
    this.setSlot(entry, k);
    return entry;
  }

  private victim(): number {
    let oldest = 0;
    for (let k = 0; k < TLB_SIZE; k++) {
      if (!this.entries[k].valid) return k;
      if (this.entries[k].lastUsed < this.entries[oldest].lastUsed) oldest = k;
    }
    return oldest;
  }

  /** INVLPG: drop the entry for one page of one VPID. */
  flushPage(vpid: number, page: number): void {
    const k = this.find(vpid, page);
    if (k >= 0) this.invalidate(k);
    if (k === this.mostRecent) this.mostRecent = -1;
  }

  /** A CR3 write: drop every entry of one VPID. */
  flushVpid(vpid: number): void {
    for (let k = 0; k < TLB_SIZE; k++) if (this.entries[k].vpid === vpid) this.invalidate(k);
    this.mostRecent = -1;
    this.counters.flushes++;
  }

  /** Drop everything (VM entry and exit without VPIDs, paging switched on or off). */
  flushAll(): void {
    for (let k = 0; k < TLB_SIZE; k++) this.invalidate(k);
    this.mostRecent = -1;
    this.counters.flushes++;
  }

  /** The entries as plain data (copies). */
  view(): TlbEntryView[] {
    this.beforeRead?.();
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** Everything that decides the TLB's future behaviour, as plain data (for snapshots). */
  state(): TlbState {
    return {
      entries: this.view(),
      counters: { ...this.counters },
      clock: this.clock,
      mostRecent: this.mostRecent
    };
  }

  restoreState(state: TlbState): void {
    this.restore(state.entries, state.counters);
    this.clock = state.clock;
    this.mostRecent = state.mostRecent;
  }

  /** Put back entries and counters saved with view() (the LRU clock continues from the newest stamp). */
  restore(entries: readonly TlbEntryView[], counters: TlbCounters): void {
    for (let k = 0; k < TLB_SIZE; k++) this.invalidate(k);
    entries.forEach((entry, k) => {
      Object.assign(this.entries[k], entry);
      if (entry.valid) this.setSlot(this.entries[k], k);
    });
    Object.assign(this.counters, counters);
    this.clock = Math.max(0, ...entries.map((entry) => entry.lastUsed));
    this.mostRecent = -1;
  }
}
