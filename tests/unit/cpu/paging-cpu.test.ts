// Paging through the CPU on the bare machine: MOV CRn, SMSW, INVLPG; #PF delivered through IVT[14] with CR2 and
// an error code (virtualization.md §2.2.2: CR2 := page number; FLAGS, CS, IP of the faulting instruction, then
// the error code word); restartable instructions; shutdown on a fault while delivering #PF; the TLB's lack of
// coherence (INVLPG needed, as on a 386); self-modifying and remapped code with paging on.
//
// Rules cited: [386 5.2] 80386 Programmer's Reference Manual ch. 5.2 (paging, 5.2.5 TLB); [386 9.8.14] #PF
// (error code, CR2, the faulting instruction restartable); [386 9.9] exceptions during exception delivery;
// [SDM REP] Intel SDM vol. 2, REP: a fault in a repeated string instruction leaves the registers describing the
// completed iterations, EFLAGS as before the instruction for CMPS/SCAS; [V 2.2.x] virtualization.md §2.2.
//
// Layout (1 MiB machine): code at 1000:0100, stack at 2000:0100, DS = 3000h, ES = 5000h (harness.ts). The low
// 1 MiB is identity-mapped: page directory in frame 80h, the table of directory entry d in frame 81h + d. IVT[14]
// points at a #PF handler at 0300:0000 that marks the faulting page present and writable, INVLPGs it, counts the
// fault at 0000:0500, removes the error code and IRETs.
import { describe, expect, it } from 'vitest';
import type { Machine, Registers } from '$lib/emu';
import { FLAGS_BASE, linear, machineWith, wordAt } from './harness';
import { A, D, P, W, identityMap, readEntry, setPte } from '../mem/page-tables';

const MIB = 1024 * 1024;
const DIR = 0x80;
const TABLE0 = 0x81;
const CR0_PG = 0x8000;
const HANDLER_CS = 0x0300;
const FAULT_COUNT = 0x0500;
const HLT = 0xf4;
const IRET = 0xcf;

/**
 * Machine code from a listing, one instruction a line: `BYTES | source`, the bytes in hex as NASM's listing shows
 * them (assembled with NASM 2.16.01, `bits 16`, `cpu 486`; the 0100 in a source column is the offset).
 */
function code(listing: string): number[] {
  return listing.split('\n').flatMap((line) => {
    const bar = line.indexOf('|');
    if (bar < 0) return [];
    return line
      .slice(0, bar)
      .trim()
      .split(/\s+/)
      .map((byte) => parseInt(byte, 16));
  });
}

/** The #PF handler. */
const PF_HANDLER = code(`
  50                | push ax
  53                | push bx
  51                | push cx
  1E                | push ds
  0F 20 D0          | mov eax, cr2                  ; AX = the faulting page number
  89 C3             | mov bx, ax
  83 E3 0F          | and bx, 0x000f                ; table index
  D1 E3             | shl bx, 1
  D1 E3             | shl bx, 1                     ; BX = offset of the PTE in its table
  B1 04             | mov cl, 4
  D3 E8             | shr ax, cl                    ; directory index d
  88 C4             | mov ah, al
  30 C0             | xor al, al
  05 00 81          | add ax, 0x8100                ; segment of the table of d: frame 81h + d
  8E D8             | mov ds, ax
  80 0F 03          | or byte [bx], 3               ; P | W
  31 C0             | xor ax, ax
  8E D8             | mov ds, ax
  FF 06 00 05       | inc word [0x0500]
  0F 20 D0          | mov eax, cr2
  B1 08             | mov cl, 8
  D3 E0             | shl ax, cl                    ; the page's segment
  8E D8             | mov ds, ax
  0F 01 3E 00 00    | invlpg [0]                    ; drop a stale read-only translation
  1F                | pop ds
  59                | pop cx
  5B                | pop bx
  58                | pop ax
  83 C4 02          | add sp, 2                     ; the error code
  CF                | iret
`);

interface PagedSetup {
  code: number[];
  regs?: Partial<Registers>;
  memory?: [number, number[]][];
  /** Pages whose PTE has P clear (the frame stays the identity one, so the handler only sets P). */
  notPresent?: number[];
  /** Pages whose PTE has R/W clear. */
  readOnly?: number[];
  /** Turn paging on before the first instruction (else the code does it). */
  pagingOn?: boolean;
}

