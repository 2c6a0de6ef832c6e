// MOVSB / MOVSW, which the hardware-captured suite lacks (../shared/conformance/README.md: A4/A5 missing).
// Expected states are worked out by hand from the manuals' pseudo-code, never by running the emulator:
//
//   MOVS (Intel 8086 Family User's Manual, "MOVS"; SDM vol. 2, "MOVS/MOVSB/MOVSW"):
//     DEST ← SRC            DEST = ES:DI (no override possible), SRC = DS:SI (a segment prefix replaces DS)
//     if DF = 0 then SI ← SI + size; DI ← DI + size
//               else SI ← SI − size; DI ← DI − size        (16-bit registers: FFFFh + 1 = 0000h)
//   REP (and REPNE, which the 8086 treats alike for MOVS; only CMPS/SCAS look at ZF):
//     while CX ≠ 0 { string operation; CX ← CX − 1 }      (CX is tested before each iteration)
//
// Addresses are segment * 16 + offset with the offset wrapping at 64 KiB (a word at offset FFFFh takes its
// high byte from offset 0000h of the same segment) and the sum wrapping at 1 MiB (the 8086 has 20 address
// lines: FFFF:0010 is physical 00000h). Every case also checks that no other byte of memory changed.
import { describe, expect, it } from 'vitest';
import type { Registers } from '$lib/emu';
import { FLAGS_BASE, hex, machineWith } from './harness';

const DF = 0x400;
const ZF = 0x40;

// Segments: code at 0800:0100 (physical 08100h), DS = 2000h, ES = 3000h, SS = 4000h.
const BASE: Partial<Registers> = { cs: 0x0800, ip: 0x0100, ds: 0x2000, es: 0x3000, ss: 0x4000, sp: 0x0100 };
const D = (offset: number) => 0x20000 + offset; // physical address of DS:offset
const E = (offset: number) => 0x30000 + offset; // physical address of ES:offset
const S = (offset: number) => 0x40000 + offset; // physical address of SS:offset
const C = (offset: number) => 0x08000 + offset; // physical address of CS:offset

/** n bytes counting up from `first` (data whose every byte differs from its neighbours). */
const run = (first: number, n: number): number[] => Array.from({ length: n }, (_, k) => first + k);
const repeat = (bytes: number[], times: number): number[] =>
  Array.from({ length: times }, () => bytes).flat();

interface MovsCase {
  name: string;
  code: number[];
  regs: Partial<Registers>;
  /** Initial memory: [physical address, bytes]. */
  memory: [number, number[]][];
  /** Registers that change (IP always does); the rest must keep their values. */
  after: Partial<Registers>;
  /** Bytes expected afterwards at these physical addresses; every other byte must be unchanged. */
  writes: [number, number[]][];
}

