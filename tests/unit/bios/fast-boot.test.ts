// The fast boot (src/lib/emu/bios/fast-boot.ts) leaves memory and devices exactly as the ROM's reset code does:
// run the real reset from FFFF:0000 to the boot jump at 0000:7C00, fast-boot a second machine, compare the IVT,
// the BIOS data area, the text page and the PIC/PIT/CRTC set-up. Also checks the reset state against the IBM PC
// interface (Technical Reference "BIOS data area"; RBIL INT 19h for the boot registers), not against the code.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BIOS_ENTRY_POINTS,
  BIOS_IMAGE,
  biosLayout,
  fastBoot,
  flags,
  Machine,
  powerOnWithBios
} from '$lib/emu';
import { BiosMachine } from './bios-machine';

const IVT = { start: 0x000, end: 0x400 };
const BDA = { start: 0x400, end: 0x500 };
const TEXT = { start: 0xb8000, end: 0xb8000 + 80 * 25 * 2 };

function region(machine: Machine, { start, end }: { start: number; end: number }): number[] {
  return Array.from(machine.memory.bytes.subarray(start, end));
}

describe('reset code and fast boot', () => {
  let booted: BiosMachine;
  let fast: BiosMachine;
  let bootStop: string;

  beforeAll(() => {
    booted = new BiosMachine();
    booted.powerOn([0xf4]);
    booted.machine.addBreakpoint(biosLayout.BOOT_ADDRESS);
    bootStop = booted.run(100_000).stop;

    fast = new BiosMachine();
    fast.machine.reset();
    fastBoot(
      (address, value) => fast.machine.memory.write8(address, value),
      (port, value) => fast.machine.ports.out8(port, value)
    );
  });

  it('the reset code reaches the boot image at 0000:7C00', () => {
    expect(bootStop).toBe('breakpoint');
    const r = booted.machine.registers();
    expect([r.cs, r.ip]).toEqual([0x0000, 0x7c00]);
  });

  it.each([
    ['the interrupt vector table', IVT],
    ['the BIOS data area', BDA],
    ['the text page', TEXT]
  ])('%s is the same', (_name, span) => {
    expect(region(fast.machine, span)).toEqual(region(booted.machine, span));
  });

  it('the same OUTs to the PIC, the PIT and the CRTC, in the same order', () => {
    expect(fast.setupWrites.length).toBe(11);
    expect(fast.setupWrites).toEqual(booted.setupWrites);
    expect(fast.pic.state()).toEqual(booted.pic.state());
    expect(fast.crtc.state()).toEqual(booted.crtc.state());
    const pitSetup = (m: BiosMachine) => {
      const { mode, access, count } = m.pit.state();
      return { mode, access, count };
    };
    expect(pitSetup(fast)).toEqual(pitSetup(booted));
  });

  it('with the same ROM and boot image loaded, the whole first megabyte is the same', () => {
    const m = new BiosMachine();
    powerOnWithBios(m.machine, [0xf4]);
    fastBoot((address, value) => m.machine.memory.write8(address, value));
    const megabyte = (machine: Machine) => machine.memory.bytes.subarray(0, 0x100000);
    const first = megabyte(m.machine).findIndex((b, i) => b !== megabyte(booted.machine)[i]);
    expect(first).toBe(-1);
  });

  it('the fast boot writes nothing outside the IVT, the BDA and the text page', () => {
    const touched = new Set<number>();
    fastBoot((address) => touched.add(address));
    expect(touched.size).toBe(0x400 + 0x100 + 80 * 25 * 2);
    for (const address of touched) {
      const inside = [IVT, BDA, TEXT].some(({ start, end }) => address >= start && address < end);
      expect(inside, address.toString(16)).toBe(true);
    }
  });
});