function pagedMachine(setup: PagedSetup): Machine {
  const m = machineWith({ code: setup.code, regs: setup.regs, memory: setup.memory, memorySize: MIB });
  identityMap(m, DIR, TABLE0, 256);
  m.memory.load(14 * 4, [0x00, 0x00, HANDLER_CS & 0xff, HANDLER_CS >> 8]);
  m.memory.load(HANDLER_CS * 16, PF_HANDLER);
  for (const page of setup.notPresent ?? []) setPte(m, TABLE0 + (page >> 4), page * 4096, page, W);
  for (const page of setup.readOnly ?? []) setPte(m, TABLE0 + (page >> 4), page * 4096, page, P);
  if (setup.pagingOn ?? true) {
    m.cpu.setControlRegister(3, DIR);
    m.cpu.setControlRegister(0, CR0_PG);
  }
  return m;
}

const pte = (m: Machine, page: number) => readEntry(m, TABLE0 + (page >> 4), page & 15);
const faultCount = (m: Machine) => wordAt(m, 0, FAULT_COUNT);
const bytesAt = (m: Machine, physical: number, n: number) => [
  ...m.memory.bytes.subarray(physical, physical + n)
];

/** The #PF frame at SS:SP: error code, then IP, CS, FLAGS of the faulting instruction. */
function pageFaultFrame(m: Machine) {
  const { ss, sp } = m.registers();
  return {
    error: wordAt(m, ss, sp),
    ip: wordAt(m, ss, sp + 2),
    cs: wordAt(m, ss, sp + 4),
    flags: wordAt(m, ss, sp + 6)
  };
}

const except = (regs: Registers, ...keys: (keyof Registers)[]) => {
  const copy: Partial<Registers> = { ...regs };
  for (const key of keys) delete copy[key];
  return copy;
};

describe('MOV CRn turns paging on and off [V 2.2.1] [V 2.2.4]', () => {
  it('MOV CR3, then MOV CR0 with PG: execution goes on through the identity map', () => {
    const m = pagedMachine({
      pagingOn: false,
      code: code(`
        B8 80 00          | 0100 mov ax, 0x0080
        0F 22 D8          | 0103 mov cr3, eax             ; CR3 := AX (a frame number)
        B8 00 80          | 0106 mov ax, 0x8000
        0F 22 C0          | 0109 mov cr0, eax             ; PG
        8B 1E 10 00       | 010C mov bx, [0x0010]
        01 DB             | 0110 add bx, bx
        89 1E 12 00       | 0112 mov [0x0012], bx
        0F 20 C1          | 0116 mov ecx, cr0
        0F 20 DA          | 0119 mov edx, cr3
        F4                | 011C
      `),
      memory: [[0x30010, [0x21, 0x43]]]
    });
    expect(m.bus.paging.enabled).toBe(false);
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ bx: 0x8642, cx: CR0_PG, dx: DIR, ip: 0x11d });
    expect(bytesAt(m, 0x30012, 2)).toEqual([0x42, 0x86]);
    expect(m.bus.paging.enabled).toBe(true);
    // The accesses went through the tables: A on the code page, A and D on the data page.
    expect(pte(m, 0x10) & (A | D)).toBe(A);
    expect(pte(m, 0x30) & (A | D)).toBe(A | D);
    expect(m.bus.paging.tlb.counters.misses).toBeGreaterThan(0);
  });

  it('MOV CR0 without PG turns paging off: linear addresses are physical again', () => {
    const m = pagedMachine({
      code: code(`
        8A 16 00 00       | 0100 mov dl, [0]              ; through the tables: frame 40h
        0F 20 C0          | 0104 mov eax, cr0
        25 FF 7F          | 0107 and ax, 0x7fff
        0F 22 C0          | 010A mov cr0, eax
        8A 1E 00 00       | 010D mov bl, [0]              ; physical 30000h
        F4                | hlt
      `),
      memory: [
        [0x30000, [0x11]],
        [0x40000, [0x22]]
      ]
    });
    setPte(m, TABLE0 + 3, 0x30000, 0x40, P | W); // linear page 30h → frame 40h
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 0, dx: 0x0022, bx: 0x0011 });
    expect(m.bus.paging.enabled).toBe(false);
  });

  it('a CR3 load switches address spaces and flushes the TLB [386 5.2.5]', () => {
    const m = pagedMachine({
      code: code(`
        8B 1E 00 00       | 0100 mov bx, [0]
        B8 A0 00          | 0104 mov ax, 0x00a0
        0F 22 D8          | 0107 mov cr3, eax
        8B 0E 00 00       | 010A mov cx, [0]
        0F 20 D8          | 010E mov eax, cr3
        F4                | hlt
      `),
      memory: [
        [0x30000, [0x11, 0x11]],
        [0x40000, [0x22, 0x22]]
      ]
    });
    // A second address space: directory A0h, its own tables from A1h, the same except page 30h → frame 40h.
    identityMap(m, 0xa0, 0xa1, 256);
    setPte(m, 0xa1 + 3, 0x30000, 0x40, P | W);
    m.step();
    m.step();
    m.step(); // mov cr3, eax
    expect(m.bus.paging.tlb.view().filter((e) => e.valid)).toEqual([]);
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 0x00a0, bx: 0x1111, cx: 0x2222 });
  });

  it('CR2 can be written and read back (16 bits)', () => {
    const m = pagedMachine({
      code: code(`
        B8 34 12          | 0100 mov ax, 0x1234
        0F 22 D0          | 0103 mov cr2, eax
        0F 20 D3          | 0106 mov ebx, cr2
        F4                | hlt
      `)
    });
    m.run(100);
    expect(m.registers().bx).toBe(0x1234);
    expect(m.cpu.cr2).toBe(0x1234);
  });

  it.each<[string, number[]]>([
    ['MOV CR1, r (0F 22 C8)', [0x0f, 0x22, 0xc8]],
    ['MOV r, CR1 (0F 20 C8)', [0x0f, 0x20, 0xc8]],
    ['MOV CR4, r (0F 22 E0)', [0x0f, 0x22, 0xe0]],
    ['MOV r, CR4 (0F 20 E0)', [0x0f, 0x20, 0xe0]],
    ['MOV CR7, r (0F 22 F8)', [0x0f, 0x22, 0xf8]],
    ['INVLPG with a register operand (0F 01 F8)', [0x0f, 0x01, 0xf8]]
  ])('%s is #UD: INT 6 with the address of the instruction [V 2.2.3]', (_, code) => {
    const m = pagedMachine({ code: [...code, HLT] });
    m.memory.load(6 * 4, [0x00, 0x01, 0x00, 0x07]); // IVT[6] → 0700:0100
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 6, cause: 'exception' });
    const { ss, sp, cs, ip } = m.registers();
    expect([cs, ip]).toEqual([0x0700, 0x0100]);
    expect(wordAt(m, ss, sp)).toBe(0x0100);
    expect(sp).toBe(before.sp - 6);
    expect(m.cpu.cr0).toBe(CR0_PG);
  });
});

