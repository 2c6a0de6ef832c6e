// The paging unit and its TLB, driven directly (no CPU): translation through 386-format tables over the 21-bit
// linear space, #PF error codes, accessed/dirty bits, walk records, nested paging's 2-D walk, side-effect-free
// translation for views, and the 8-entry VPID-tagged LRU TLB. Each case names the rule it follows:
//   [386 5.2]    80386 Programmer's Reference Manual, ch. 5.2 "Page translation" (two-level walk, PDE/PTE format,
//                5.2.4.4 accessed and dirty bits, 5.2.5 the TLB and its invalidation).
//   [386 6.4]    ch. 6.4 "Page-level protection" (U/S, R/W; combined from both levels, 6.4.1.3).
//   [386 9.8.14] ch. 9.8.14 "Interrupt 14 — page fault": the error code's P, W/R and U/S bits.
//   [SDM 4.8]    Intel SDM vol. 3, §4.8 "Accessed and dirty flags"; §4.10 TLBs (4.10.1 tagging by VPID/PCID,
//                4.10.4 invalidation); §29.3.2 (EPT) for the 2-D walk.
//   [V 2.2.2]    virtualization.md §2.2.2: the 5/4/12 split, R/W at every privilege level (as CR0.WP = 1), U/S
//                only for VM-mode accesses, frames beyond memory read FFh; [V 2.2.1] the TLB; [V 2.7] nesting.
import { describe, expect, it } from 'vitest';
import {
  A20_ENABLED,
  Machine,
  PAGE_FAULT_SIGNAL,
  Tlb,
  TLB_SIZE,
  type AccessKind,
  type PagingConfig,
  type WalkRecord,
  type WalkReference
} from '$lib/emu';
import {
  A,
  D,
  ERR_PROTECTION,
  ERR_USER,
  ERR_WRITE,
  P,
  U,
  W,
  entryAddress,
  mapPage,
  memoryDigest,
  readEntry,
  setPde,
  setPte,
  writeEntry
} from './page-tables';

const MIB = 1024 * 1024;
/** Frame of the page directory in the single-stage tests; page tables follow it. */
const DIR = 0x10;
/** The table of directory entry d lives in frame TABLE0 + d. */
const TABLE0 = 0x20;
const tableFor = (linear: number) => TABLE0 + (linear >>> 16);

const bareConfig = (overrides: Partial<PagingConfig> = {}): PagingConfig => ({
  rootFrame: DIR,
  user: false,
  vpid: 0,
  nested: null,
  ...overrides
});

/** A 1 MiB machine with paging configured (directory in frame DIR); tables written by each test. */
function pagedMachine(config: Partial<PagingConfig> = {}, memorySize = MIB): Machine {
  const m = new Machine({ memorySize });
  m.bus.configurePaging(bareConfig(config));
  return m;
}

/** Map `linear` → `frame` with the directory at DIR and the table of its directory entry at tableFor(linear). */
function map(m: Machine, linear: number, frame: number, pteFlags = P | W, pdeFlags = P | W): void {
  mapPage(m, { dirFrame: DIR, tableFrame: tableFor(linear), linear, frame, pdeFlags, pteFlags });
}

/** translateForCpu's answer as a value: the physical address, or the fault it recorded. */
function cpuAccess(m: Machine, linear: number, access: AccessKind) {
  const code = { read: 0, write: 1, execute: 2 }[access];
  try {
    return { physical: m.bus.paging.translateForCpu(linear, code), fault: null };
  } catch (signal) {
    if (signal !== PAGE_FAULT_SIGNAL) throw signal;
    return { physical: null, fault: m.bus.paging.lastFault };
  }
}

const hex = (n: number) => n.toString(16).toUpperCase() + 'h';

describe('translation: the 5/4/12 split [386 5.2] [V 2.2.2]', () => {
  // linear, directory index (bits 20–16), table index (bits 15–12), frame it is mapped to.
  const cases: [number, number, number, number][] = [
    [0x00000, 0, 0, 0x40],
    [0x0f123, 0, 15, 0x41],
    [0x12345, 1, 2, 0x42],
    [0x1ffff, 1, 15, 0x43],
    [0xabcde, 10, 11, 0x44],
    [0xffff0, 15, 15, 0x45],
    [0x10ffef, 16, 15, 0x46] // the HMA: PDE 16 [V 2.2.2]
  ];
  const m = pagedMachine();
  for (const [linear, , , frame] of cases) map(m, linear, frame);

  it.each(cases.map(([l, d, t, f]) => [hex(l), d, t, hex(f), l, f] as const))(
    'linear %s → PDE %i, PTE %i → frame %s',
    (_, dir, table, __, linear, frame) => {
      const record = m.bus.paging.translate(linear, 'read');
      expect(record.fault).toBeNull();
      expect(record.physical).toBe(frame * 4096 + (linear & 0xfff));
      expect(record.references.map((r) => [r.level, r.index, r.address])).toEqual([
        ['directory', dir, entryAddress(DIR, dir)],
        ['table', table, entryAddress(TABLE0 + dir, table)]
      ]);
    }
  );

  it('the bus reads and writes through the tables (and the page offset passes unchanged)', () => {
    const machine = pagedMachine();
    map(machine, 0x12000, 0x55);
    machine.bus.write16(0x12ffe, 0xbeef);
    expect(machine.memory.bytes[0x55ffe]).toBe(0xef);
    expect(machine.memory.bytes[0x55fff]).toBe(0xbe);
    expect(machine.bus.read16(0x12ffe)).toBe(0xbeef);
    expect(machine.bus.read8(0x12000)).toBe(0);
  });

  it('a word across two pages takes each byte from its own frame', () => {
    const machine = pagedMachine();
    map(machine, 0x12000, 0x55);
    map(machine, 0x13000, 0x33);
    machine.bus.write16(0x12fff, 0x1234);
    expect(machine.memory.bytes[0x55fff]).toBe(0x34);
    expect(machine.memory.bytes[0x33000]).toBe(0x12);
    expect(machine.bus.read16(0x12fff)).toBe(0x1234);
  });

  it('PDE 16 pointing at PDE 0’s table makes the HMA wrap onto the low 64 KiB [V 2.2.2]', () => {
    const machine = pagedMachine();
    machine.bus.addressMask = A20_ENABLED;
    map(machine, 0x05000, 0x70);
    setPde(machine, DIR, 0x100000, tableFor(0x05000), P | W);
    machine.bus.write8(0x105010, 0xa5);
    expect(machine.memory.bytes[0x70010]).toBe(0xa5);
    expect(machine.bus.read8(0x05010)).toBe(0xa5);
  });
});

