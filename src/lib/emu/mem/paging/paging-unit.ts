// The paging unit: linear → physical translation through 386-format tables (see entries.ts), with the TLB in
// front, optional nesting (guest-physical → host-physical through a second set of tables, walked by the
// hardware: up to 8 memory references per TLB miss, virtualization.md §2.7), accessed/dirty bits, and faults.
//
// The CPU configures it (CR0.PG and CR3 on the bare machine; the VM's active tables in VM mode). Translation
// for the CPU throws PAGE_FAULT_SIGNAL on a fault after filling `lastFault`; translation for views
// (`translate(…, { sideEffects: false })`) never throws and touches neither the TLB nor A/D bits (STYLE.md rule 6).

import type { PhysicalMemory } from '../memory';
import { Tlb, type TlbState } from './tlb';
import {
  FAULT_PROTECTION,
  FAULT_USER,
  FAULT_WRITE,
  frameOf,
  PAGE_OFFSET_MASK,
  PAGE_SHIFT,
  PTE_ACCESSED,
  PTE_DIRTY,
  PTE_PRESENT,
  PTE_USER,
  PTE_WRITABLE,
  tableIndex,
  directoryIndex
} from './entries';
import type { AccessKind, PagingFault, WalkRecord, WalkReference, WalkStage } from './walk-record';

/** Access kinds as small integers for the hot path. */
export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_EXECUTE = 2;
const ACCESS_NAMES: AccessKind[] = ['read', 'write', 'execute'];

/** Thrown (this one object) when a translation for the CPU faults; the details are in PagingUnit.lastFault. */
export const PAGE_FAULT_SIGNAL = Object.freeze({ signal: 'page fault' });

/** How translation is set up: by CR0/CR3 on the bare machine, by the VM's controls in VM mode. */
export interface PagingConfig {
  /** Host frame number of the page directory the CPU walks (CR3, or the VM's active tables). */
  rootFrame: number;
  /** Accesses come from CPL 3 (VM mode): U/S is enforced. */
  user: boolean;
  /** TLB tag (0 on the bare machine). */
  vpid: number;
  /**
   * Nested paging: rootFrame is then unused; the CPU walks the guest's own tables (when guestPaging) at guest
   * frame guestRootFrame, and every guest-physical address goes through the nested tables at nestedRootFrame.
   */
  nested: { nestedRootFrame: number; guestPaging: boolean; guestRootFrame: number } | null;
}

export interface TranslateOptions {
  /** False for views: no TLB lookup or fill, no A/D bits, no recording. Defaults to true. */
  sideEffects?: boolean;
}

export class PagingUnit {
  readonly tlb = new Tlb();
  /** Whether linear addresses are translated at all. */
  enabled = false;
  config: PagingConfig = { rootFrame: 0, user: false, vpid: 0, nested: null };
  /** The fault behind the last PAGE_FAULT_SIGNAL. */
  lastFault: PagingFault | null = null;
  /** Table entries read by walks with side effects (the hypervisor's counters: 2 per miss, up to 8 nested). */
  walkReferences = 0;

  // Per-walk scratch state (no allocation unless recording).
  private sideEffects = true;
  private references: WalkReference[] | null = null;
  private reachedFault: PagingFault | null = null;

  constructor(private readonly memory: PhysicalMemory) {
    this.tlb.beforeRead = () => this.settle();
  }

  /**
   * Turn translation on with a configuration, or off (null). The TLB is flushed, except when a VM entry keeps
   * VPID-tagged entries (`keepTlb`): with VPIDs, entries survive VM entries and exits (SDM vol. 3, 28.1).
   */
  configure(config: PagingConfig | null, keepTlb = false): void {
    this.enabled = config !== null;
    this.forget();
    if (config) this.config = config;
    if (!keepTlb) this.tlb.flushAll();
  }

  /**
   * Translate for the CPU: returns the host physical address, or throws PAGE_FAULT_SIGNAL (details in
   * lastFault). Uses and fills the TLB and sets A/D bits.
   */
  translateForCpu(linear: number, access: number): number {
    const page = linear >>> PAGE_SHIFT;
    // The page of the last fetch, or of one of the last two data accesses, hit again (the common case: a loop's
    // code page and the one or two data pages it reads and writes): the TLB entry is known, no lookup or
    // permission check is needed, only the hit is counted and its order noted. (Nothing is remembered while a
    // recorder listens: every access must then be reported.)
    if (access === ACCESS_EXECUTE) {
      if (page === this.fetchPage) {
        this.tlb.counters.hits++;
        this.fetchHit = ++this.hitSequence;
        return this.fetchBase + (linear & PAGE_OFFSET_MASK);
      }
    } else if (page === this.dataPage && (access === ACCESS_READ || this.dataWritable)) {
      this.tlb.counters.hits++;
      this.dataHit = ++this.hitSequence;
      return this.dataBase + (linear & PAGE_OFFSET_MASK);
    } else if (page === this.otherDataPage && (access === ACCESS_READ || this.otherDataWritable)) {
      this.tlb.counters.hits++;
      this.otherDataHit = ++this.hitSequence;
      return this.otherDataBase + (linear & PAGE_OFFSET_MASK);
    }
    return this.translateThroughTlb(linear, access, page);
  }