describe('SMSW reads the low word of CR0 [V 2.2.3]', () => {
  const program = code(`
    0F 01 E0          | 0100 smsw ax
    0F 01 26 10 00    | 0103 smsw [0x0010]
    F4                | hlt
  `);

  it('with paging on: 8000h, in a register and in memory', () => {
    const m = pagedMachine({ code: program });
    m.run(100);
    expect(m.registers().ax).toBe(CR0_PG);
    expect(wordAt(m, 0x3000, 0x10)).toBe(CR0_PG);
  });

  it('with paging off: 0000h', () => {
    const m = pagedMachine({ code: program, pagingOn: false, regs: { ax: 0xffff } });
    m.memory.load(0x30010, [0xff, 0xff]);
    m.run(100);
    expect(m.registers().ax).toBe(0);
    expect(wordAt(m, 0x3000, 0x10)).toBe(0);
  });
});

describe('#PF on the bare machine: CR2, the error code, the frame, IVT[14] [386 9.8.14] [V 2.2.2]', () => {
  it('a prefixed instruction faulting on a not-present page: the frame points at its first prefix', () => {
    const m = pagedMachine({
      code: [0x26, 0x8b, 0x80, 0x34, 0x12, HLT], // mov ax, [es:bx+si+0x1234]
      regs: { bx: 0x0100, si: 0x0000, flags: FLAGS_BASE | 0x0200 | 0x0001 }, // IF, CF
      notPresent: [0x51] // ES:1334h = 51334h
    });
    m.memory.load(14 * 4, [0x20, 0x00, 0x10, 0x03]); // IVT[14] → 0310:0020
    m.memory.load(linear(0x0310, 0x0020), PF_HANDLER);
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 14, cause: 'exception' });
    const after = m.registers();
    expect(m.cpu.cr2).toBe(0x51);
    expect(pageFaultFrame(m)).toEqual({ error: 0, ip: 0x0100, cs: 0x1000, flags: before.flags });
    expect(after.sp).toBe(before.sp - 8);
    expect([after.cs, after.ip]).toEqual([0x0310, 0x0020]);
    // IF and TF are cleared on entry, as for any interrupt; the rest of FLAGS is kept.
    expect(after.flags).toBe(before.flags & ~0x0200);
    expect(except(after, 'cs', 'ip', 'sp', 'flags')).toEqual(except(before, 'cs', 'ip', 'sp', 'flags'));
  });

  it.each<[string, number[], Omit<PagedSetup, 'code'>, number, number]>([
    // name, code, setup, CR2, error code (the bare machine never sets U/S: CPL 0)
    ['read, not present', [0xa0, 0x00, 0x00], { notPresent: [0x30] }, 0x30, 0],
    ['write, not present', [0xa2, 0x00, 0x10], { notPresent: [0x31] }, 0x31, 2],
    ['write, read-only page', [0xa2, 0x00, 0x20], { readOnly: [0x32] }, 0x32, 3],
    ['read of a read-only page: no fault', [0xa0, 0x00, 0x20], { readOnly: [0x32] }, -1, -1],
    [
      'fetch of a far jump target, not present',
      [0xea, 0x00, 0x00, 0x00, 0x60],
      { notPresent: [0x60] },
      0x60,
      0
    ],
    ['stack read (POP), not present', [0x58], { notPresent: [0x21], regs: { sp: 0x1000 } }, 0x21, 0],
    [
      'a word whose second byte is on a not-present page',
      [0xa1, 0xff, 0x0f],
      { notPresent: [0x31] },
      0x31,
      0
    ],
    ['a word whose second byte is on a read-only page', [0xa3, 0xff, 0x1f], { readOnly: [0x32] }, 0x32, 3],
    ['the page directory entry not present', [0xa0, 0x00, 0x00], {}, 0x30, 0]
  ])('%s', (name, code, setup, cr2, error) => {
    const m = pagedMachine({ ...setup, code: [...code, HLT] });
    if (name.startsWith('the page directory')) m.memory.load(DIR * 4096 + 3 * 4, [0, 0, 0, 0]);
    let result = m.step();
    // A far jump completes; the fault is on the fetch at its target, the next step.
    if (code[0] === 0xea) result = m.step();
    if (error < 0) {
      expect(result).toEqual({ kind: 'executed' });
      return;
    }
    expect(result).toEqual({ kind: 'interrupt', vector: 14, cause: 'exception' });
    expect(m.cpu.cr2).toBe(cr2);
    expect(pageFaultFrame(m).error).toBe(error);
    if (code[0] !== 0xea) expect(pageFaultFrame(m).ip).toBe(0x0100);
    else expect([pageFaultFrame(m).cs, pageFaultFrame(m).ip]).toEqual([0x6000, 0x0000]);
  });

  it('the handler maps the page, removes the error code, IRETs, and the instruction completes', () => {
    const m = pagedMachine({
      code: [0x8b, 0x1e, 0x00, 0x10, 0x0f, 0x20, 0xd1, HLT], // mov bx, [0x1000]; mov ecx, cr2; hlt
      notPresent: [0x31],
      memory: [[0x31000, [0xcd, 0xab]]]
    });
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ bx: 0xabcd, cx: 0x31, sp: 0x0100, cs: 0x1000, ip: 0x0108 });
    expect(faultCount(m)).toBe(1);
    expect(pte(m, 0x31) & (P | W | A)).toBe(P | W | A);
  });

  it('INT n whose handler’s page is not present: INT completes, the fault is on the handler’s first fetch', () => {
    const m = pagedMachine({
      code: [0xcd, 0x40, HLT], // int 0x40
      notPresent: [0x60],
      memory: [
        [0x40 * 4, [0x00, 0x00, 0x00, 0x60]], // IVT[40h] → 6000:0000
        [0x60000, [IRET]]
      ]
    });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 0x40, cause: 'software' });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 14, cause: 'exception' });
    expect(pageFaultFrame(m)).toMatchObject({ error: 0, ip: 0x0000, cs: 0x6000 });
    // Under the #PF frame, the INT frame: return to 1000:0102.
    const { ss, sp } = m.registers();
    expect([wordAt(m, ss, sp + 8), wordAt(m, ss, sp + 10)]).toEqual([0x0102, 0x1000]);
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ cs: 0x1000, ip: 0x0103, sp: 0x0100 });
    expect(faultCount(m)).toBe(1);
  });
});