describe('faults and their error codes [386 6.4] [386 9.8.14] [V 2.2.2]', () => {
  const L = 0x34567;
  interface FaultCase {
    rule: string;
    pde: number;
    pte: number;
    access: AccessKind;
    user: boolean;
    /** The #PF error code, or null when the access is allowed. */
    error: number | null;
  }
  const c = (
    rule: string,
    pde: number,
    pte: number,
    access: AccessKind,
    user: boolean,
    error: number | null
  ): FaultCase => ({ rule, pde, pte, access, user, error });
  const RW = P | W;
  const ALL = P | W | U;
  const cases: FaultCase[] = [
    // Not present: P = 0 in the error code [386 9.8.14]; W/R and U/S say what the access was.
    c('PDE not present, read', 0, ALL, 'read', false, 0),
    c('PDE not present, write', 0, ALL, 'write', false, ERR_WRITE),
    c('PDE not present, read from VM mode', 0, ALL, 'read', true, ERR_USER),
    c('PDE not present, fetch', W | U, ALL, 'execute', false, 0),
    c('PTE not present, read', ALL, 0, 'read', false, 0),
    c('PTE not present, write from VM mode', ALL, W | U, 'write', true, ERR_USER | ERR_WRITE),
    c('PTE not present though PDE is writable', ALL, W | U | A | D, 'write', false, ERR_WRITE),
    // R/W: enforced at every privilege level (a 486 with CR0.WP = 1) [V 2.2.2] [386 6.4.1.3: both levels].
    c('PTE read-only, write at CPL 0', RW, P, 'write', false, ERR_PROTECTION | ERR_WRITE),
    c('PDE read-only, write at CPL 0', P, RW, 'write', false, ERR_PROTECTION | ERR_WRITE),
    c('PTE read-only, write from VM mode', ALL, P | U, 'write', true, ERR_PROTECTION | ERR_WRITE | ERR_USER),
    c('PDE read-only, write from VM mode', P | U, ALL, 'write', true, ERR_PROTECTION | ERR_WRITE | ERR_USER),
    c('PTE read-only, read', RW, P, 'read', false, null),
    c('PTE read-only, fetch', RW, P, 'execute', false, null),
    c('read-only page whose PTE has D set, write', RW, P | A | D, 'write', false, ERR_PROTECTION | ERR_WRITE),
    // U/S: only VM-mode (CPL 3) accesses are checked [V 2.2.2] [386 6.4.1.1].
    c('PTE supervisor, read at CPL 0', RW, RW, 'read', false, null),
    c('PTE supervisor, write at CPL 0', RW, RW, 'write', false, null),
    c('PTE supervisor, read from VM mode', ALL, RW, 'read', true, ERR_PROTECTION | ERR_USER),
    c('PDE supervisor, read from VM mode', RW, ALL, 'read', true, ERR_PROTECTION | ERR_USER),
    c('PTE supervisor, fetch from VM mode', ALL, RW, 'execute', true, ERR_PROTECTION | ERR_USER),
    c('PTE supervisor, write from VM mode', ALL, RW, 'write', true, ERR_PROTECTION | ERR_WRITE | ERR_USER),
    c('user page, read from VM mode', ALL, ALL, 'read', true, null),
    c('user page, write from VM mode', ALL, ALL, 'write', true, null),
    // Both levels must allow the access: the more restrictive wins [386 6.4.1.3].
    c('PDE user + PTE supervisor, VM mode', ALL, RW, 'read', true, ERR_PROTECTION | ERR_USER),
    c('PDE supervisor + PTE user, CPL 0 write', RW, ALL, 'write', false, null)
  ];

  it.each(cases)('$rule', ({ pde, pte, access, user, error }) => {
    const m = pagedMachine({ user });
    setPde(m, DIR, L, tableFor(L), pde);
    setPte(m, tableFor(L), L, 0x77, pte);
    const result = cpuAccess(m, L, access);
    if (error === null) {
      expect(result.fault).toBeNull();
      expect(result.physical).toBe(0x77567);
    } else {
      expect(result.physical).toBeNull();
      expect(result.fault).toEqual({ kind: 'page-fault', linear: L, errorCode: error, access });
      // The record for views says the same.
      const record = m.bus.paging.translate(L, access, { sideEffects: false });
      expect(record.physical).toBeNull();
      expect(record.fault).toEqual(result.fault);
    }
  });

  it.each(cases.filter((k) => k.error !== null))(
    'the same fault from a TLB hit: $rule',
    ({ pde, pte, access, user, error }) => {
      // Fill the TLB with a read (where the read is allowed), then repeat the faulting access: a cached
      // translation must not widen the permissions of the walk that filled it.
      const m = pagedMachine({ user });
      setPde(m, DIR, L, tableFor(L), pde);
      setPte(m, tableFor(L), L, 0x77, pte);
      cpuAccess(m, L, 'read');
      const result = cpuAccess(m, L, access);
      expect(result.fault).toEqual({ kind: 'page-fault', linear: L, errorCode: error, access });
    }
  );
});

