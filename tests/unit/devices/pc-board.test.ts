// The device set of one PC (virtualization.md §2.5 port and IRQ map): every device answers at its ports on the
// PortMap, each interrupt source reaches the PIC on its IRQ line (IRQ0 timer, 1 keyboard, 3 NIC, 4 COM1, 5 disk;
// vector = 08h + IRQ after ICW2 = 08h), unclaimed ports still read FFh, and one state()/restore() covers all.
import { describe, expect, it } from 'vitest';
import { PcBoard, PortMap, VirtualSwitch } from '$lib/emu';

function initPic(board: PcBoard): void {
  const p = board.ports;
  p.out8(0x20, 0x13);
  p.out8(0x21, 0x08);
  p.out8(0x21, 0x01);
  p.out8(0x21, 0x00);
}

describe('ports', () => {
  it.each([
    { port: 0xe9, value: 0xe9 },
    { port: 0x64, value: 0x14 },
    { port: 0x3fd, value: 0x60 },
    { port: 0x1f7, value: 0x40 },
    { port: 0x21, value: 0xff },
    { port: 0x3d4, value: 0x00 },
    { port: 0x1234, value: 0xff },
    { port: 0x3f6, value: 0x40 }
  ])('IN $port → $value', ({ port, value }) => {
    const board = new PcBoard();
    expect(board.ports.in8(port)).toBe(value);
  });

  it('claims its ports on a given PortMap (a second board there is an error)', () => {
    const ports = new PortMap();
    const board = new PcBoard(ports);
    expect(ports.deviceAt(0x3f8)).toBe(board.uart);
    expect(() => new PcBoard(ports)).toThrow(/already claimed/);
  });
});

describe('IRQ lines', () => {
  it.each([
    {
      name: 'timer',
      irq: 0,
      fire: (b: PcBoard) => (
        b.ports.out8(0x43, 0x34),
        b.ports.out8(0x40, 10),
        b.ports.out8(0x40, 0),
        b.advance(11)
      )
    },
    { name: 'keyboard', irq: 1, fire: (b: PcBoard) => b.keyboard.pressKey(0x1c) },
    {
      name: 'NIC',
      irq: 3,
      fire: (b: PcBoard) => {
        b.ports.out8(0xc16, 1);
        const other = new PcBoard(new PortMap(), { mac: '02:00:00:00:00:02' });
        const sw = new VirtualSwitch();
        sw.connect(b.nic);
        sw.connect(other.nic);
        for (const byte of [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0]) other.ports.out8(0xc10, byte);
        other.ports.out8(0xc11, 1);
      }
    },
    {
      name: 'COM1',
      irq: 4,
      fire: (b: PcBoard) => (b.ports.out8(0x3fc, 0x08), b.ports.out8(0x3f9, 1), b.uart.receive([0x41]))
    },
    {
      name: 'disk',
      irq: 5,
      fire: (b: PcBoard) => (b.ports.out8(0x1f2, 1), b.ports.out8(0x1f6, 0xe0), b.ports.out8(0x1f7, 0x20))
    }
  ])('$name raises IRQ$irq → vector 08h + $irq', ({ irq, fire }) => {
    const board = new PcBoard(new PortMap(), { diskImage: new Uint8Array(512) });
    initPic(board);
    expect(board.pic.hasPending()).toBe(false);
    fire(board);
    expect(board.pic.acknowledge()).toBe(0x08 + irq);
  });
});

describe('state() / restore()', () => {
  it('a second board restored from the first behaves the same', () => {
    const a = new PcBoard(new PortMap(), { diskImage: new Uint8Array(2048).fill(3) });
    initPic(a);
    a.ports.out8(0x43, 0x36);
    a.ports.out8(0x40, 0x00);
    a.ports.out8(0x40, 0x01);
    a.advance(1000);
    a.keyboard.type('hi');
    a.ports.out8(0xe9, 0x21);
    a.ports.out8(0x3d4, 0x0f);
    a.ports.out8(0x3d5, 0x50);
    a.ports.out8(0x1f2, 2);
    a.ports.out8(0x1f6, 0xe0);
    a.ports.out8(0x1f7, 0x30);
    a.ports.out16(0x1f0, 0xbeef);
    const saved = structuredClone(a.state());
    const b = new PcBoard(new PortMap(), { diskImage: new Uint8Array(2048) });
    b.restore(saved);
    const script = (x: PcBoard): unknown[] => {
      const out: unknown[] = [];
      for (let i = 0; i < 255; i++) x.ports.out16(0x1f0, i);
      out.push(x.ports.in8(0x1f7), x.disk.image.slice(0, 4));
      x.advance(700);
      out.push(x.pic.acknowledge(), x.ports.in8(0x60), x.ports.in8(0x60));
      x.ports.out8(0x20, 0x20);
      out.push(
        x.pic.pendingVector(),
        x.ports.in8(0x3d5),
        x.debugConsole.takeOutput(),
        x.instructionsUntilNextIrq()
      );
      return out;
    };
    expect(script(b)).toEqual(script(a));
    expect(b.state()).toEqual(a.state());
  });
});