describe('restartable instructions: a fault leaves the registers as before, the re-execution completes [386 9.8.14]', () => {
  interface RestartCase {
    name: string;
    code: number[];
    setup: Omit<PagedSetup, 'code'>;
    cr2: number;
    error: number;
    /** Registers at the fault that differ from before the instruction (a REP's completed iterations). */
    atFault?: Partial<Registers>;
    /** Memory that must be unchanged at the fault (a write abandoned before its first byte). */
    untouched?: [number, number][];
    /** Registers at HLT that differ from before (IP defaults to just past the HLT after the code). */
    after: Partial<Registers>;
    afterMemory?: [number, number[]][];
  }
  const AT_400 = [0x10400, [HLT]] as [number, number[]];
  const cases: RestartCase[] = [
    {
      name: 'PUSH word [mem], the operand on a not-present page',
      code: [0xff, 0x36, 0x00, 0x10],
      setup: { notPresent: [0x31], memory: [[0x31000, [0xcd, 0xab]]] },
      cr2: 0x31,
      error: 0,
      after: { sp: 0x00fe },
      afterMemory: [[0x200fe, [0xcd, 0xab]]]
    },
    {
      name: 'CALL [mem], the pointer on a not-present page',
      code: [0xff, 0x16, 0x00, 0x10],
      setup: { notPresent: [0x31], memory: [[0x31000, [0x00, 0x04]], AT_400] },
      cr2: 0x31,
      error: 0,
      after: { sp: 0x00fe, ip: 0x0401 },
      afterMemory: [[0x200fe, [0x04, 0x01]]]
    },
    {
      name: 'CALL FAR [mem], the segment half of the pointer on a not-present page',
      code: [0xff, 0x1e, 0xfe, 0x0f],
      setup: {
        notPresent: [0x31],
        memory: [[0x30ffe, [0x00, 0x04, 0x00, 0x10]], AT_400]
      },
      cr2: 0x31,
      error: 0,
      after: { sp: 0x00fc, ip: 0x0401 },
      afterMemory: [[0x200fc, [0x04, 0x01, 0x00, 0x10]]]
    },
    {
      name: 'IRET, the FLAGS word on a not-present page',
      code: [IRET],
      setup: {
        regs: { sp: 0x0ffc },
        notPresent: [0x21],
        memory: [[0x20ffc, [0x00, 0x04, 0x00, 0x10, 0xd5, 0x0c]], AT_400]
      },
      cr2: 0x21,
      error: 0,
      after: { sp: 0x1002, ip: 0x0401, flags: 0xfcd7 }
    },
    {
      name: 'RETF, the CS word on a not-present page',
      code: [0xcb],
      setup: {
        regs: { sp: 0x0ffe },
        notPresent: [0x21],
        memory: [[0x20ffe, [0x00, 0x04, 0x00, 0x10]], AT_400]
      },
      cr2: 0x21,
      error: 0,
      after: { sp: 0x1002, ip: 0x0401 }
    },
    {
      name: 'RETF 4, the CS word on a not-present page',
      code: [0xca, 0x04, 0x00],
      setup: {
        regs: { sp: 0x0ffe },
        notPresent: [0x21],
        memory: [[0x20ffe, [0x00, 0x04, 0x00, 0x10]], AT_400]
      },
      cr2: 0x21,
      error: 0,
      after: { sp: 0x1006, ip: 0x0401 }
    },
    {
      name: 'RET, the stack on a not-present page',
      code: [0xc3],
      setup: { regs: { sp: 0x1000 }, notPresent: [0x21], memory: [[0x21000, [0x00, 0x04]], AT_400] },
      cr2: 0x21,
      error: 0,
      after: { sp: 0x1002, ip: 0x0401 }
    },
    {
      name: 'POP AX, the stack on a not-present page',
      code: [0x58],
      setup: { regs: { sp: 0x1000, ax: 0x1111 }, notPresent: [0x21], memory: [[0x21000, [0xef, 0xbe]]] },
      cr2: 0x21,
      error: 0,
      after: { sp: 0x1002, ax: 0xbeef }
    },
    {
      name: 'POP word [mem], the destination on a not-present page (SP not yet moved)',
      code: [0x8f, 0x06, 0x00, 0x10],
      setup: { notPresent: [0x31], memory: [[0x20100, [0x78, 0x56]]] },
      cr2: 0x31,
      error: 2,
      after: { sp: 0x0102 },
      afterMemory: [[0x31000, [0x78, 0x56]]]
    },
    {
      name: 'LES BX, [mem], the segment half on a not-present page',
      code: [0xc4, 0x1e, 0xfe, 0x0f],
      setup: { regs: { bx: 0x1111 }, notPresent: [0x31], memory: [[0x30ffe, [0x34, 0x12, 0x78, 0x56]]] },
      cr2: 0x31,
      error: 0,
      after: { bx: 0x1234, es: 0x5678 }
    },
    {
      name: 'LDS SI, [mem], the segment half on a not-present page',
      code: [0xc5, 0x36, 0xfe, 0x0f],
      setup: { regs: { si: 0x1111 }, notPresent: [0x31], memory: [[0x30ffe, [0x34, 0x12, 0x78, 0x56]]] },
      cr2: 0x31,
      error: 0,
      after: { si: 0x1234, ds: 0x5678 }
    },
    {
      name: 'XCHG [mem], AX on a read-only page',
      code: [0x87, 0x06, 0x00, 0x20],
      setup: { regs: { ax: 0x2222 }, readOnly: [0x32], memory: [[0x32000, [0x11, 0x11]]] },
      cr2: 0x32,
      error: 3,
      untouched: [[0x32000, 0x11]],
      after: { ax: 0x1111 },
      afterMemory: [[0x32000, [0x22, 0x22]]]
    },
    {
      name: 'ADD [mem], AX on a read-only page: FLAGS as before',
      code: [0x01, 0x06, 0x00, 0x20],
      setup: { regs: { ax: 0x0001, flags: 0xf0d7 }, readOnly: [0x32], memory: [[0x32000, [0x34, 0x12]]] },
      cr2: 0x32,
      error: 3,
      untouched: [[0x32000, 0x34]],
      // 1234h + 1 = 1235h: CF ZF SF OF AF clear, PF set (35h has four 1 bits).
      after: { flags: 0xf006 },
      afterMemory: [[0x32000, [0x35, 0x12]]]
    },
    {
      name: 'MOV [mem], AX across into a read-only page: neither byte written',
      code: [0x89, 0x06, 0xff, 0x1f],
      setup: { regs: { ax: 0xbbaa }, readOnly: [0x32] },
      cr2: 0x32,
      error: 3,
      untouched: [
        [0x31fff, 0],
        [0x32000, 0]
      ],
      after: {},
      afterMemory: [[0x31fff, [0xaa, 0xbb]]]
    },
    {
      name: 'REP MOVSB, the destination running into a not-present page',
      code: [0xf3, 0xa4],
      setup: {
        regs: { si: 0x0000, di: 0x0ff0, cx: 0x20 },
        notPresent: [0x51],
        memory: [[0x30000, Array.from({ length: 0x20 }, (_, k) => k + 1)]]
      },
      cr2: 0x51,
      error: 2,
      atFault: { cx: 0x10, si: 0x10, di: 0x1000 },
      after: { cx: 0, si: 0x20, di: 0x1010 },
      afterMemory: [[0x50ff0, Array.from({ length: 0x20 }, (_, k) => k + 1)]]
    },
    {
      name: 'REP MOVSW, the source running into a not-present page',
      code: [0xf3, 0xa5],
      setup: {
        regs: { si: 0x0ff8, di: 0x0000, cx: 8 },
        notPresent: [0x31],
        memory: [[0x30ff8, Array.from({ length: 16 }, (_, k) => k + 1)]]
      },
      cr2: 0x31,
      error: 0,
      atFault: { cx: 4, si: 0x1000, di: 8 },
      after: { cx: 0, si: 0x1008, di: 0x10 },
      afterMemory: [[0x50000, Array.from({ length: 16 }, (_, k) => k + 1)]]
    },
    {
      name: 'ES: REP MOVSB (segment prefix first): restarted from the first prefix',
      code: [0x26, 0xf3, 0xa4],
      setup: {
        regs: { si: 0x0ffc, di: 0x0000, cx: 8 },
        notPresent: [0x51],
        memory: [[0x50ffc, [1, 2, 3, 4, 5, 6, 7, 8]]]
      },
      cr2: 0x51,
      error: 0,
      atFault: { cx: 4, si: 0x1000, di: 4 },
      after: { cx: 0, si: 0x1004, di: 8 },
      afterMemory: [[0x50000, [1, 2, 3, 4, 5, 6, 7, 8]]]
    },
    {
      name: 'REP STOSW, running into a not-present page',
      code: [0xf3, 0xab],
      setup: { regs: { ax: 0xa5a5, di: 0x0ff8, cx: 8 }, notPresent: [0x51] },
      cr2: 0x51,
      error: 2,
      atFault: { cx: 4, di: 0x1000 },
      after: { cx: 0, di: 0x1008 },
      afterMemory: [[0x50ff8, Array<number>(16).fill(0xa5)]]
    },
    {
      // [SDM REP]: for CMPS/SCAS "the EFLAGS value is restored to the state prior to the execution of the
      // instruction" when a fault interrupts it; the pushed FLAGS are those from before.
      name: 'REPE CMPSB, equal strings, the source running into a not-present page',
      code: [0xf3, 0xa6],
      setup: {
        regs: { si: 0x0ff0, di: 0x0000, cx: 0x20 },
        notPresent: [0x31],
        memory: [
          [0x30ff0, Array<number>(0x20).fill(0x41)],
          [0x50000, Array<number>(0x20).fill(0x41)]
        ]
      },
      cr2: 0x31,
      error: 0,
      atFault: { cx: 0x10, si: 0x1000, di: 0x10 },
      after: { cx: 0, si: 0x1010, di: 0x20, flags: FLAGS_BASE | 0x0040 | 0x0004 } // ZF PF
    }
  ];

  it.each(cases)('$name', (c) => {
    const m = pagedMachine({ code: [...c.code, HLT], ...c.setup });
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 14, cause: 'exception' });
    const at = m.registers();
    expect(m.cpu.cr2).toBe(c.cr2);
    expect(pageFaultFrame(m)).toEqual({ error: c.error, ip: 0x0100, cs: 0x1000, flags: before.flags });
    expect(at.sp).toBe(before.sp - 8);
    expect([at.cs, at.ip]).toEqual([HANDLER_CS, 0]);
    expect(except(at, 'cs', 'ip', 'sp', 'flags')).toEqual(
      except({ ...before, ...c.atFault }, 'cs', 'ip', 'sp', 'flags')
    );
    for (const [address, value] of c.untouched ?? []) expect(m.memory.bytes[address]).toBe(value);

    expect(m.run(10_000).stop).toBe('halt');
    expect(faultCount(m)).toBe(1);
    expect(m.registers()).toEqual({ ...before, ip: 0x100 + c.code.length + 1, ...c.after });
    for (const [address, bytes] of c.afterMemory ?? [])
      expect(bytesAt(m, address, bytes.length)).toEqual(bytes);
  });
});