describe('accessed and dirty bits [386 5.2.4.4] [SDM 4.8]', () => {
  const L = 0x21abc;
  function setup(pteFlags = P | W, pdeFlags = P | W) {
    const m = pagedMachine();
    map(m, L, 0x66, pteFlags, pdeFlags);
    const pde = () => readEntry(m, DIR, L >>> 16);
    const pte = () => readEntry(m, tableFor(L), (L >>> 12) & 15);
    return { m, pde, pte };
  }

  it.each<[AccessKind, number, number]>([
    // access, PDE low bits after, PTE low bits after
    ['read', P | W | A, P | W | A],
    ['execute', P | W | A, P | W | A],
    // D is set only in the PTE; the PDE's bit 6 is not a dirty bit (386 figure 5-10) and stays 0.
    ['write', P | W | A, P | W | A | D]
  ])('a %s sets A in both entries walked, D in the PTE only for writes', (access, pdeAfter, pteAfter) => {
    const { m, pde, pte } = setup();
    expect(cpuAccess(m, L, access).fault).toBeNull();
    expect(pde() & 0xfff).toBe(pdeAfter);
    expect(pte() & 0xfff).toBe(pteAfter);
    // The frame bits are untouched.
    expect(pte() >>> 12).toBe(0x66);
  });

  it('a not-present PTE: A is set in the present PDE walked, the PTE is left alone', () => {
    const { m, pde, pte } = setup(W);
    expect(cpuAccess(m, L, 'write').fault?.errorCode).toBe(ERR_WRITE);
    expect(pde() & A).toBe(A);
    expect(pte() & 0xfff).toBe(W);
  });

  it('a not-present PDE changes nothing', () => {
    const { m, pde, pte } = setup(P | W, W);
    cpuAccess(m, L, 'read');
    expect(pde() & 0xfff).toBe(W);
    expect(pte() & 0xfff).toBe(P | W);
  });

  it('a write to a read-only page does not set D (the write never happens)', () => {
    const { m, pte } = setup(P);
    expect(cpuAccess(m, L, 'write').fault?.errorCode).toBe(ERR_PROTECTION | ERR_WRITE);
    expect(pte() & D).toBe(0);
  });

  it('A/D updates change only the entry’s low byte: AVL and frame bits keep their values', () => {
    const { m, pte } = setup((0b101 << 9) | P | W);
    setPte(m, tableFor(L), L, 0xabcde, (0b101 << 9) | P | W);
    cpuAccess(m, L, 'write');
    expect(pte()).toBe(((0xabcde << 12) | (0b101 << 9) | P | W | A | D) >>> 0);
  });

  it('a write to a clean page cached in the TLB walks again to set D [386 5.2.4.4]', () => {
    const { m, pte } = setup();
    const paging = m.bus.paging;
    const first = paging.translate(L, 'read');
    expect(first.tlbHit).toBe(false);
    expect(pte() & D).toBe(0);
    const hit = paging.translate(L, 'read');
    expect(hit.tlbHit).toBe(true);
    const write = paging.translate(L, 'write');
    expect(write.tlbHit).toBe(false);
    expect(write.references).toHaveLength(2);
    expect(pte() & D).toBe(D);
    // Now cached dirty: the next write is a hit.
    expect(paging.translate(L, 'write').tlbHit).toBe(true);
  });

  it('the TLB caches D: software clearing D is not seen until INVLPG (so the OS must flush) [386 5.2.5]', () => {
    const { m, pte } = setup();
    const paging = m.bus.paging;
    paging.translate(L, 'write');
    writeEntry(m, tableFor(L), (L >>> 12) & 15, pte() & ~D);
    paging.translate(L, 'write');
    expect(pte() & D).toBe(0);
    paging.invalidatePage(L);
    paging.translate(L, 'write');
    expect(pte() & D).toBe(D);
  });

  it('A already set is not written again (the entry’s bytes do not change on a second walk)', () => {
    const { m, pde } = setup();
    cpuAccess(m, L, 'read');
    writeEntry(m, DIR, L >>> 16, pde() & ~A);
    // The TLB hit walks nothing, so the cleared A stays clear.
    cpuAccess(m, L, 'read');
    expect(pde() & A).toBe(0);
  });
});

