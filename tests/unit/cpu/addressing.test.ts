// Addressing on the 8086 (Intel 8086 Family User's Manual, "Memory Segmentation" and table 2-2 / 4-10):
// physical = segment * 16 + offset; offsets are 16-bit and wrap at 64 KiB (a word at offset FFFFh takes its high
// byte from offset 0000h of the same segment; SP and IP wrap the same way); the sum wraps at 1 MiB (20 address
// lines: FFFF:0010 is 00000h). ModRM memory operands use SS when BP is the base, DS otherwise, except
// mod = 00, r/m = 110, which is a direct [disp16] in DS; a segment prefix replaces the default. Then the I/O
// space: ports nobody claims read FFh; a registered device sees OUT writes and answers IN.
import { describe, expect, it } from 'vitest';
import type { IoDevice, Machine, Registers } from '$lib/emu';
import { DEFAULT_REGS, byteAt, linear, machineWith } from './harness';

// harness.ts DEFAULT_REGS: code at CS = 1000h (IP 0100h), SS = 2000h, DS = 3000h, ES = 5000h.
const D = (offset: number) => linear(DEFAULT_REGS.ds, offset);
const S = (offset: number) => linear(DEFAULT_REGS.ss, offset);

interface MemoryCase {
  name: string;
  code: number[];
  regs?: Partial<Registers>;
  memory?: [number, number[]][];
  /** Registers after one step (IP included). */
  after: Partial<Registers>;
  /** Bytes expected afterwards at physical addresses (decoys included, to show they were not touched). */
  bytes?: [number, number][];
}

function runCase({ code, regs, memory, after, bytes }: MemoryCase): Machine {
  const m = machineWith({ code, regs, memory });
  expect(m.step()).toEqual({ kind: 'executed' });
  expect(m.registers()).toMatchObject(after);
  for (const [address, value] of bytes ?? [])
    expect([address, m.memory.bytes[address]]).toEqual([address, value]);
  return m;
}

describe('64 KiB offset wrap of word operands', () => {
  const DECOY = 0x99; // at DS:FFFFh + 1 as a flat address, where a missing wrap would read or write
  const CASES: MemoryCase[] = [
    {
      name: 'MOV AX, [FFFFh] (A1 FF FF) reads DS:FFFFh and DS:0000h',
      code: [0xa1, 0xff, 0xff],
      memory: [
        [D(0xffff), [0x34]],
        [D(0x0000), [0x12]],
        [D(0xffff) + 1, [DECOY]]
      ],
      after: { ax: 0x1234, ip: 0x0103 }
    },
    {
      name: 'MOV AX, [FFFFh] in ModRM form (8B 06 FF FF)',
      code: [0x8b, 0x06, 0xff, 0xff],
      memory: [
        [D(0xffff), [0x34]],
        [D(0x0000), [0x12]],
        [D(0xffff) + 1, [DECOY]]
      ],
      after: { ax: 0x1234, ip: 0x0104 }
    },
    {
      name: 'MOV AX, [BX+SI] with BX+SI = FFFFh (8B 00)',
      code: [0x8b, 0x00],
      regs: { bx: 0xfff0, si: 0x000f },
      memory: [
        [D(0xffff), [0x34]],
        [D(0x0000), [0x12]],
        [D(0xffff) + 1, [DECOY]]
      ],
      after: { ax: 0x1234, ip: 0x0102 }
    },
    {
      name: 'MOV AX, [BX+SI] with BX+SI = 10001h: the effective address is 0001h',
      code: [0x8b, 0x00],
      regs: { bx: 0xffff, si: 0x0002 },
      memory: [
        [D(0x0001), [0x78, 0x56]],
        [D(0x10001), [DECOY, DECOY]]
      ],
      after: { ax: 0x5678, ip: 0x0102 }
    },
    {
      name: 'MOV AX, [BP+DI−4] with BP=2, DI=0: SS:FFFEh',
      code: [0x8b, 0x43, 0xfc],
      regs: { bp: 0x0002, di: 0x0000 },
      memory: [[S(0xfffe), [0xcd, 0xab]]],
      after: { ax: 0xabcd, ip: 0x0103 }
    },
    {
      name: 'MOV [FFFFh], AX (A3 FF FF) writes DS:FFFFh and DS:0000h',
      code: [0xa3, 0xff, 0xff],
      regs: { ax: 0xbeef },
      memory: [[D(0xffff) + 1, [DECOY]]],
      after: { ip: 0x0103 },
      bytes: [
        [D(0xffff), 0xef],
        [D(0x0000), 0xbe],
        [D(0xffff) + 1, DECOY]
      ]
    },
    {
      name: 'INC word [FFFFh] (FF 06 FF FF): read-modify-write across the wrap',
      code: [0xff, 0x06, 0xff, 0xff],
      memory: [
        [D(0xffff), [0xff]],
        [D(0x0000), [0x12]],
        [D(0xffff) + 1, [DECOY]]
      ],
      after: { ip: 0x0104 },
      bytes: [
        [D(0xffff), 0x00],
        [D(0x0000), 0x13],
        [D(0xffff) + 1, DECOY]
      ]
    },
    {
      name: 'LES BX, [FFFEh] (C4 1E FE FF): the segment word is at DS:0000h',
      code: [0xc4, 0x1e, 0xfe, 0xff],
      memory: [
        [D(0xfffe), [0x34, 0x12]],
        [D(0x0000), [0x78, 0x56]],
        [D(0xffff) + 1, [DECOY, DECOY]]
      ],
      after: { bx: 0x1234, es: 0x5678, ip: 0x0104 }
    }
  ];
  it.each(CASES)('$name', (testCase) => {
    runCase(testCase);
  });
});