  // The remembered pages' hits update the TLB's LRU order lazily: each notes when it was hit last (a sequence
  // that restarts at every settle; 0 = not hit since), and settle() stamps the hit entries in that order before
  // anything looks at or depends on the order: the next TLB lookup, a flush, a view or a snapshot. No other
  // entry is used in between, so the order that results is the one per-access stamping gives.
  private hitSequence = 0;
  private fetchHit = 0;
  private dataHit = 0;
  private otherDataHit = 0;

  /** Bring the remembered pages' hits into the TLB's LRU order (the CPU also calls this after each run). */
  settle(): void {
    if (this.hitSequence === 0) return;
    const tlb = this.tlb;
    let fetch = this.fetchHit;
    let data = this.dataHit;
    let other = this.otherDataHit;
    this.hitSequence = this.fetchHit = this.dataHit = this.otherDataHit = 0;
    // Oldest hit first: three at most, so take the smallest non-zero one each time.
    for (let left = 3; left > 0; left--) {
      let k = -1;
      let least = Infinity;
      if (fetch !== 0 && fetch < least) {
        k = 0;
        least = fetch;
      }
      if (data !== 0 && data < least) {
        k = 1;
        least = data;
      }
      if (other !== 0 && other < least) k = 2;
      if (k === 0) {
        tlb.touch(this.fetchEntry);
        fetch = 0;
      } else if (k === 1) {
        tlb.touch(this.dataEntry);
        data = 0;
      } else if (k === 2) {
        tlb.touch(this.otherDataEntry);
        other = 0;
      } else {
        return;
      }
    }
  }

  /** translateForCpu past the remembered pages: the TLB lookup, then a walk on a miss. */
  private translateThroughTlb(linear: number, access: number, page: number): number {
    this.settle();
    const config = this.config;
    const tlb = this.tlb;
    const k = tlb.find(config.vpid, page);
    if (k >= 0) {
      const entry = tlb.entries[k];
      const denied = (config.user && !entry.user) || (access === ACCESS_WRITE && !entry.writable);
      // A write to a clean page walks again so the walk can set D (the TLB caches D as the 386 does). With
      // nesting, a denial walks again too: only the walk knows which stage denied (#PF or a nested violation).
      if ((access !== ACCESS_WRITE || entry.dirty) && !(denied && config.nested !== null)) {
        if (denied) this.fail(linear, access, FAULT_PROTECTION);
        tlb.use(k);
        const physical = entry.base + (linear & PAGE_OFFSET_MASK);
        if (this.recorder !== null) this.reportHit(linear, access, physical);
        else this.remember(k, page, access);
        return physical;
      }
    }
    const physical = this.walk(linear, access, true);
    if (physical < 0) throw PAGE_FAULT_SIGNAL;
    return physical;
  }

  /** Called with a record of every translation while set (the views' walk animation); null = no cost. */
  get recorder(): ((record: WalkRecord) => void) | null {
    return this.listener;
  }

  set recorder(listener: ((record: WalkRecord) => void) | null) {
    this.listener = listener;
    this.forget();
  }

  private listener: ((record: WalkRecord) => void) | null = null;

  // The last fetch's and the last data access's page, TLB entry and frame base (see translateForCpu). Any change
  // to the TLB forgets them (forget()); so does attaching a recorder.
  private fetchPage = -1;
  private fetchEntry = 0;
  private fetchBase = 0;
  private dataPage = -1;
  private dataEntry = 0;
  private dataBase = 0;
  /** Whether the remembered data page takes writes without a walk (writable, and D already set). */
  private dataWritable = false;
  // The data page remembered before the current one (no lazy LRU updates: its hits go through use()).
  private otherDataPage = -1;
  private otherDataEntry = 0;
  private otherDataBase = 0;
  private otherDataWritable = false;