describe('a fault while delivering #PF shuts the CPU down [386 9.9] [V 2.2.2]', () => {
  const cases: [string, PagedSetup][] = [
    ['the IVT page is not present', { code: [0xa0, 0x00, 0x10, HLT], notPresent: [0x00, 0x31] }],
    ['the stack page is not present (PUSH)', { code: [0x50, HLT], notPresent: [0x20] }],
    ['the stack page is read-only (PUSH)', { code: [0x50, HLT], readOnly: [0x20] }],
    ['the stack page is not present (INT 21h)', { code: [0xcd, 0x21, HLT], notPresent: [0x20] }],
    ['the stack page is not present (CALL)', { code: [0xe8, 0x00, 0x00, HLT], notPresent: [0x20] }]
  ];

  it.each(cases)('%s: run stops with "shutdown", registers as before the instruction', (_, setup) => {
    const m = pagedMachine(setup);
    const before = m.registers();
    const result = m.run(1000);
    expect(result.stop).toBe('shutdown');
    expect(m.cpu.shutdown).toBe(true);
    expect(m.registers()).toEqual(before);
  });

  it('a shut-down CPU stays down: run and an NMI do nothing; reset revives it', () => {
    const m = pagedMachine({ code: [0x50, HLT], notPresent: [0x20] });
    m.run(1000);
    const before = m.registers();
    expect(m.run(1000)).toEqual({ stop: 'shutdown', steps: 0, iterations: 0 });
    m.cpu.nmiPending = true;
    expect(m.run(1000).stop).toBe('shutdown');
    expect(m.registers()).toEqual(before);
    m.reset();
    expect(m.cpu.shutdown).toBe(false);
    expect(m.bus.paging.enabled).toBe(false);
  });

  it('Machine.step on a shut-down CPU does not report an executed instruction', () => {
    // Nothing ran: the StepResult must not say 'executed' (it has no 'shutdown' kind; 'halted' is the nearest).
    const m = pagedMachine({ code: [0x50, HLT], notPresent: [0x20] });
    expect(m.step()).toEqual({ kind: 'halted' });
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'halted' });
    expect(m.registers()).toEqual(before);
  });
});