describe('stack pointer wrap', () => {
  const CASES: MemoryCase[] = [
    {
      name: 'PUSH AX with SP=0000h writes SS:FFFEh–FFFFh',
      code: [0x50],
      regs: { sp: 0x0000, ax: 0x1234 },
      after: { sp: 0xfffe, ip: 0x0101 },
      bytes: [
        [S(0xfffe), 0x34],
        [S(0xffff), 0x12],
        [S(0xffff) + 1, 0x00]
      ]
    },
    {
      name: 'PUSH AX with SP=0001h: low byte at SS:FFFFh, high byte at SS:0000h',
      code: [0x50],
      regs: { sp: 0x0001, ax: 0x1234 },
      after: { sp: 0xffff, ip: 0x0101 },
      bytes: [
        [S(0xffff), 0x34],
        [S(0x0000), 0x12],
        [S(0xffff) + 1, 0x00]
      ]
    },
    {
      name: 'POP AX with SP=FFFFh reads SS:FFFFh and SS:0000h; SP becomes 0001h',
      code: [0x58],
      regs: { sp: 0xffff },
      memory: [
        [S(0xffff), [0x34]],
        [S(0x0000), [0x12]],
        [S(0xffff) + 1, [0x99]]
      ],
      after: { ax: 0x1234, sp: 0x0001, ip: 0x0101 }
    },
    {
      name: 'POP AX with SP=FFFEh: SP becomes 0000h',
      code: [0x58],
      regs: { sp: 0xfffe },
      memory: [[S(0xfffe), [0x34, 0x12]]],
      after: { ax: 0x1234, sp: 0x0000, ip: 0x0101 }
    },
    {
      name: 'CALL near with SP=0000h pushes the return address at SS:FFFEh',
      code: [0xe8, 0x10, 0x00],
      regs: { sp: 0x0000 },
      after: { sp: 0xfffe, ip: 0x0113 },
      bytes: [
        [S(0xfffe), 0x03],
        [S(0xffff), 0x01]
      ]
    },
    {
      name: 'PUSHF with SP=0000h',
      code: [0x9c],
      regs: { sp: 0x0000, flags: 0xf0d7 },
      after: { sp: 0xfffe, ip: 0x0101 },
      bytes: [
        [S(0xfffe), 0xd7],
        [S(0xffff), 0xf0]
      ]
    }
  ];
  it.each(CASES)('$name', (testCase) => {
    runCase(testCase);
  });
});