describe('the state after reset, by the IBM PC interface', () => {
  let booted: BiosMachine;
  const word = (address: number) => booted.peek16(address);
  const byte = (address: number) => booted.peek8(address);

  beforeAll(() => {
    booted = new BiosMachine();
    booted.powerOn([0xf4]);
    booted.machine.addBreakpoint(biosLayout.BOOT_ADDRESS);
    booted.run(100_000);
  });

  it('boots like INT 19h: DL = 80h (the fixed disk), SS:SP = 0000:7C00, DS = ES = 0, interrupts on', () => {
    const r = booted.machine.registers();
    expect(r.dx & 0xff).toBe(0x80);
    expect([r.ss, r.sp, r.ds, r.es]).toEqual([0, 0x7c00, 0, 0]);
    expect(r.flags & flags.IF).toBe(flags.IF);
  });

  it.each([
    [0x06, 'exception_invalid_opcode'],
    [0x0e, 'exception_page_fault'],
    [0x08, 'int08_timer'],
    [0x09, 'int09_keyboard'],
    [0x10, 'int10_video'],
    [0x11, 'int11_equipment'],
    [0x12, 'int12_memory_size'],
    [0x13, 'int13_disk'],
    [0x16, 'int16_keyboard'],
    [0x1a, 'int1a_time'],
    [0x20, 'int20_terminate'],
    [0x21, 'int21_dos']
  ] as const)('vector %i points at F000:%s', (vector, label) => {
    expect(word(vector * 4 + 2)).toBe(0xf000);
    expect(word(vector * 4)).toBe(BIOS_ENTRY_POINTS[label]);
  });

  it('every other vector (and INT 1Ch, the user tick hook) points at an IRET in the ROM', () => {
    const own = new Set([
      0x06, 0x0e, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x16, 0x1a, 0x20, 0x21
    ]);
    for (let vector = 0; vector < 256; vector++) {
      if (own.has(vector)) continue;
      expect(word(vector * 4 + 2)).toBe(0xf000);
      expect(BIOS_IMAGE[word(vector * 4) - 0xf000], `vector ${vector}`).toBe(0xcf); // CF = IRET
    }
  });

  it.each([
    ['COM1 base 0040:0000', 0x400, 2, 0x3f8],
    ['memory size 0040:0013 (KiB)', 0x413, 2, 640],
    ['keyboard head 0040:001A', 0x41a, 2, 0x1e],
    ['keyboard tail 0040:001C', 0x41c, 2, 0x1e],
    ['video mode 0040:0049', 0x449, 1, 3],
    ['columns 0040:004A', 0x44a, 2, 80],
    ['cursor of page 0, 0040:0050', 0x450, 2, 0],
    ['CRTC base 0040:0063', 0x463, 2, 0x3d4],
    ['tick count 0040:006C', 0x46c, 2, 0],
    ['tick count high 0040:006E', 0x46e, 2, 0],
    ['shift state 0040:0017', 0x417, 1, 0]
  ])('%s', (_name, address, size, value) => {
    expect(size === 1 ? byte(address) : word(address)).toBe(value);
  });

  it('the screen is blank: spaces, light grey on black (07h)', () => {
    for (let cell = 0; cell < 80 * 25; cell++) expect(word(0xb8000 + cell * 2)).toBe(0x0720);
  });

  it('the PIC delivers IRQ0 as vector 08h with only IRQ0 and IRQ1 unmasked; the PIT counts 65536 (mode 3)', () => {
    expect(booted.pic.state().imr).toBe(0xfc);
    expect(booted.pic.state().vectorBase).toBe(0x08);
    const { mode, count } = booted.pit.state();
    expect([mode, count]).toEqual([3, 0]);
  });
});

describe('powerOnWithBios', () => {
  it('refuses a boot image that would reach the ROM at FF000h', () => {
    const m = new Machine();
    expect(() => powerOnWithBios(m, new Uint8Array(0xff000 - 0x7c00 + 1))).toThrow(RangeError);
    expect(() => powerOnWithBios(m, new Uint8Array(0xff000 - 0x7c00))).not.toThrow();
  });
});