describe('walk records [V 2.7]', () => {
  const L = 0x4b123;

  it('a TLB miss reads exactly 2 entries, directory then table, with addresses and values as read', () => {
    const m = pagedMachine();
    map(m, L, 0x99, P | W, P | W | U);
    const pdeBefore = readEntry(m, DIR, 4);
    const pteBefore = readEntry(m, tableFor(L), 0xb);
    const record = m.bus.paging.translate(L, 'write');
    expect(record).toEqual<WalkRecord>({
      linear: L,
      access: 'write',
      user: false,
      vpid: 0,
      tlbHit: false,
      references: [
        {
          step: 1,
          stage: 'host',
          level: 'directory',
          index: 4,
          address: entryAddress(DIR, 4),
          value: pdeBefore
        },
        {
          step: 2,
          stage: 'host',
          level: 'table',
          index: 0xb,
          address: entryAddress(tableFor(L), 0xb),
          value: pteBefore
        }
      ],
      physical: 0x99123,
      fault: null
    });
  });

  it('a TLB hit reads no entry', () => {
    const m = pagedMachine();
    map(m, L, 0x99);
    m.bus.paging.translate(L, 'read');
    const record = m.bus.paging.translate(L + 0x10, 'read');
    expect(record.tlbHit).toBe(true);
    expect(record.references).toEqual([]);
    expect(record.physical).toBe(0x99133);
  });

  // Regression: the remembered-page fast path of translateForCpu once answered before looking at the recorder, so
  // a recorder attached after those accesses never heard them.
  it('a recorder attached after the CPU’s accesses still hears every later access (no unrecorded fast path)', () => {
    const m = pagedMachine();
    map(m, 0x12000, 0x50);
    // The CPU's accesses before anyone listens: a fetch and a data access, each twice.
    for (let k = 0; k < 2; k++) {
      m.bus.fetchAddress(0x12000);
      m.bus.write8(0x12010, k);
    }
    const records: WalkRecord[] = [];
    m.bus.paging.recorder = (record) => records.push(record);
    m.bus.fetchAddress(0x12002);
    m.bus.read8(0x12011);
    m.bus.write8(0x12012, 7);
    m.bus.paging.recorder = null;
    expect(records.map((r) => [r.linear, r.access, r.tlbHit])).toEqual([
      [0x12002, 'execute', true],
      [0x12011, 'read', true],
      [0x12012, 'write', true]
    ]);
  });

  // Regression (same cause): translate() captures its record through the recorder, which the fast path skipped.
  it('translate() on a page the CPU has just used returns its record (a TLB hit)', () => {
    const m = pagedMachine();
    map(m, 0x12000, 0x50);
    for (let k = 0; k < 2; k++) m.bus.read8(0x12010);
    for (let k = 0; k < 2; k++) m.bus.fetchAddress(0x12000);
    const read = m.bus.paging.translate(0x12020, 'read');
    expect(read).toMatchObject({ tlbHit: true, physical: 0x50020, fault: null });
    const fetch = m.bus.paging.translate(0x12004, 'execute');
    expect(fetch).toMatchObject({ tlbHit: true, physical: 0x50004, fault: null });
  });

  it('a fault at the directory records 1 reference; at the table, 2', () => {
    const m = pagedMachine();
    expect(m.bus.paging.translate(L, 'read').references).toHaveLength(1);
    setPde(m, DIR, L, tableFor(L), P | W);
    const record = m.bus.paging.translate(L, 'read');
    expect(record.references).toHaveLength(2);
    expect(record.fault?.errorCode).toBe(0);
    expect(record.physical).toBeNull();
  });

  it('the recorder hears every CPU access: a miss, then a hit; a word across a page boundary is two', () => {
    const m = pagedMachine();
    map(m, 0x12000, 0x50);
    map(m, 0x13000, 0x51);
    const records: WalkRecord[] = [];
    m.bus.paging.recorder = (record) => records.push(record);
    m.bus.read16(0x12010);
    m.bus.write8(0x12011, 1);
    m.bus.read16(0x12fff);
    m.bus.paging.recorder = null;
    expect(records.map((r) => [r.linear, r.access, r.tlbHit, r.references.length])).toEqual([
      [0x12010, 'read', false, 2],
      [0x12011, 'write', false, 2], // clean page: walks again to set D
      [0x12fff, 'read', true, 0],
      [0x13000, 'read', false, 2]
    ]);
  });
});

// Nested paging [V 2.7] [SDM 29.3.2]: host memory 2 MiB; the nested tables map guest frame g to host frame
// 0x100 + g for the whole 1 MiB guest-physical space. Nested directory at host frame NESTED_ROOT, the nested
// table of nested directory entry d at host frame NESTED_ROOT + 1 + d. The guest's own directory is at guest
// frame G_DIR, its table for guest PDE 3 at G_TABLE, and linear 34567h maps to guest frame G_DATA.
const NESTED_ROOT = 0x60;
const hostFrame = (guestFrame: number) => 0x100 + guestFrame;
const G_DIR = 0x10;
const G_TABLE = 0x11;
const G_DATA = 0x22;
const GL = 0x34567;

function nestedMachine(options: { guestPaging?: boolean; user?: boolean; guestA?: boolean } = {}) {
  const m = new Machine({ memorySize: 2 * MIB });
  for (let g = 0; g < 256; g++) {
    mapPage(m, {
      dirFrame: NESTED_ROOT,
      tableFrame: NESTED_ROOT + 1 + (g >> 4),
      linear: g * 4096,
      frame: hostFrame(g),
      pdeFlags: P | W | U | A,
      pteFlags: P | W | U | A
    });
  }
  const guestA = (options.guestA ?? false) ? A : 0;
  writeEntry(m, hostFrame(G_DIR), GL >>> 16, ((G_TABLE << 12) | P | W | guestA) >>> 0);
  writeEntry(m, hostFrame(G_TABLE), (GL >>> 12) & 15, ((G_DATA << 12) | P | W | guestA) >>> 0);
  const config: PagingConfig = {
    rootFrame: 0,
    user: options.user ?? true,
    vpid: 1,
    nested: {
      nestedRootFrame: NESTED_ROOT,
      guestPaging: options.guestPaging ?? true,
      guestRootFrame: G_DIR
    }
  };
  m.bus.configurePaging(config);
  return m;
}