describe('IP wrap while fetching', () => {
  const CASES: MemoryCase[] = [
    {
      name: 'MOV AX, 1234h at IP=FFFEh: its last byte is fetched from CS:0000h',
      code: [0xb8, 0x34, 0x12],
      regs: { ip: 0xfffe },
      memory: [[linear(0x1000, 0xffff) + 1, [0x56]]],
      after: { ax: 0x1234, ip: 0x0001 }
    },
    {
      name: 'MOV AX, 1234h at IP=FFFFh: two bytes from CS:0000h',
      code: [0xb8, 0x34, 0x12],
      regs: { ip: 0xffff },
      memory: [[linear(0x1000, 0xffff) + 1, [0x56, 0x78]]],
      after: { ax: 0x1234, ip: 0x0002 }
    },
    {
      name: 'INC AX at IP=FFFFh: IP becomes 0000h',
      code: [0x40],
      regs: { ip: 0xffff },
      after: { ax: 0x0001, ip: 0x0000 }
    },
    {
      name: 'JMP short +10h at IP=FFFEh: the target is 0010h',
      code: [0xeb, 0x10],
      regs: { ip: 0xfffe },
      after: { ip: 0x0010 }
    },
    {
      name: 'ES: MOV AL, [BX] (26 8A 07) with the prefix at FFFFh',
      code: [0x26, 0x8a, 0x07],
      regs: { ip: 0xffff, bx: 0x0010 },
      memory: [
        [linear(0x5000, 0x0010), [0xe5]],
        [D(0x0010), [0xd5]]
      ],
      after: { ax: 0x00e5, ip: 0x0002 }
    }
  ];
  it.each(CASES)('$name', (testCase) => {
    runCase(testCase);
  });

  it('re-fetches a wrapped instruction after its bytes at CS:0000h change', () => {
    const m = runCase(CASES[0]);
    m.memory.write8(linear(0x1000, 0x0000), 0x56);
    m.setRegisters({ ip: 0xfffe });
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ax: 0x5634, ip: 0x0001 });
  });
});

describe('1 MiB wrap of the physical address (4 MiB installed, A20 masked as on an 8086)', () => {
  const CASES: MemoryCase[] = [
    {
      name: 'MOV AL, [0010h] with DS=FFFFh reads physical 00000h',
      code: [0xa0, 0x10, 0x00],
      regs: { ds: 0xffff },
      memory: [
        [0x00000, [0x5a]],
        [0x100000, [0x11]]
      ],
      after: { ax: 0x005a }
    },
    {
      name: 'MOV [0010h], AL with DS=FFFFh writes physical 00000h',
      code: [0xa2, 0x10, 0x00],
      regs: { ds: 0xffff, ax: 0x005a },
      after: { ip: 0x0103 },
      bytes: [
        [0x00000, 0x5a],
        [0x100000, 0x00]
      ]
    },
    {
      name: 'MOV AX, [000Fh] with DS=FFFFh: bytes at FFFFFh and 00000h',
      code: [0xa1, 0x0f, 0x00],
      regs: { ds: 0xffff },
      memory: [
        [0xfffff, [0x34]],
        [0x00000, [0x12]],
        [0x100000, [0x99]]
      ],
      after: { ax: 0x1234 }
    },
    {
      name: 'PUSH AX with SS=FFFFh, SP=0012h writes physical 00000h–00001h',
      code: [0x50],
      regs: { ss: 0xffff, sp: 0x0012, ax: 0xbeef },
      after: { sp: 0x0010 },
      bytes: [
        [0x00000, 0xef],
        [0x00001, 0xbe],
        [0x100000, 0x00]
      ]
    },
    {
      name: 'code at FFFF:0010h runs from physical 00000h',
      code: [0xb0, 0x77],
      regs: { cs: 0xffff, ip: 0x0010 },
      memory: [[0x100000, [0xb0, 0x11]]],
      after: { ax: 0x0077, ip: 0x0012 }
    },
    {
      name: 'MOV AX, 1234h at FFFF:000Eh straddles FFFFFh → 00000h',
      code: [0xb8, 0x34, 0x12],
      regs: { cs: 0xffff, ip: 0x000e },
      memory: [[0x100000, [0x56]]],
      after: { ax: 0x1234, ip: 0x0011 }
    }
  ];
  it.each(CASES)('$name', (testCase) => {
    runCase(testCase);
  });
});