const CASES: MovsCase[] = [
  // ---- one element, both directions, both sizes ----
  {
    name: 'MOVSB, DF=0: ES:DI ← DS:SI, SI and DI +1',
    code: [0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 7 },
    memory: [[D(0x10), [0x5a]]],
    after: { si: 0x0011, di: 0x0021, ip: 0x0101 },
    writes: [[E(0x20), [0x5a]]]
  },
  {
    name: 'MOVSB, DF=1: SI and DI −1',
    code: [0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 7, flags: FLAGS_BASE | DF },
    memory: [[D(0x10), [0x5a]]],
    after: { si: 0x000f, di: 0x001f, ip: 0x0101 },
    writes: [[E(0x20), [0x5a]]]
  },
  {
    name: 'MOVSW, DF=0: SI and DI +2',
    code: [0xa5],
    regs: { si: 0x0010, di: 0x0020 },
    memory: [[D(0x10), [0x34, 0x12]]],
    after: { si: 0x0012, di: 0x0022, ip: 0x0101 },
    writes: [[E(0x20), [0x34, 0x12]]]
  },
  {
    name: 'MOVSW, DF=1: SI and DI −2',
    code: [0xa5],
    regs: { si: 0x0010, di: 0x0020, flags: FLAGS_BASE | DF },
    memory: [[D(0x10), [0x34, 0x12]]],
    after: { si: 0x000e, di: 0x001e, ip: 0x0101 },
    writes: [[E(0x20), [0x34, 0x12]]]
  },

  // ---- segment override on the source; the destination stays ES:DI ----
  {
    name: 'ES: MOVSB (26 A4) reads ES:SI',
    code: [0x26, 0xa4],
    regs: { si: 0x0100, di: 0x0020 },
    memory: [
      [D(0x100), [0x11]],
      [E(0x100), [0x77]]
    ],
    after: { si: 0x0101, di: 0x0021, ip: 0x0102 },
    writes: [[E(0x20), [0x77]]]
  },
  {
    name: 'CS: MOVSB (2E A4) reads CS:SI and still writes ES:DI (not CS:DI)',
    code: [0x2e, 0xa4],
    regs: { si: 0x0200, di: 0x0020 },
    memory: [
      [D(0x200), [0x11]],
      [C(0x200), [0x66]]
    ],
    after: { si: 0x0201, di: 0x0021, ip: 0x0102 },
    writes: [[E(0x20), [0x66]]]
  },
  {
    name: 'SS: MOVSW (36 A5) reads SS:SI and still writes ES:DI (not SS:DI)',
    code: [0x36, 0xa5],
    regs: { si: 0x0010, di: 0x0020 },
    memory: [
      [D(0x10), [0x11, 0x22]],
      [S(0x10), [0xcd, 0xab]]
    ],
    after: { si: 0x0012, di: 0x0022, ip: 0x0102 },
    writes: [[E(0x20), [0xcd, 0xab]]]
  },
  {
    name: 'DS: MOVSB (3E A4) reads DS:SI',
    code: [0x3e, 0xa4],
    regs: { si: 0x0010, di: 0x0020 },
    memory: [
      [D(0x10), [0x5a]],
      [E(0x10), [0x11]]
    ],
    after: { si: 0x0011, di: 0x0021, ip: 0x0102 },
    writes: [[E(0x20), [0x5a]]]
  },

  // ---- REP ----
  {
    name: 'REP MOVSB with CX=0 moves nothing; IP goes past the instruction',
    code: [0xf3, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 0 },
    memory: [[D(0x10), [0x5a]]],
    after: { ip: 0x0102 },
    writes: []
  },
  {
    name: 'REP MOVSB with CX=1 moves one byte',
    code: [0xf3, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 1 },
    memory: [[D(0x10), [0x5a, 0x5b]]],
    after: { si: 0x0011, di: 0x0021, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [0x5a]]]
  },
  {
    name: 'REP MOVSB, CX=5, DF=0',
    code: [0xf3, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 5 },
    memory: [[D(0x10), [1, 2, 3, 4, 5, 0x99]]],
    after: { si: 0x0015, di: 0x0025, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [1, 2, 3, 4, 5]]]
  },
  {
    name: 'REP MOVSB, CX=5, DF=1 (from SI=14h down to 10h)',
    code: [0xf3, 0xa4],
    regs: { si: 0x0014, di: 0x0024, cx: 5, flags: FLAGS_BASE | DF },
    memory: [[D(0x0f), [0x99, 1, 2, 3, 4, 5]]],
    after: { si: 0x000f, di: 0x001f, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [1, 2, 3, 4, 5]]]
  },
  {
    name: 'REP MOVSW, CX=3, DF=0',
    code: [0xf3, 0xa5],
    regs: { si: 0x0010, di: 0x0020, cx: 3 },
    memory: [[D(0x10), [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x99]]],
    after: { si: 0x0016, di: 0x0026, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [0x11, 0x22, 0x33, 0x44, 0x55, 0x66]]]
  },
  {
    name: 'REP MOVSW, CX=3, DF=1 (words at 14h, 12h, 10h)',
    code: [0xf3, 0xa5],
    regs: { si: 0x0014, di: 0x0024, cx: 3, flags: FLAGS_BASE | DF },
    memory: [[D(0x0e), [0x98, 0x99, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]]],
    after: { si: 0x000e, di: 0x001e, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [0x11, 0x22, 0x33, 0x44, 0x55, 0x66]]]
  },
  {
    name: 'REP MOVSB, CX=40 (28h), DF=0',
    code: [0xf3, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 40 },
    memory: [[D(0x10), run(1, 41)]],
    after: { si: 0x0038, di: 0x0048, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), run(1, 40)]]
  },
  {
    name: 'REP MOVSW, CX=40 (28h), DF=1 (words at 5Eh down to 10h)',
    code: [0xf3, 0xa5],
    regs: { si: 0x005e, di: 0x006e, cx: 40, flags: FLAGS_BASE | DF },
    memory: [[D(0x0e), [0xfe, 0xff, ...run(1, 80)]]],
    after: { si: 0x000e, di: 0x001e, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), run(1, 80)]]
  },
  {
    name: 'REPNE (F2) MOVSB repeats like REP, whatever ZF (ZF=1)',
    code: [0xf2, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 3, flags: FLAGS_BASE | ZF },
    memory: [[D(0x10), [1, 2, 3, 4]]],
    after: { si: 0x0013, di: 0x0023, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [1, 2, 3]]]
  },
  {
    name: 'REP (F3) MOVSB repeats until CX=0 whatever ZF (ZF=0)',
    code: [0xf3, 0xa4],
    regs: { si: 0x0010, di: 0x0020, cx: 3 },
    memory: [[D(0x10), [1, 2, 3, 4]]],
    after: { si: 0x0013, di: 0x0023, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), [1, 2, 3]]]
  },
  {
    name: 'REP ES: MOVSB (F3 26 A4)',
    code: [0xf3, 0x26, 0xa4],
    regs: { si: 0x0100, di: 0x0020, cx: 3 },
    memory: [
      [D(0x100), [0x11, 0x11, 0x11]],
      [E(0x100), [7, 8, 9]]
    ],
    after: { si: 0x0103, di: 0x0023, cx: 0, ip: 0x0103 },
    writes: [[E(0x20), [7, 8, 9]]]
  },
  {
    name: 'ES: REP MOVSB (26 F3 A4): prefixes in either order',
    code: [0x26, 0xf3, 0xa4],
    regs: { si: 0x0100, di: 0x0020, cx: 3 },
    memory: [
      [D(0x100), [0x11, 0x11, 0x11]],
      [E(0x100), [7, 8, 9]]
    ],
    after: { si: 0x0103, di: 0x0023, cx: 0, ip: 0x0103 },
    writes: [[E(0x20), [7, 8, 9]]]
  },

  // ---- 64 KiB offset wrap ----
  {
    name: 'MOVSB at SI=DI=FFFFh: both wrap to 0000h',
    code: [0xa4],
    regs: { si: 0xffff, di: 0xffff },
    memory: [[D(0xffff), [0x5a]]],
    after: { si: 0x0000, di: 0x0000, ip: 0x0101 },
    writes: [[E(0xffff), [0x5a]]]
  },
  {
    name: 'MOVSB, DF=1, at SI=DI=0000h: both wrap to FFFFh',
    code: [0xa4],
    regs: { si: 0x0000, di: 0x0000, flags: FLAGS_BASE | DF },
    memory: [[D(0x0000), [0x5a]]],
    after: { si: 0xffff, di: 0xffff, ip: 0x0101 },
    writes: [[E(0x0000), [0x5a]]]
  },
  {
    name: 'REP MOVSB, CX=3, from FFFEh: the third byte is at offset 0000h of the same segments',
    code: [0xf3, 0xa4],
    regs: { si: 0xfffe, di: 0xfffe, cx: 3 },
    memory: [
      [D(0xfffe), [1, 2]],
      [D(0x0000), [3]]
    ],
    after: { si: 0x0001, di: 0x0001, cx: 0, ip: 0x0102 },
    writes: [
      [E(0xfffe), [1, 2]],
      [E(0x0000), [3]]
    ]
  },
  {
    name: 'REP MOVSB, CX=20, from FFF8h: 8 bytes below the wrap, 12 after it',
    code: [0xf3, 0xa4],
    regs: { si: 0xfff8, di: 0xfff8, cx: 20 },
    memory: [
      [D(0xfff8), run(1, 8)],
      [D(0x0000), run(9, 12)]
    ],
    after: { si: 0x000c, di: 0x000c, cx: 0, ip: 0x0102 },
    writes: [
      [E(0xfff8), run(1, 8)],
      [E(0x0000), run(9, 12)]
    ]
  },
  {
    name: 'REP MOVSB, CX=20, DF=1, from 0002h: offsets 2, 1, 0, FFFFh … FFEFh',
    code: [0xf3, 0xa4],
    regs: { si: 0x0002, di: 0x0002, cx: 20, flags: FLAGS_BASE | DF },
    memory: [
      [D(0x0000), [1, 2, 3]],
      [D(0xffef), run(0x31, 17)]
    ],
    after: { si: 0xffee, di: 0xffee, cx: 0, ip: 0x0102 },
    writes: [
      [E(0x0000), [1, 2, 3]],
      [E(0xffef), run(0x31, 17)]
    ]
  },
  {
    name: 'MOVSW at SI=FFFFh: the high byte comes from DS:0000h',
    code: [0xa5],
    regs: { si: 0xffff, di: 0x0020 },
    memory: [
      [D(0xffff), [0x34]],
      [D(0x0000), [0x12]],
      [E(0x0000), [0x99]] // physical DS:FFFFh + 1, where a missing offset wrap would read
    ],
    after: { si: 0x0001, di: 0x0022, ip: 0x0101 },
    writes: [[E(0x20), [0x34, 0x12]]]
  },
  {
    name: 'MOVSW at DI=FFFFh: the high byte goes to ES:0000h',
    code: [0xa5],
    regs: { si: 0x0010, di: 0xffff },
    memory: [[D(0x10), [0x34, 0x12]]],
    after: { si: 0x0012, di: 0x0001, ip: 0x0101 },
    writes: [
      [E(0xffff), [0x34]],
      [E(0x0000), [0x12]]
    ]
  },
  {
    name: 'REP MOVSW, CX=3, DI=FFFDh: the middle word straddles ES:FFFFh / ES:0000h',
    code: [0xf3, 0xa5],
    regs: { si: 0x0010, di: 0xfffd, cx: 3 },
    memory: [[D(0x10), run(1, 6)]],
    after: { si: 0x0016, di: 0x0003, cx: 0, ip: 0x0102 },
    writes: [
      [E(0xfffd), [1, 2, 3]],
      [E(0x0000), [4, 5, 6]]
    ]
  },

  // ---- overlapping copies: element by element, each read before its write (not memmove) ----
  {
    name: 'REP MOVSB, DI = SI + 1, CX=5: replicates the first byte',
    code: [0xf3, 0xa4],
    regs: { ds: 0x3000, si: 0x0020, di: 0x0021, cx: 5 },
    memory: [[E(0x20), [0xab, 1, 2, 3, 4, 5, 6]]],
    after: { si: 0x0025, di: 0x0026, cx: 0, ip: 0x0102 },
    writes: [[E(0x21), repeat([0xab], 5)]]
  },
  {
    name: 'REP MOVSB, DI = SI + 1, CX=40: replicates the first byte',
    code: [0xf3, 0xa4],
    regs: { ds: 0x3000, si: 0x0020, di: 0x0021, cx: 40 },
    memory: [[E(0x20), [0xab, ...run(1, 41)]]],
    after: { si: 0x0048, di: 0x0049, cx: 0, ip: 0x0102 },
    writes: [[E(0x21), repeat([0xab], 40)]]
  },
  {
    name: 'REP MOVSW, DI = SI + 2, CX=20: replicates the first word',
    code: [0xf3, 0xa5],
    regs: { ds: 0x3000, si: 0x0020, di: 0x0022, cx: 20 },
    memory: [[E(0x20), [0xcd, 0xab, ...run(1, 42)]]],
    after: { si: 0x0048, di: 0x004a, cx: 0, ip: 0x0102 },
    writes: [[E(0x22), repeat([0xcd, 0xab], 20)]]
  },
  {
    // Element k reads the word at SI+2k (bytes already rewritten by element k−1) and writes DI+2k = SI+2k+1:
    // with bytes 1, 2, 3, … the result is 1 1 2 2 4 4 6 6 … 38 38 40, then 42 untouched.
    name: 'REP MOVSW, DI = SI + 1, CX=20: each word read after the previous one was written',
    code: [0xf3, 0xa5],
    regs: { ds: 0x3000, si: 0x0020, di: 0x0021, cx: 20 },
    memory: [[E(0x20), run(1, 42)]],
    after: { si: 0x0048, di: 0x0049, cx: 0, ip: 0x0102 },
    writes: [
      [
        E(0x21),
        [
          1,
          2,
          2,
          ...[4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38].flatMap((v) => [v, v]),
          40
        ]
      ]
    ]
  },
  {
    name: 'REP MOVSB, DF=1, DI = SI − 1, CX=30: replicates the byte at SI downwards',
    code: [0xf3, 0xa4],
    regs: { ds: 0x3000, si: 0x0040, di: 0x003f, cx: 30, flags: FLAGS_BASE | DF },
    memory: [[E(0x21), [...run(1, 31), 0xab]]],
    after: { si: 0x0022, di: 0x0021, cx: 0, ip: 0x0102 },
    writes: [[E(0x22), repeat([0xab], 30)]]
  },
  {
    name: 'REP MOVSB, DI = SI − 1 (DF=0), CX=40: a plain shift down by one',
    code: [0xf3, 0xa4],
    regs: { ds: 0x3000, si: 0x0021, di: 0x0020, cx: 40 },
    memory: [[E(0x20), [0xab, ...run(1, 41)]]],
    after: { si: 0x0049, di: 0x0048, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), run(1, 40)]]
  },

  // ---- 1 MiB wrap of the physical address ----
  {
    name: 'MOVSB from FFFF:0010h reads physical 00000h',
    code: [0xa4],
    regs: { ds: 0xffff, si: 0x0010, di: 0x0020 },
    memory: [
      [0x00000, [0x5a]],
      [0x100000, [0x11]] // installed (4 MiB machine), but the 8086 cannot address it
    ],
    after: { si: 0x0011, di: 0x0021, ip: 0x0101 },
    writes: [[E(0x20), [0x5a]]]
  },
  {
    name: 'MOVSB to FFFF:0030h writes physical 00020h',
    code: [0xa4],
    regs: { es: 0xffff, si: 0x0010, di: 0x0030 },
    memory: [[D(0x10), [0x5a]]],
    after: { si: 0x0011, di: 0x0031, ip: 0x0101 },
    writes: [[0x00020, [0x5a]]]
  },
  {
    name: 'REP MOVSB, CX=20, source FFFF:0008h: 8 bytes below 1 MiB, then physical 00000h',
    code: [0xf3, 0xa4],
    regs: { ds: 0xffff, si: 0x0008, di: 0x0020, cx: 20 },
    memory: [
      [0xffff8, run(1, 8)],
      [0x00000, run(9, 12)],
      [0x100000, repeat([0xee], 12)]
    ],
    after: { si: 0x001c, di: 0x0034, cx: 0, ip: 0x0102 },
    writes: [[E(0x20), run(1, 20)]]
  },
  {
    name: 'REP MOVSW, CX=10, destination FFFF:0008h: 8 bytes below 1 MiB, then physical 00000h',
    code: [0xf3, 0xa5],
    regs: { es: 0xffff, si: 0x0010, di: 0x0008, cx: 10 },
    memory: [[D(0x10), run(1, 20)]],
    after: { si: 0x0024, di: 0x001c, cx: 0, ip: 0x0102 },
    writes: [
      [0xffff8, run(1, 8)],
      [0x00000, run(9, 12)]
    ]
  }
];