/** The nested entries that translate guest-physical address gpa: [directory, table] references. */
function nestedRefs(gpa: number): Omit<WalkReference, 'step' | 'value'>[] {
  const d = gpa >>> 16;
  const t = (gpa >>> 12) & 15;
  return [
    { stage: 'nested', level: 'directory', index: d, address: entryAddress(NESTED_ROOT, d) },
    { stage: 'nested', level: 'table', index: t, address: entryAddress(NESTED_ROOT + 1 + d, t) }
  ];
}

const withoutValues = (refs: WalkReference[]) => refs.map(({ value: _value, ...rest }) => rest);

describe('nested paging: the 2-D walk [V 2.7] [SDM 29.3.2]', () => {
  const gPdeAddress = G_DIR * 4096 + (GL >>> 16) * 4;
  const gPteAddress = G_TABLE * 4096 + ((GL >>> 12) & 15) * 4;
  const gDataAddress = G_DATA * 4096 + (GL & 0xfff);
  const expectedOrder = [
    ...nestedRefs(gPdeAddress), // 1, 2: where is the guest's directory entry?
    { stage: 'guest', level: 'directory', index: 3, address: hostFrame(G_DIR) * 4096 + 3 * 4 }, // 3
    ...nestedRefs(gPteAddress), // 4, 5: where is the guest's table entry?
    { stage: 'guest', level: 'table', index: 4, address: hostFrame(G_TABLE) * 4096 + 4 * 4 }, // 6
    ...nestedRefs(gDataAddress) // 7, 8: where is the data?
  ].map((r, k) => ({ step: k + 1, ...r }));

  it('guest paging on, guest A bits already set: 8 references in the order of the 3 × 3 grid', () => {
    const m = nestedMachine({ guestA: true });
    const record = m.bus.paging.translate(GL, 'read');
    expect(record.fault).toBeNull();
    expect(record.physical).toBe(hostFrame(G_DATA) * 4096 + 0x567);
    expect(withoutValues(record.references)).toEqual(expectedOrder);
    expect(record.references[2].value >>> 12).toBe(G_TABLE);
    expect(record.references[5].value >>> 12).toBe(G_DATA);
  });

  it('guest paging on, guest A bits still clear: still at most 8 references, in the same order', () => {
    // (n + 1)(m + 1) − 1 = 8 is the worst case per miss [V 2.7]: setting A in a guest entry writes the entry
    // whose host address the walk has just found; it is no new walk.
    const m = nestedMachine({ guestA: false });
    const record = m.bus.paging.translate(GL, 'write');
    expect(record.fault).toBeNull();
    expect(withoutValues(record.references)).toEqual(expectedOrder);
  });

  it('guest paging off: the nested stage alone, 2 references', () => {
    const m = nestedMachine({ guestPaging: false });
    const record = m.bus.paging.translate(0x22567, 'read');
    expect(record.physical).toBe(0x122567);
    expect(withoutValues(record.references)).toEqual(
      nestedRefs(0x22567).map((r, k) => ({ step: k + 1, ...r }))
    );
  });

  it('a TLB hit under nesting reads nothing; the TLB entry is tagged with the VM’s VPID', () => {
    const m = nestedMachine({ guestA: true });
    m.bus.paging.translate(GL, 'read');
    const hit = m.bus.paging.translate(GL + 1, 'read');
    expect(hit.tlbHit).toBe(true);
    expect(hit.references).toEqual([]);
    expect(hit.vpid).toBe(1);
    const tlb = m.bus.paging.tlb;
    const k = tlb.find(1, GL >>> 12);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(tlb.entries[k].frame).toBe(hostFrame(G_DATA));
    expect(tlb.find(0, GL >>> 12)).toBe(-1);
  });

  it('guest A/D are set in the guest entries (in host memory, through the nested map), and nested A/D too', () => {
    const m = nestedMachine();
    m.bus.paging.translate(GL, 'write');
    expect(readEntry(m, hostFrame(G_DIR), 3) & (A | D)).toBe(A);
    expect(readEntry(m, hostFrame(G_TABLE), 4) & (A | D)).toBe(A | D);
    // The nested entry of the data page is dirty; that of the guest's directory page is accessed.
    expect(readEntry(m, NESTED_ROOT + 1 + 2, 2) & (A | D)).toBe(A | D);
    expect(readEntry(m, NESTED_ROOT + 1 + 1, 0) & A).toBe(A);
  });

  it('the guest’s U/S bits are not enforced under nesting, even for VM-mode accesses', () => {
    // paging-unit.ts: guests have no user mode of their own in v1; a guest that runs bare at CPL 0 must run
    // the same under nested paging. Neither are the nested entries' U/S bits (they belong to the host).
    const m = nestedMachine({ user: true, guestA: true });
    writeEntry(m, hostFrame(G_TABLE), 4, ((G_DATA << 12) | P | W) >>> 0); // U clear
    writeEntry(m, NESTED_ROOT + 1 + 2, 2, ((hostFrame(G_DATA) << 12) | P | W) >>> 0); // U clear
    const record = m.bus.paging.translate(GL, 'write');
    expect(record.fault).toBeNull();
    expect(record.physical).toBe(hostFrame(G_DATA) * 4096 + 0x567);
  });

  // Guest-stage faults carry U/S = 0: the guest's own handler runs as on the bare machine at CPL 0 and must
  // see the error code the bare machine gives (equivalence, virtualization.md §2.7; the guest's U/S is ignored).
  it.each<[string, (m: Machine) => void, AccessKind, object]>([
    [
      'guest PTE not present: a #PF for the guest',
      (m) => writeEntry(m, hostFrame(G_TABLE), 4, 0),
      'read',
      { kind: 'page-fault', linear: GL, errorCode: 0, access: 'read' }
    ],
    [
      'guest PDE not present: a #PF for the guest',
      (m) => writeEntry(m, hostFrame(G_DIR), 3, 0),
      'write',
      { kind: 'page-fault', linear: GL, errorCode: ERR_WRITE, access: 'write' }
    ],
    [
      'guest PTE read-only: a protection #PF for the guest',
      (m) => writeEntry(m, hostFrame(G_TABLE), 4, ((G_DATA << 12) | P) >>> 0),
      'write',
      {
        kind: 'page-fault',
        linear: GL,
        errorCode: ERR_PROTECTION | ERR_WRITE,
        access: 'write'
      }
    ],
    [
      'nested entry of the data page not present: nested violation after the guest walk',
      (m) => writeEntry(m, NESTED_ROOT + 1 + 2, 2, 0),
      'read',
      {
        kind: 'nested-violation',
        linear: GL,
        errorCode: 0,
        guestPhysical: 0x22567,
        duringGuestWalk: false,
        access: 'read'
      }
    ],
    [
      'nested entry of the data page read-only: a write is a nested violation',
      (m) => writeEntry(m, NESTED_ROOT + 1 + 2, 2, ((hostFrame(G_DATA) << 12) | P) >>> 0),
      'write',
      {
        kind: 'nested-violation',
        linear: GL,
        errorCode: 0,
        guestPhysical: 0x22567,
        duringGuestWalk: false,
        access: 'write'
      }
    ],
    [
      'nested directory entry of the guest’s page directory not present: violation during the guest walk',
      (m) => writeEntry(m, NESTED_ROOT, 1, 0),
      'read',
      {
        kind: 'nested-violation',
        linear: GL,
        errorCode: 0,
        guestPhysical: G_DIR * 4096 + 3 * 4,
        duringGuestWalk: true,
        access: 'read'
      }
    ],
    [
      'nested entry of the guest’s page table not present: violation during the guest walk',
      (m) => writeEntry(m, NESTED_ROOT + 1 + 1, 1, 0),
      'read',
      {
        kind: 'nested-violation',
        linear: GL,
        errorCode: 0,
        guestPhysical: G_TABLE * 4096 + 4 * 4,
        duringGuestWalk: true,
        access: 'read'
      }
    ]
  ])('%s', (_, change, access, fault) => {
    const m = nestedMachine({ guestA: true });
    change(m);
    const result = cpuAccess(m, GL, access);
    expect(result.physical).toBeNull();
    expect(result.fault).toEqual(fault);
  });

  it('a guest-writable page the nested map makes read-only: a write after a read (TLB filled) is still a nested violation', () => {
    // Permissions in the TLB are guest ∧ nested [V 2.7]; which stage refused must survive caching, so the
    // hypervisor sees the violation (dirty logging, copy-on-write) and the guest never sees a #PF it did not cause.
    const m = nestedMachine({ guestA: true });
    writeEntry(m, hostFrame(G_TABLE), 4, ((G_DATA << 12) | P | W | A | D) >>> 0);
    writeEntry(m, NESTED_ROOT + 1 + 2, 2, ((hostFrame(G_DATA) << 12) | P | A | D) >>> 0);
    expect(cpuAccess(m, GL, 'read').fault).toBeNull();
    const result = cpuAccess(m, GL, 'write');
    expect(result.fault?.kind).toBe('nested-violation');
    expect(result.fault?.guestPhysical).toBe(0x22567);
  });
});