describe('ModRM effective addresses and their default segments', () => {
  // BX = 1000h, BP = 2000h, SI = 0300h, DI = 0040h. Each segment holds its own marker at the effective
  // address, so AL tells which segment:offset was read. EAs are worked out by hand.
  const REGS: Partial<Registers> = { bx: 0x1000, bp: 0x2000, si: 0x0300, di: 0x0040 };
  const MARKER = { es: 0xe5, cs: 0xc5, ss: 0x55, ds: 0xd5 } as const;
  type Seg = keyof typeof MARKER;
  const segValue = (seg: Seg) => DEFAULT_REGS[seg];

  // [name, code bytes (MOV AL, r/m8 = 8A /0, with any prefix), effective address, segment read]
  const CASES: [string, number[], number, Seg][] = [
    ['[BX+SI]', [0x8a, 0b00_000_000], 0x1300, 'ds'],
    ['[BX+DI]', [0x8a, 0b00_000_001], 0x1040, 'ds'],
    ['[BP+SI]', [0x8a, 0b00_000_010], 0x2300, 'ss'],
    ['[BP+DI]', [0x8a, 0b00_000_011], 0x2040, 'ss'],
    ['[SI]', [0x8a, 0b00_000_100], 0x0300, 'ds'],
    ['[DI]', [0x8a, 0b00_000_101], 0x0040, 'ds'],
    ['[0123h] (mod=00 r/m=110: disp16, DS, not BP)', [0x8a, 0b00_000_110, 0x23, 0x01], 0x0123, 'ds'],
    ['[BX]', [0x8a, 0b00_000_111], 0x1000, 'ds'],
    ['[BX+SI+5]', [0x8a, 0b01_000_000, 0x05], 0x1305, 'ds'],
    ['[BX+DI+5]', [0x8a, 0b01_000_001, 0x05], 0x1045, 'ds'],
    ['[BP+SI+5]', [0x8a, 0b01_000_010, 0x05], 0x2305, 'ss'],
    ['[BP+DI+5]', [0x8a, 0b01_000_011, 0x05], 0x2045, 'ss'],
    ['[SI+5]', [0x8a, 0b01_000_100, 0x05], 0x0305, 'ds'],
    ['[DI+5]', [0x8a, 0b01_000_101, 0x05], 0x0045, 'ds'],
    ['[BP+5]', [0x8a, 0b01_000_110, 0x05], 0x2005, 'ss'],
    ['[BX+5]', [0x8a, 0b01_000_111, 0x05], 0x1005, 'ds'],
    ['[BP−5] (disp8 sign-extended)', [0x8a, 0b01_000_110, 0xfb], 0x1ffb, 'ss'],
    ['[SI−128]', [0x8a, 0b01_000_100, 0x80], 0x0280, 'ds'],
    ['[BX+SI+0123h]', [0x8a, 0b10_000_000, 0x23, 0x01], 0x1423, 'ds'],
    ['[BX+DI+0123h]', [0x8a, 0b10_000_001, 0x23, 0x01], 0x1163, 'ds'],
    ['[BP+SI+0123h]', [0x8a, 0b10_000_010, 0x23, 0x01], 0x2423, 'ss'],
    ['[BP+DI+0123h]', [0x8a, 0b10_000_011, 0x23, 0x01], 0x2163, 'ss'],
    ['[SI+0123h]', [0x8a, 0b10_000_100, 0x23, 0x01], 0x0423, 'ds'],
    ['[DI+0123h]', [0x8a, 0b10_000_101, 0x23, 0x01], 0x0163, 'ds'],
    ['[BP+0123h]', [0x8a, 0b10_000_110, 0x23, 0x01], 0x2123, 'ss'],
    ['[BX+0123h]', [0x8a, 0b10_000_111, 0x23, 0x01], 0x1123, 'ds'],
    ['[BX+FFFFh] (disp16 wraps: 0FFFh)', [0x8a, 0b10_000_111, 0xff, 0xff], 0x0fff, 'ds'],
    ['ES: [BP+SI]', [0x26, 0x8a, 0b00_000_010], 0x2300, 'es'],
    ['CS: [BX+SI]', [0x2e, 0x8a, 0b00_000_000], 0x1300, 'cs'],
    ['SS: [BX]', [0x36, 0x8a, 0b00_000_111], 0x1000, 'ss'],
    ['DS: [BP+DI]', [0x3e, 0x8a, 0b00_000_011], 0x2040, 'ds'],
    ['DS: [BP+5]', [0x3e, 0x8a, 0b01_000_110, 0x05], 0x2005, 'ds'],
    ['ES: [0123h]', [0x26, 0x8a, 0b00_000_110, 0x23, 0x01], 0x0123, 'es'],
    ['SS: [0123h]', [0x36, 0x8a, 0b00_000_110, 0x23, 0x01], 0x0123, 'ss'],
    ['CS: [BP+DI+0123h]', [0x2e, 0x8a, 0b10_000_011, 0x23, 0x01], 0x2163, 'cs'],
    ['ES: CS: [BX] (the last segment prefix wins)', [0x26, 0x2e, 0x8a, 0b00_000_111], 0x1000, 'cs']
  ];

  function markedMachine(code: number[], ea: number): Machine {
    const memory: [number, number[]][] = (Object.keys(MARKER) as Seg[]).map((seg) => [
      linear(segValue(seg), ea),
      [MARKER[seg]]
    ]);
    return machineWith({ code, regs: REGS, memory });
  }

  it.each(CASES)('MOV AL, %s', (_name, code, ea, seg) => {
    const m = markedMachine(code, ea);
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ax: MARKER[seg], ip: 0x0100 + code.length });
  });

  // MOV r/m8, AL (88 /0): the same rules for a write; the other segments' markers stay.
  it.each([
    ['[BP+SI]', [0x88, 0b00_000_010], 0x2300, 'ss'],
    ['[BX+DI]', [0x88, 0b00_000_001], 0x1040, 'ds'],
    ['[0123h]', [0x88, 0b00_000_110, 0x23, 0x01], 0x0123, 'ds'],
    ['ES: [BP+5]', [0x26, 0x88, 0b01_000_110, 0x05], 0x2005, 'es']
  ] as [string, number[], number, Seg][])('MOV %s, AL', (_name, code, ea, seg) => {
    const m = markedMachine(code, ea);
    m.setRegisters({ ax: 0x0099 });
    expect(m.step()).toEqual({ kind: 'executed' });
    for (const other of Object.keys(MARKER) as Seg[]) {
      expect([other, byteAt(m, segValue(other), ea)]).toEqual([other, other === seg ? 0x99 : MARKER[other]]);
    }
  });
});