describe('MOVSB / MOVSW (from the manual pseudo-code)', () => {
  it.each(CASES)('$name', ({ code, regs, memory, after, writes }) => {
    const m = machineWith({ code, regs: { ...BASE, ...regs }, memory });
    const initial = m.registers();
    const expectedMemory = m.memory.bytes.slice();
    for (const [address, bytes] of writes) expectedMemory.set(bytes, address);

    expect(m.step()).toEqual({ kind: 'executed' });

    expect(m.registers()).toEqual({ ...initial, ...after });
    const actual = m.memory.bytes;
    const differences: string[] = [];
    for (let address = 0; address < actual.length && differences.length < 8; address++) {
      if (actual[address] !== expectedMemory[address]) {
        differences.push(
          `${hex(address, 6)}: expected ${hex(expectedMemory[address], 2)}, got ${hex(actual[address], 2)}`
        );
      }
    }
    expect(differences).toEqual([]);
  });
});

// The benchmark contract (../shared/bench/README.md, "Counting"): a REP instruction is one step, each of its
// iterations one effective instruction, and a REP with CX = 0 counts one.
describe('REP MOVS counting in run()', () => {
  it.each([
    { cx: 0, iterations: 1 },
    { cx: 1, iterations: 1 },
    { cx: 5, iterations: 5 },
    { cx: 100, iterations: 100 }
  ])('REP MOVSB with CX=$cx: 1 step, $iterations effective instructions', ({ cx, iterations }) => {
    const m = machineWith({ code: [0xf3, 0xa4], regs: { ...BASE, cx, si: 0x10, di: 0x20 } });
    expect(m.run(1_000, { maxSteps: 1 })).toEqual({ stop: 'max-steps', steps: 1, iterations });
    expect(m.registers()).toMatchObject({ cx: 0, ip: 0x0102 });
  });
});