describe('translate(…, { sideEffects: false }) changes nothing [STYLE rule 6]', () => {
  function machines() {
    const bare = pagedMachine();
    map(bare, 0x12000, 0x50);
    map(bare, 0x13000, 0x51, P); // read-only
    map(bare, 0x14000, 0x52);
    // Some TLB state and counters to preserve, and a fault on record.
    cpuAccess(bare, 0x14000, 'read');
    cpuAccess(bare, 0x15000, 'read');
    const nested = nestedMachine();
    cpuAccess(nested, 0x22000, 'read');
    return { bare, nested };
  }

  const probes: [string, 'bare' | 'nested', number, AccessKind][] = [
    ['a clean, unaccessed page, write', 'bare', 0x12345, 'write'],
    ['a read-only page, write (protection fault)', 'bare', 0x13000, 'write'],
    ['a cached page, write (would walk again for D)', 'bare', 0x14000, 'write'],
    ['an unmapped page (not-present fault)', 'bare', 0x77000, 'read'],
    ['nested, guest A/D clear, write', 'nested', GL, 'write'],
    ['nested, a guest page not mapped by the guest', 'nested', 0x3f000, 'read']
  ];

  it.each(probes)('%s', (_, which, linear, access) => {
    const m = machines()[which];
    const paging = m.bus.paging;
    const digest = memoryDigest(m);
    const tlb = paging.tlb.view();
    const counters = { ...paging.tlb.counters };
    const lastFault = paging.lastFault;
    const heard: WalkRecord[] = [];
    paging.recorder = (record) => heard.push(record);
    const record = paging.translate(linear, access, { sideEffects: false });
    paging.recorder = null;
    // It answers (a full walk, never from the TLB)...
    expect(record.tlbHit).toBe(false);
    expect(record.references.length).toBeGreaterThan(0);
    // ...and changes nothing: no A/D bits, no TLB fill or LRU update, no counters, no fault, no recording.
    expect(memoryDigest(m)).toBe(digest);
    expect(paging.tlb.view()).toEqual(tlb);
    expect(paging.tlb.counters).toEqual(counters);
    expect(paging.lastFault).toBe(lastFault);
    expect(heard).toEqual([]);
  });

  it('answers the same physical address and references as a real walk would', () => {
    const { bare } = machines();
    const look = bare.bus.paging.translate(0x12345, 'read', { sideEffects: false });
    const real = bare.bus.paging.translate(0x12345, 'read');
    expect(look.physical).toBe(0x50345);
    expect(look.references).toEqual(real.references);
  });

  it('peek8 (the views’ read) goes through the tables without side effects and never faults', () => {
    const { bare } = machines();
    bare.memory.write8(0x50345, 0x5a);
    const digest = memoryDigest(bare);
    expect(bare.bus.peek8(0x12345)).toBe(0x5a);
    expect(bare.bus.peek8(0x77000)).toBe(0xff);
    expect(memoryDigest(bare)).toBe(digest);
  });
});