  private swapDataPages(): void {
    const page = this.dataPage;
    const entry = this.dataEntry;
    const base = this.dataBase;
    const writable = this.dataWritable;
    this.dataPage = this.otherDataPage;
    this.dataEntry = this.otherDataEntry;
    this.dataBase = this.otherDataBase;
    this.dataWritable = this.otherDataWritable;
    this.otherDataPage = page;
    this.otherDataEntry = entry;
    this.otherDataBase = base;
    this.otherDataWritable = writable;
  }

  private remember(k: number, page: number, access: number): void {
    const entry = this.tlb.entries[k];
    if (this.config.user && !entry.user) return;
    if (access === ACCESS_EXECUTE) {
      this.fetchPage = page;
      this.fetchEntry = k;
      this.fetchBase = entry.base;
    } else {
      // A new data page pushes the current one back (a page already remembered is not kept twice).
      if (page === this.otherDataPage) this.otherDataPage = -1;
      if (page !== this.dataPage) this.swapDataPages();
      this.dataPage = page;
      this.dataEntry = k;
      this.dataBase = entry.base;
      this.dataWritable = entry.writable && entry.dirty;
    }
  }

  private forget(): void {
    this.settle();
    this.fetchPage = -1;
    this.dataPage = -1;
    this.otherDataPage = -1;
  }

  /**
   * Count TLB hits for accesses done in bulk (a REP string chunk within one page is translated once, but an
   * element-by-element run would have hit the TLB for each element).
   */
  countHits(hits: number): void {
    if (this.enabled && hits > 0) this.tlb.counters.hits += hits;
  }

  /** Put the TLB back as a snapshot had it. */
  restoreTlb(state: TlbState): void {
    this.hitSequence = this.fetchHit = this.dataHit = this.otherDataHit = 0;
    this.forget();
    this.tlb.restoreState(state);
  }

  /** Translate for a view or a test: never throws, and with sideEffects false changes nothing at all. */
  translate(linear: number, access: AccessKind, options: TranslateOptions = {}): WalkRecord {
    const accessCode = ACCESS_NAMES.indexOf(access);
    const sideEffects = options.sideEffects ?? true;
    const recorder = this.recorder;
    const saved = this.lastFault;
    let captured: WalkRecord | null = null;
    this.recorder = (record) => (captured = record);
    try {
      if (sideEffects) {
        try {
          this.translateForCpu(linear, accessCode);
        } catch (signal) {
          if (signal !== PAGE_FAULT_SIGNAL) throw signal;
        }
      } else {
        this.walk(linear, accessCode, false);
      }
    } finally {
      this.recorder = recorder;
      if (!sideEffects) this.lastFault = saved;
    }
    return captured as unknown as WalkRecord;
  }

  /** INVLPG: drop the TLB entry of one page (of the current VPID). */
  invalidatePage(linear: number): void {
    this.forget();
    this.tlb.flushPage(this.config.vpid, linear >>> PAGE_SHIFT);
  }

  /** A CR3 write: drop the current VPID's entries. */
  invalidateContext(): void {
    this.forget();
    this.tlb.flushVpid(this.config.vpid);
  }

  // ---- the walk ----

  /** Walk the tables for `linear`; returns the physical address, or -1 after filling lastFault. */
  private walk(linear: number, access: number, sideEffects: boolean): number {
    this.sideEffects = sideEffects;
    this.reachedFault = null;
    this.references = this.recorder !== null || !sideEffects ? [] : null;
    const config = this.config;
    if (sideEffects) this.tlb.miss();
    let physical = -1;
    let writable = true;
    let user = true;
    let dirty = access === ACCESS_WRITE;
    const nested = config.nested;
    if (nested === null) {
      const result = this.walkTables(linear, access, config.rootFrame, 'host', config.user, linear);
      if (result >= 0) {
        physical = result;
        writable = this.lastWritable;
        user = this.lastUser;
        dirty = this.lastDirty;
      }
    } else {
      physical = this.walkNestedTwoD(linear, access, nested);
      writable = this.lastWritable;
      user = this.lastUser;
      dirty = this.lastDirty;
    }
    if (physical >= 0 && sideEffects) {
      this.forget();
      this.tlb.insert(config.vpid, linear >>> PAGE_SHIFT, Math.floor(physical / 4096), writable, user, dirty);
    }
    this.report(linear, access, physical);
    return physical;
  }

  // Results of the last walkTables, returned through fields to avoid allocating.
  private lastWritable = true;
  private lastUser = true;
  private lastDirty = false;
  private lastLeafAddress = 0;
  private lastLeafValue = 0;

