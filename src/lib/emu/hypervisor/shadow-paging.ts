// Shadow paging (virtualization.md §2.7): while a guest's own paging is on and the hardware cannot walk two
// levels, the CPU walks *shadow* tables the hypervisor derives from the guest's tables: guest linear → host
// physical in one step. They start empty and are filled on hidden page faults; guest A and D bits are emulated
// (a page is mapped writable only once the guest's D bit is set, so the first write faults and sets it).
//
// Two variants. SHADOW_VTLB (the SDM's "virtual TLB"): a guest CR3 load drops the whole shadow, INVLPG one
// entry; no write protection is needed because the guest must flush like on a real TLB. SHADOW_TRACED
// (VMware/KVM style): shadows are cached per guest CR3, and the guest's page-table pages are write-protected
// (traced) in every shadow, so the hypervisor sees each write to them (a tracing fault), emulates it, and drops
// the shadow entries derived from the entry written.

import type { PhysicalMemory } from '../mem/memory';
import {
  DIRECTORY_ENTRIES,
  directoryIndex,
  frameOf,
  makeEntry,
  PTE_AVAILABLE_SHIFT,
  PTE_PRESENT,
  PTE_USER,
  PTE_WRITABLE,
  TABLE_ENTRIES,
  tableIndex
} from '../mem/paging/entries';
import { FRAME_HYPERVISOR, type HostFrames } from './frames';

/** AVL bit marking a shadow PTE write-protected because its guest frame is a traced page table (§2.7). */
export const SHADOW_TRACED_BIT = 1 << PTE_AVAILABLE_SHIFT;
/** How many shadow roots SHADOW_TRACED keeps cached (one per guest address space). */
export const SHADOW_CACHE_SIZE = 4;

interface ShadowRoot {
  guestCr3: number;
  directoryFrame: number;
  /** Shadow table frame per directory index (−1: none). */
  tables: number[];
}

export interface ShadowState {
  traced: boolean;
  roots: ShadowRoot[];
  tracedFrames: number[];
}

export class ShadowTables {
  /** Cached roots, most recently used first; roots[0] is the active one. */
  private roots: ShadowRoot[] = [];
  /** Guest frames holding the guest's page directories and tables (SHADOW_TRACED write-protects them). */
  readonly tracedFrames = new Set<number>();

  constructor(
    private readonly memory: PhysicalMemory,
    private readonly frames: HostFrames,
    readonly traced: boolean
  ) {}

  /** Host frame of the active shadow directory (what the CPU walks). */
  get activeRoot(): number {
    return this.roots[0].directoryFrame;
  }

  /** All host frames the shadows occupy (for the auditor and the frame map). */
  ownedFrames(): number[] {
    return this.roots.flatMap((root) => [root.directoryFrame, ...root.tables.filter((t) => t >= 0)]);
  }

  /**
   * The guest loaded CR3 (or turned paging on). VTLB: one shadow, emptied. TRACED: switch to the cached shadow
   * of that address space, or build a new one (evicting the least recently used). Returns whether a cached
   * shadow was reused.
   */
  switchTo(guestCr3: number): boolean {
    if (this.traced) {
      const at = this.roots.findIndex((root) => root.guestCr3 === guestCr3);
      if (at >= 0) {
        this.roots.unshift(...this.roots.splice(at, 1));
        return true;
      }
      if (this.roots.length >= SHADOW_CACHE_SIZE) this.freeRoot(this.roots.pop() as ShadowRoot);
      this.tracedFrames.add(guestCr3);
    } else {
      for (const root of this.roots) this.freeRoot(root);
      this.roots = [];
    }
    this.roots.unshift(this.newRoot(guestCr3));
    return false;
  }

  private newRoot(guestCr3: number): ShadowRoot {
    return { guestCr3, directoryFrame: this.allocate(), tables: new Array(DIRECTORY_ENTRIES).fill(-1) };
  }

  private allocate(): number {
    const frame = this.frames.allocate(FRAME_HYPERVISOR);
    if (frame < 0) throw new Error('host memory is full: no frame for a shadow table');
    this.memory.fill(frame * 4096, 4096, 0);
    return frame;
  }