describe('the TLB: 8 entries, LRU, tagged by VPID [V 2.2.1] [SDM 4.10]', () => {
  const page = (k: number) => 0x40000 + k * 0x1000;
  function nineMappedPages() {
    const m = pagedMachine();
    for (let k = 0; k < 9; k++) map(m, page(k), 0x80 + k);
    return m;
  }
  const cached = (m: Machine, k: number) => m.bus.paging.tlb.find(0, page(k) >>> 12) >= 0;

  it(`holds ${TLB_SIZE} translations; a ninth evicts the least recently used`, () => {
    expect(TLB_SIZE).toBe(8);
    const m = nineMappedPages();
    for (let k = 0; k < 8; k++) cpuAccess(m, page(k), 'read');
    expect([...Array(8).keys()].every((k) => cached(m, k))).toBe(true);
    cpuAccess(m, page(8), 'read');
    expect(cached(m, 0)).toBe(false);
    expect([1, 2, 3, 4, 5, 6, 7, 8].every((k) => cached(m, k))).toBe(true);
    expect(m.bus.paging.tlb.counters).toMatchObject({ hits: 0, misses: 9 });
  });

  it('a hit makes an entry the most recently used', () => {
    const m = nineMappedPages();
    for (let k = 0; k < 8; k++) cpuAccess(m, page(k), 'read');
    cpuAccess(m, page(0), 'read'); // hit: page 0 is now the most recent, page 1 the least
    cpuAccess(m, page(8), 'read');
    expect(cached(m, 0)).toBe(true);
    expect(cached(m, 1)).toBe(false);
    expect(m.bus.paging.tlb.counters).toMatchObject({ hits: 1, misses: 9 });
    // And the order goes on: 2 is evicted next, then 3.
    cpuAccess(m, page(1), 'read');
    expect(cached(m, 2)).toBe(false);
    cpuAccess(m, page(2), 'read');
    expect(cached(m, 3)).toBe(false);
  });

  it('a refill of a cached page (the write that sets D) replaces its entry instead of taking another', () => {
    const m = nineMappedPages();
    for (let k = 0; k < 8; k++) cpuAccess(m, page(k), 'read');
    cpuAccess(m, page(3), 'write');
    const entries = m.bus.paging.tlb.view().filter((e) => e.valid);
    expect(entries).toHaveLength(8);
    expect(entries.filter((e) => e.page === page(3) >>> 12)).toHaveLength(1);
    expect(cached(m, 0)).toBe(true);
  });

  it('entries of different VPIDs for the same page are different entries', () => {
    const tlb = new Tlb();
    tlb.insert(1, 0x42, 0x100, true, true, false);
    tlb.insert(2, 0x42, 0x200, true, true, false);
    expect(tlb.entries[tlb.find(1, 0x42)].frame).toBe(0x100);
    expect(tlb.entries[tlb.find(2, 0x42)].frame).toBe(0x200);
    expect(tlb.find(3, 0x42)).toBe(-1);
  });

  it('LRU counts across VPIDs: one VM’s new entry can evict another’s', () => {
    const tlb = new Tlb();
    for (let k = 0; k < 8; k++) tlb.insert(1 + (k & 1), k, k, true, true, false);
    tlb.use(tlb.find(1, 0));
    tlb.insert(3, 9, 9, true, true, false);
    expect(tlb.find(1, 0)).toBeGreaterThanOrEqual(0);
    expect(tlb.find(2, 1)).toBe(-1);
  });

  it('invalidatePage (INVLPG) drops only that page of the current VPID [SDM 4.10.4.1]', () => {
    const m = pagedMachine({ vpid: 2 });
    const paging = m.bus.paging;
    map(m, page(0), 0x80);
    map(m, page(1), 0x81);
    cpuAccess(m, page(0), 'read');
    cpuAccess(m, page(1), 'read');
    paging.tlb.insert(3, page(0) >>> 12, 0x90, true, true, false);
    paging.invalidatePage(page(0) + 0x123);
    expect(paging.tlb.find(2, page(0) >>> 12)).toBe(-1);
    expect(paging.tlb.find(2, page(1) >>> 12)).toBeGreaterThanOrEqual(0);
    expect(paging.tlb.find(3, page(0) >>> 12)).toBeGreaterThanOrEqual(0);
  });

  it('invalidateContext (a CR3 write) drops every entry of the current VPID, and only those', () => {
    const m = pagedMachine({ vpid: 2 });
    const paging = m.bus.paging;
    map(m, page(0), 0x80);
    map(m, page(1), 0x81);
    cpuAccess(m, page(0), 'read');
    cpuAccess(m, page(1), 'read');
    paging.tlb.insert(3, page(0) >>> 12, 0x90, true, true, false);
    const flushes = paging.tlb.counters.flushes;
    paging.invalidateContext();
    expect(paging.tlb.find(2, page(0) >>> 12)).toBe(-1);
    expect(paging.tlb.find(2, page(1) >>> 12)).toBe(-1);
    expect(paging.tlb.find(3, page(0) >>> 12)).toBeGreaterThanOrEqual(0);
    expect(paging.tlb.counters.flushes).toBe(flushes + 1);
  });

  it('configure flushes everything, for every VPID (paging switched on or off, VM entry without VPIDs)', () => {
    const m = pagedMachine({ vpid: 2 });
    const paging = m.bus.paging;
    map(m, page(0), 0x80);
    cpuAccess(m, page(0), 'read');
    paging.tlb.insert(3, 0x55, 0x90, true, true, false);
    m.bus.configurePaging(bareConfig({ vpid: 2 }));
    expect(paging.tlb.view().some((e) => e.valid)).toBe(false);
    cpuAccess(m, page(0), 'read');
    m.bus.configurePaging(null);
    expect(paging.tlb.view().some((e) => e.valid)).toBe(false);
    // Paging off: linear is physical again.
    m.memory.write8(page(0), 0x3c);
    expect(m.bus.read8(page(0))).toBe(0x3c);
  });

  it('a stale translation is used until invalidated (no coherence with the tables, as on a 386) [386 5.2.5]', () => {
    const m = pagedMachine();
    map(m, page(0), 0x80);
    m.memory.write8(0x80000, 0x11);
    m.memory.write8(0x81000, 0x22);
    expect(m.bus.read8(page(0))).toBe(0x11);
    map(m, page(0), 0x81);
    expect(m.bus.read8(page(0))).toBe(0x11);
    m.bus.paging.invalidatePage(page(0));
    expect(m.bus.read8(page(0))).toBe(0x22);
  });

  it('view() gives copies; restore() puts entries and counters back', () => {
    const m = nineMappedPages();
    for (let k = 0; k < 3; k++) cpuAccess(m, page(k), 'read');
    const tlb = m.bus.paging.tlb;
    const counters = { ...tlb.counters };
    expect(tlb.view()[0]).not.toBe(tlb.entries[0]);
    expect(tlb.view()[0]).toEqual(tlb.entries[0]);
    const copy = new Tlb();
    copy.insert(0, 0x99, 0x99, true, true, false); // an entry the restore must drop
    copy.restore(tlb.view(), counters);
    expect(copy.view()).toEqual(tlb.view());
    expect(copy.counters).toEqual(counters);
    // The restored TLB answers lookups as the original does.
    for (let k = 0; k < 3; k++) expect(copy.find(0, page(k) >>> 12)).toBe(tlb.find(0, page(k) >>> 12));
    expect(copy.find(0, 0x99)).toBe(-1);
    // And replaces in the same LRU order.
    for (let k = 3; k < 9; k++) {
      copy.insert(0, page(k) >>> 12, 0x80 + k, true, false, false);
      tlb.insert(0, page(k) >>> 12, 0x80 + k, true, false, false);
    }
    expect(copy.view()).toEqual(tlb.view());
  });
});