  /**
   * One two-level walk through tables rooted at host frame `rootFrame`, for address `address` (a linear or, for
   * the nested stage, a guest-physical address). Returns the host physical address, or -1 with reachedFault set.
   * Sets A on each present entry it walks and D on the final entry for writes.
   */
  private walkTables(
    address: number,
    access: number,
    rootFrame: number,
    stage: WalkStage,
    user: boolean,
    linear: number
  ): number {
    const pdeAddress = rootFrame * 4096 + directoryIndex(address) * 4;
    const pde = this.readEntry(pdeAddress, stage, 'directory', directoryIndex(address));
    if ((pde & PTE_PRESENT) === 0) return this.stageFault(stage, linear, address, access, 0, user);
    this.setBits(pdeAddress, pde, PTE_ACCESSED);
    const pteAddress = frameOf(pde) * 4096 + tableIndex(address) * 4;
    const pte = this.readEntry(pteAddress, stage, 'table', tableIndex(address));
    if ((pte & PTE_PRESENT) === 0) return this.stageFault(stage, linear, address, access, 0, user);
    this.setBits(pteAddress, pte, PTE_ACCESSED);
    const writable = (pde & pte & PTE_WRITABLE) !== 0;
    const userOk = (pde & pte & PTE_USER) !== 0;
    // The nested tables belong to the host: their U/S bits do not apply to the guest's accesses.
    if (user && stage !== 'nested' && !userOk)
      return this.stageFault(stage, linear, address, access, FAULT_PROTECTION, user);
    if (access === ACCESS_WRITE && !writable)
      return this.stageFault(stage, linear, address, access, FAULT_PROTECTION, user);
    if (access === ACCESS_WRITE) this.setBits(pteAddress, pte, PTE_ACCESSED | PTE_DIRTY);
    this.lastLeafAddress = pteAddress;
    this.lastLeafValue = pte | PTE_ACCESSED;
    this.lastWritable = writable;
    this.lastUser = stage === 'nested' ? true : userOk;
    this.lastDirty = access === ACCESS_WRITE || (pte & PTE_DIRTY) !== 0;
    return frameOf(pte) * 4096 + (address & PAGE_OFFSET_MASK);
  }

  /**
   * The 2-D walk of nested paging: every guest-physical address the guest walk produces (directory entry, table
   * entry, final data) is itself translated through the nested tables. At most 8 references per miss.
   */
  private walkNestedTwoD(
    linear: number,
    access: number,
    nested: NonNullable<PagingConfig['nested']>
  ): number {
    // Guest-stage faults go to the guest's own #PF handler, which runs as on bare hardware at CPL 0: its error
    // code has U/S clear, the same as the bare machine gives it (equivalence, virtualization.md §2.7).
    const user = false;
    let guestPhysical = linear;
    let writable = true;
    let dirty = access === ACCESS_WRITE;
    if (nested.guestPaging) {
      const gPdeAddress = nested.guestRootFrame * 4096 + directoryIndex(linear) * 4;
      const gPde = this.readGuestEntry(gPdeAddress, linear, nested, 'directory', directoryIndex(linear));
      if (gPde < 0) return -1;
      if ((gPde & PTE_PRESENT) === 0) return this.stageFault('guest', linear, linear, access, 0, user);
      if (!this.setGuestBits(gPdeAddress, gPde, PTE_ACCESSED, linear)) return -1;
      const gPteAddress = frameOf(gPde) * 4096 + tableIndex(linear) * 4;
      const gPte = this.readGuestEntry(gPteAddress, linear, nested, 'table', tableIndex(linear));
      if (gPte < 0) return -1;
      if ((gPte & PTE_PRESENT) === 0) return this.stageFault('guest', linear, linear, access, 0, user);
      // The guest's U/S bits are not enforced (guests have no user mode of their own in v1, and a guest that
      // runs bare at CPL 0 must run the same under nested paging: virtualization.md §2.7).
      writable = (gPde & gPte & PTE_WRITABLE) !== 0;
      if (access === ACCESS_WRITE && !writable)
        return this.stageFault('guest', linear, linear, access, FAULT_PROTECTION, user);
      const bits = access === ACCESS_WRITE ? PTE_ACCESSED | PTE_DIRTY : PTE_ACCESSED;
      if (!this.setGuestBits(gPteAddress, gPte, bits, linear)) return -1;
      dirty = dirty || (gPte & PTE_DIRTY) !== 0;
      guestPhysical = frameOf(gPte) * 4096 + (linear & PAGE_OFFSET_MASK);
    }
    const physical = this.walkTables(guestPhysical, access, nested.nestedRootFrame, 'nested', false, linear);
    if (physical < 0) return -1;
    this.lastWritable = writable && this.lastWritable;
    this.lastUser = true;
    this.lastDirty = dirty && this.lastDirty;
    return physical;
  }