describe('INVLPG and the TLB’s lack of coherence [386 5.2.5] [V 2.2.3]', () => {
  it('after a PTE change the stale translation is used until INVLPG', () => {
    // PTE of linear page 30h: table 84h (directory entry 3), entry 0 = physical 84000h = 8400:0000.
    const m = pagedMachine({
      code: code(`
        A0 00 00          | 0100 mov al, [0]              ; fills the TLB: frame 30h
        26 C7 06 00 00 03 00 | 0103 mov word [es:0], 0x0003  ; PTE := frame 40h | P | W
        26 C7 06 02 00 04 00 | 010A mov word [es:2], 0x0004
        8A 26 00 00       | 0111 mov ah, [0]              ; stale: still frame 30h
        0F 01 3E 00 00    | 0115 invlpg [0]
        8A 1E 00 00       | 011A mov bl, [0]              ; frame 40h
        F4                | hlt
      `),
      regs: { es: 0x8400 },
      memory: [
        [0x30000, [0x11]],
        [0x40000, [0x22]]
      ]
    });
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 0x1111, bx: 0x0022 });
  });

  it('INVLPG [es:di] drops the page of ES:DI (segment override honoured)', () => {
    const m = pagedMachine({
      code: [0x26, 0x0f, 0x01, 0x3d, HLT], // invlpg [es:di]
      regs: { es: 0x5000, di: 0x1234 }
    });
    const paging = m.bus.paging;
    m.bus.read8(0x51000);
    m.bus.read8(0x31000);
    m.step();
    expect(paging.tlb.find(0, 0x51)).toBe(-1);
    expect(paging.tlb.find(0, 0x31)).toBeGreaterThanOrEqual(0);
  });

  it('INVLPG with paging off does not fault and changes nothing visible', () => {
    const m = pagedMachine({ code: [0x0f, 0x01, 0x3e, 0x00, 0x00, HLT], pagingOn: false });
    expect(m.run(100).stop).toBe('halt');
    expect(m.registers().ip).toBe(0x0106);
  });
});