describe('frames beyond installed memory read FFh, writes are dropped [V 2.2.2]', () => {
  // frame number, machine memory size
  const cases: [string, number, number][] = [
    ['just past 1 MiB of memory', 0x100, MIB],
    ['past 4 MiB of memory', 0x400, 4 * MIB],
    ['at 16 MiB on a 16 MiB machine (beyond the 24-bit host physical width)', 0x1000, 16 * MIB],
    ['far above 16 MiB', 0x7ffff, MIB],
    ['the highest frame number a PTE can hold', 0xfffff, MIB],
    ['a frame with bit 31 of the address set', 0x80000, MIB]
  ];

  it.each(cases)('PTE frame %s', (_, frame, memorySize) => {
    const m = pagedMachine({}, memorySize);
    map(m, 0x12000, frame);
    const pde = readEntry(m, DIR, 1);
    const pte = readEntry(m, tableFor(0x12000), 2);
    const digest = memoryDigest(m);
    // Twice each: the first access walks, the second hits the TLB; both must go nowhere.
    for (let pass = 0; pass < 2; pass++) {
      m.bus.write8(0x12010, 0x5a);
      m.bus.write16(0x12020, 0x1234);
      expect(m.bus.read8(0x12010)).toBe(0xff);
      expect(m.bus.read16(0x12020)).toBe(0xffff);
      expect(m.bus.read16(0x12fff & ~1)).toBe(0xffff);
    }
    // The dropped writes did not land anywhere else (no wrap onto low memory). Only the entries changed (A, and
    // D as for any write the tables allow): put them back and compare.
    expect(readEntry(m, tableFor(0x12000), 2)).toBe((pte | A | D) >>> 0);
    writeEntry(m, DIR, 1, pde);
    writeEntry(m, tableFor(0x12000), 2, pte);
    expect(memoryDigest(m)).toBe(digest);
  });

  it('a fetch from such a frame is not plain memory (fetchAddress −1)', () => {
    const m = pagedMachine();
    map(m, 0x12000, 0xfffff);
    for (let pass = 0; pass < 2; pass++) expect(m.bus.fetchAddress(0x12000)).toBe(-1);
  });
});