  private freeRoot(root: ShadowRoot): void {
    for (const table of root.tables) if (table >= 0) this.frames.release(table);
    this.frames.release(root.directoryFrame);
  }

  /** Drop every shadow (guest paging off, or the whole VM reset). */
  dropAll(): void {
    for (const root of this.roots) this.freeRoot(root);
    this.roots = [];
    this.tracedFrames.clear();
  }

  /** Install the shadow PTE for `linear` in the active root. */
  install(linear: number, hostFrame: number, writable: boolean, tracedPage: boolean): void {
    const root = this.roots[0];
    const d = directoryIndex(linear);
    if (root.tables[d] < 0) {
      root.tables[d] = this.allocate();
      write32(
        this.memory,
        root.directoryFrame * 4096 + d * 4,
        makeEntry(root.tables[d], PTE_PRESENT | PTE_WRITABLE | PTE_USER)
      );
    }
    const flags =
      PTE_PRESENT | PTE_USER | (writable ? PTE_WRITABLE : 0) | (tracedPage ? SHADOW_TRACED_BIT : 0);
    write32(this.memory, root.tables[d] * 4096 + tableIndex(linear) * 4, makeEntry(hostFrame, flags));
  }

  /** INVLPG: drop the active shadow's entry for one page. */
  dropPage(linear: number): void {
    const root = this.roots[0];
    const table = root?.tables[directoryIndex(linear)] ?? -1;
    if (table >= 0) write32(this.memory, table * 4096 + tableIndex(linear) * 4, 0);
  }

  /** Drop every shadow mapping of a host frame (it no longer backs the page: copy-on-write broken). */
  dropFrame(hostFrame: number): void {
    this.forEachEntry((address, entry) => {
      if (entry & PTE_PRESENT && frameOf(entry) === hostFrame) write32(this.memory, address, 0);
    });
  }

  /** A guest page-table page became traced: make every shadow mapping of it read-only. */
  protect(hostFrame: number): void {
    this.forEachEntry((address, entry) => {
      if (frameOf(entry) === hostFrame && entry & PTE_WRITABLE) {
        write32(this.memory, address, (entry & ~PTE_WRITABLE) | SHADOW_TRACED_BIT);
      }
    });
  }

  /** The guest CR3 of each cached shadow (SHADOW_TRACED re-derives entries in all of them). */
  cachedAddressSpaces(): number[] {
    return this.roots.map((root) => root.guestCr3);
  }

  /**
   * Empty the shadow table derived from directory slot `d` of the shadow for `guestCr3` (after a traced write to
   * that guest directory entry or to the guest table it points at); the next accesses refill it.
   */
  dropDerived(guestCr3: number, d: number): void {
    const root = this.roots.find((r) => r.guestCr3 === guestCr3);
    if (root) this.dropSlot(root, d);
  }

  private dropSlot(root: ShadowRoot, d: number): void {
    const table = root.tables[d];
    if (table >= 0) this.memory.fill(table * 4096, TABLE_ENTRIES * 4, 0);
  }

  private forEachEntry(visit: (address: number, entry: number) => void): void {
    for (const root of this.roots) {
      for (const table of root.tables) {
        if (table < 0) continue;
        for (let t = 0; t < TABLE_ENTRIES; t++) {
          const address = table * 4096 + t * 4;
          visit(address, read32(this.memory, address));
        }
      }
    }
  }

  state(): ShadowState {
    return {
      traced: this.traced,
      roots: this.roots.map((root) => ({ ...root, tables: [...root.tables] })),
      tracedFrames: [...this.tracedFrames]
    };
  }

  restore(state: ShadowState): void {
    this.roots = state.roots.map((root) => ({ ...root, tables: [...root.tables] }));
    this.tracedFrames.clear();
    for (const frame of state.tracedFrames) this.tracedFrames.add(frame);
  }
}

export function read32(memory: PhysicalMemory, address: number): number {
  return (
    (memory.read8(address) |
      (memory.read8(address + 1) << 8) |
      (memory.read8(address + 2) << 16) |
      (memory.read8(address + 3) << 24)) >>>
    0
  );
}

export function write32(memory: PhysicalMemory, address: number, value: number): void {
  for (let k = 0; k < 4; k++) memory.write8(address + k, (value >>> (8 * k)) & 0xff);
}