describe('I/O ports', () => {
  it.each([
    ['IN AL, DX (EC)', [0xec], { dx: 0x1234 }, 0x00ff],
    ['IN AX, DX (ED)', [0xed], { dx: 0x1234 }, 0xffff],
    ['IN AL, 60h (E4 60)', [0xe4, 0x60], {}, 0x00ff],
    ['IN AX, 61h (E5 61)', [0xe5, 0x61], {}, 0xffff],
    ['IN AX, DX at FFFFh', [0xed], { dx: 0xffff }, 0xffff]
  ] as [string, number[], Partial<Registers>, number][])(
    '%s from an unclaimed port reads all ones',
    (_name, code, regs, ax) => {
      const m = machineWith({ code, regs });
      expect(m.step()).toEqual({ kind: 'executed' });
      expect(m.registers().ax).toBe(ax);
    }
  );

  /** A byte-wide device on ports 300h–301h and 80h that logs writes; port 300h reads 12h, 301h reads 34h. */
  function byteDevice(m: Machine): [number, number][] {
    const log: [number, number][] = [];
    const device: IoDevice = {
      name: 'test latch',
      read8: (port) => (port === 0x300 ? 0x12 : port === 0x301 ? 0x34 : 0x56),
      write8: (port, value) => {
        log.push([port, value]);
      }
    };
    m.ports.register(device, [0x300, 0x301, 0x80]);
    return log;
  }

  it.each([
    ['OUT DX, AL (EE)', [0xee], { dx: 0x300, ax: 0x1142 }, [[0x300, 0x42]]],
    [
      'OUT DX, AX (EF) as two byte writes',
      [0xef],
      { dx: 0x300, ax: 0xbeef },
      [
        [0x300, 0xef],
        [0x301, 0xbe]
      ]
    ],
    ['OUT 80h, AL (E6 80)', [0xe6, 0x80], { ax: 0x0007 }, [[0x80, 0x07]]],
    ['OUT DX, AL to an unclaimed port (nobody sees it)', [0xee], { dx: 0x302, ax: 0x0042 }, []]
  ] as [string, number[], Partial<Registers>, [number, number][]][])(
    '%s reaches the device',
    (_name, code, regs, writes) => {
      const m = machineWith({ code, regs });
      const log = byteDevice(m);
      expect(m.step()).toEqual({ kind: 'executed' });
      expect(log).toEqual(writes);
    }
  );

  it.each([
    ['IN AL, DX (EC) at 301h', [0xec], { dx: 0x301, ax: 0xaaaa }, 0xaa34],
    ['IN AX, DX (ED) at 300h: low byte from 300h, high from 301h', [0xed], { dx: 0x300 }, 0x3412],
    ['IN AX, DX (ED) at 301h: high byte from unclaimed 302h', [0xed], { dx: 0x301 }, 0xff34],
    ['IN AL, 80h (E4 80)', [0xe4, 0x80], { ax: 0xaaaa }, 0xaa56]
  ] as [string, number[], Partial<Registers>, number][])(
    '%s: the device answers',
    (_name, code, regs, ax) => {
      const m = machineWith({ code, regs });
      byteDevice(m);
      expect(m.step()).toEqual({ kind: 'executed' });
      expect(m.registers().ax).toBe(ax);
    }
  );

  it('a device with word access gets IN AX / OUT DX, AX as one access', () => {
    const calls: string[] = [];
    const device: IoDevice = {
      name: 'word device',
      read8: () => 0x00,
      write8: (port, value) => calls.push(`write8 ${port.toString(16)} ${value.toString(16)}`),
      read16: (port) => {
        calls.push(`read16 ${port.toString(16)}`);
        return 0xcafe;
      },
      write16: (port, value) => calls.push(`write16 ${port.toString(16)} ${value.toString(16)}`)
    };
    const m = machineWith({ code: [0xed, 0xef], regs: { dx: 0x1f0 } });
    m.ports.register(device, [0x1f0, 0x1f1]);
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers().ax).toBe(0xcafe);
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(calls).toEqual(['read16 1f0', 'write16 1f0 cafe']);
  });

  it('a port claimed by one device cannot be claimed by another', () => {
    const m = machineWith({ code: [0x90] });
    byteDevice(m);
    const other: IoDevice = { name: 'other', read8: () => 0, write8: () => {} };
    expect(() => m.ports.register(other, [0x301])).toThrow(/already claimed by test latch/);
  });
});