describe('code with paging on [V 2.2.2]', () => {
  it('self-modifying code through another linear alias of the same frame runs the new bytes', () => {
    const m = pagedMachine({
      code: code(`
        B9 02 00          | 0100 mov cx, 2
        40                | 0103 again: inc ax (becomes inc dx)
        26 C6 06 03 01 42    | 0104 mov byte [es:0x0103], 0x42
        E2 F7             | 010A loop again
        F4                | 010C
      `),
      regs: { es: 0x6000 }
    });
    // Linear page 60h is an alias of the code's frame 10h: ES:0103 and CS:0103 are the same byte.
    setPte(m, TABLE0 + 6, 0x60000, 0x10, P | W);
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 1, dx: 1, cx: 0 });
  });

  it('remapping a code page (PTE + INVLPG) runs the new frame’s code', () => {
    const m = pagedMachine({
      code: code(`
        E8 FD 0E          | 0100 call 0x1000              ; page 11h: frame 11h
        26 C7 06 04 00 03 10 | 0103 mov word [es:4], 0x1003  ; PTE of page 11h := frame 41h
        26 C7 06 06 00 04 00 | 010A mov word [es:6], 0x0004
        2E 0F 01 3E 00 10    | 0111 invlpg [cs:0x1000]
        E8 E6 0E          | 0117 call 0x1000              ; now frame 41h
        F4                | 011A
      `),
      regs: { es: 0x8200 }, // the table of directory entry 1 (frame 82h)
      memory: [
        [0x11000, [0xb8, 0x01, 0x00, 0xc3]], // mov ax, 1; ret
        [0x41000, [0xbb, 0x02, 0x00, 0xc3]] // mov bx, 2; ret
      ]
    });
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 1, bx: 2, ip: 0x011b });
  });

  it.each<[string, string, { ax: number; bx: number }]>([
    ['with INVLPG, the second pass runs the new frame', '2E 0F 01 3E 00 10', { ax: 1, bx: 1 }],
    ['without INVLPG, the TLB keeps the old frame (as on a 386)', '90 90 90 90 90 90', { ax: 2, bx: 0 }]
  ])('a loop calling into a code page remapped between passes: %s', (_, invlpg, expected) => {
    // The same CALL instruction runs twice: a link remembered from the first pass must not bypass the
    // translation of the second.
    const m = pagedMachine({
      code: code(`
        B9 02 00              | 0100 mov cx, 2
        E8 FA 0E              | 0103 again: call 0x1000
        26 C7 06 04 00 03 10  | 0106 mov word [es:4], 0x1003    ; PTE of page 11h := frame 41h
        26 C7 06 06 00 04 00  | 010D mov word [es:6], 0x0004
        ${invlpg}     | 0114 invlpg [cs:0x1000], or 6 NOPs
        E2 E7                 | 011A loop again
        F4                    | 011C hlt
      `),
      regs: { es: 0x8200 },
      memory: [
        [0x11000, [0x40, 0xc3]], // inc ax; ret
        [0x41000, [0x43, 0xc3]] // inc bx; ret
      ]
    });
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ...expected, cx: 0, ip: 0x011d });
  });

  it('a loop calling into a code page made not present between passes: the second call’s fetch faults', () => {
    const m = pagedMachine({
      code: code(`
        B9 02 00              | 0100 mov cx, 2
        E8 FA 0E              | 0103 again: call 0x1000
        26 C7 06 04 00 02 10  | 0106 mov word [es:4], 0x1002    ; PTE of page 11h := frame 11h, not present
        26 C7 06 06 00 01 00  | 010D mov word [es:6], 0x0001
        2E 0F 01 3E 00 10     | 0114 invlpg [cs:0x1000]
        E2 E7                 | 011A loop again
        F4                    | 011C hlt
      `),
      regs: { es: 0x8200 },
      memory: [[0x11000, [0x40, 0xc3]]] // inc ax; ret
    });
    expect(m.run(1000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 2, cx: 0, ip: 0x011d });
    expect(faultCount(m)).toBe(1);
    expect(m.cpu.cr2).toBe(0x11);
  });

  it('a loop runs the same with paging on as off (decoded instructions are reused safely)', () => {
    // sum = 1 + 2 + ... + 100 with the running sum kept in memory.
    const program = code(`
      B9 64 00          | mov cx, 100
      01 0E 00 00       | again: add [0], cx
      E2 FA             | loop again
      A1 00 00          | mov ax, [0]
      F4                | hlt
    `);
    const results = [false, true].map((pagingOn) => {
      const m = pagedMachine({ code: program, pagingOn });
      expect(m.run(10_000).stop).toBe('halt');
      return m.registers();
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[1].ax).toBe(5050);
  });
});