  /** Read a guest table entry at a guest-physical address (translating it through the nested tables). */
  private readGuestEntry(
    guestAddress: number,
    linear: number,
    nested: NonNullable<PagingConfig['nested']>,
    level: 'directory' | 'table',
    index: number
  ): number {
    const host = this.walkTables(guestAddress, ACCESS_READ, nested.nestedRootFrame, 'nested', false, linear);
    if (host < 0) {
      this.markDuringGuestWalk();
      return -1;
    }
    this.guestEntry.host = host;
    this.guestEntry.nestedWritable = this.lastWritable;
    this.guestEntry.nestedLeafAddress = this.lastLeafAddress;
    this.guestEntry.nestedLeafValue = this.lastLeafValue;
    return this.readEntry(host, 'guest', level, index);
  }

  /** Where the guest entry read last lives on the host, and how the nested tables map its page. */
  private readonly guestEntry = { host: 0, nestedWritable: true, nestedLeafAddress: 0, nestedLeafValue: 0 };

  /**
   * Set A (and D) in the guest entry just read: a write to guest-physical memory through the translation the
   * read used (no second walk, as the hardware does it), so the nested map must allow writing there, and the
   * nested entry gets its A and D bits (the dirty log of §2.7).
   */
  private setGuestBits(guestAddress: number, value: number, bits: number, linear: number): boolean {
    if ((value & bits) === bits || !this.sideEffects) return true;
    const entry = this.guestEntry;
    if (!entry.nestedWritable) {
      this.stageFault('nested', linear, guestAddress, ACCESS_WRITE, FAULT_PROTECTION, false);
      this.markDuringGuestWalk();
      return false;
    }
    this.memory.write8(entry.host, (value | bits) & 0xff);
    this.setBits(entry.nestedLeafAddress, entry.nestedLeafValue, PTE_ACCESSED | PTE_DIRTY);
    return true;
  }

  private markDuringGuestWalk(): void {
    if (this.reachedFault) this.reachedFault.duringGuestWalk = true;
  }

  private readEntry(address: number, stage: WalkStage, level: 'directory' | 'table', index: number): number {
    const memory = this.memory;
    const value =
      (memory.read8(address) |
        (memory.read8(address + 1) << 8) |
        (memory.read8(address + 2) << 16) |
        (memory.read8(address + 3) << 24)) >>>
      0;
    if (this.sideEffects) this.walkReferences++;
    if (this.references !== null) {
      this.references.push({ step: this.references.length + 1, stage, level, index, address, value });
    }
    return value;
  }

  /** A and D live in the entry's low byte: write it back only when a bit changes, and only with side effects. */
  private setBits(address: number, value: number, bits: number): void {
    if ((value & bits) === bits || !this.sideEffects) return;
    this.memory.write8(address, (value | bits) & 0xff);
  }

  private stageFault(
    stage: WalkStage,
    linear: number,
    address: number,
    access: number,
    protection: number,
    user: boolean
  ): number {
    const accessName = ACCESS_NAMES[access];
    this.reachedFault =
      stage === 'nested'
        ? {
            kind: 'nested-violation',
            linear,
            errorCode: 0,
            guestPhysical: address,
            duringGuestWalk: false,
            access: accessName
          }
        : {
            kind: 'page-fault',
            linear,
            errorCode: protection | (access === ACCESS_WRITE ? FAULT_WRITE : 0) | (user ? FAULT_USER : 0),
            access: accessName
          };
    return -1;
  }

  /** A fault found from the TLB alone (a permission the cached entry lacks). */
  private fail(linear: number, access: number, protection: number): never {
    this.reachedFault = null;
    this.references = [];
    this.stageFault(
      this.config.nested ? 'guest' : 'host',
      linear,
      linear,
      access,
      protection,
      this.config.nested ? false : this.config.user
    );
    this.lastFault = this.reachedFault;
    this.report(linear, access, -1, true);
    throw PAGE_FAULT_SIGNAL;
  }

  private reportHit(linear: number, access: number, physical: number): void {
    this.references = [];
    this.reachedFault = null;
    this.report(linear, access, physical, true);
  }

  private report(linear: number, access: number, physical: number, tlbHit = false): void {
    if (physical < 0) this.lastFault = this.reachedFault;
    if (this.recorder === null) return;
    this.recorder({
      linear,
      access: ACCESS_NAMES[access],
      user: this.config.user,
      vpid: this.config.vpid,
      tlbHit,
      references: this.references ?? [],
      physical: physical < 0 ? null : physical,
      fault: physical < 0 ? this.reachedFault : null
    });
  }
}