// The CPU caches decoded instructions by physical address (decode-cache.ts) and links each to the one that ran
// after it, by IP (fetch.ts). The same bytes can be reached through different segment:offset pairs; what an
// instruction at a physical address does next must still follow the CS:IP it was reached by.
describe('the same code reached through two segment:offset aliases', () => {
  // Controls: each alias run alone, on a fresh machine (nothing cached), gives the expected result.
  it('control: MOV AX at 1001:FFFEh alone reads its high byte from 1001:0000h', () => {
    const m = machineWith({
      code: [0xb8, 0x34, 0x12],
      regs: { cs: 0x2000, ip: 0x000e },
      memory: [[0x10010, [0x56]]]
    });
    m.setRegisters({ cs: 0x1001, ip: 0xfffe });
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ax: 0x5634, cs: 0x1001, ip: 0x0001 });
  });

  it('control: the JZ at 1001:0100h alone, with ZF=1, reaches MOV AX, 2222h; HLT', () => {
    const m = machineWith({
      code: [0x74, 0x10, 0x40, 0x31, 0xdb, 0xea, 0x00, 0x01, 0x01, 0x10],
      regs: { cs: 0x1000, ip: 0x0110 },
      memory: [[0x10122, [0xb8, 0x22, 0x22, 0xf4]]]
    });
    m.setRegisters({ cs: 0x1001, ip: 0x0100, flags: 0xf042 });
    expect(m.run(1_000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 0x2222, cs: 0x1001, ip: 0x0116 });
  });

  it('an instruction cached at 2000:000Eh, run again at 1001:FFFEh, takes its last byte from 1001:0000h', () => {
    // Physical 2000Eh holds B8 34 12 (MOV AX, 1234h). At 1001:FFFEh (also physical 2000Eh) IP wraps after two
    // bytes, so the immediate's high byte is fetched from 1001:0000h = physical 10010h, which holds 56h.
    const m = machineWith({
      code: [0xb8, 0x34, 0x12],
      regs: { cs: 0x2000, ip: 0x000e },
      memory: [[0x10010, [0x56]]]
    });
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ax: 0x1234, ip: 0x0011 });

    m.setRegisters({ cs: 0x1001, ip: 0xfffe, ax: 0 });
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ax: 0x5634, cs: 0x1001, ip: 0x0001 });
  });

  it('a jump whose target IP in one alias equals its fall-through IP in another goes to the right bytes', () => {
    // Physical 10110h: 74 10 = JZ +10h. At 1000:0110h with ZF=0 it falls through to 1000:0112h (physical
    // 10112h): INC AX; XOR BX, BX (ZF=1); JMP FAR 1001:0100h, which is physical 10110h again. There the JZ is
    // taken, to 1001:0112h = physical 10122h: MOV AX, 2222h; HLT. Same IP (0112h), different bytes.
    const m = machineWith({
      code: [0x74, 0x10, 0x40, 0x31, 0xdb, 0xea, 0x00, 0x01, 0x01, 0x10],
      regs: { cs: 0x1000, ip: 0x0110 },
      memory: [[0x10122, [0xb8, 0x22, 0x22, 0xf4]]]
    });
    expect(m.run(1_000).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ax: 0x2222, cs: 0x1001, ip: 0x0116 });
  });
});