// String instructions that overwrite code the CPU has already decoded (and linked to the instruction before it):
// the next pass must run the new bytes. Code at 0800:0100h: REP STOSB / REP MOVSB writing over the NOPs that
// follow it, then HLT. The first pass writes NOPs over NOPs, the second writes INC AX (40h) over them.
describe('REP STOS / MOVS over code that has already run', () => {
  it.each([
    { name: 'REP STOSB, CX=3', code: [0xf3, 0xaa], count: 3 },
    { name: 'REP STOSB, CX=20', code: [0xf3, 0xaa], count: 20 },
    { name: 'REP MOVSB, CX=3', code: [0xf3, 0xa4], count: 3 },
    { name: 'REP MOVSB, CX=20', code: [0xf3, 0xa4], count: 20 }
  ])('$name: the second pass runs the bytes it wrote', ({ code, count }) => {
    const NOP = 0x90;
    const INC_AX = 0x40;
    const HLT = 0xf4;
    const m = machineWith({
      code: [...code, ...repeat([NOP], count), HLT],
      regs: { ...BASE, es: 0x0800 },
      memory: [
        [D(0x10), repeat([NOP], count)],
        [D(0x40), repeat([INC_AX], count)]
      ]
    });
    const pass = (fill: number, source: number) => {
      m.cpu.halted = false;
      m.setRegisters({ ip: 0x0100, cx: count, di: 0x0102, si: source, ax: fill });
      expect(m.run(1_000).stop).toBe('halt');
      return m.registers();
    };
    expect(pass(NOP, 0x10)).toMatchObject({ ax: NOP, ip: 0x0103 + count });
    // AX starts at 40h (the STOSB fill byte) and each of the new INC AX adds one.
    expect(pass(INC_AX, 0x40)).toMatchObject({ ax: INC_AX + count, ip: 0x0103 + count });
  });
});
