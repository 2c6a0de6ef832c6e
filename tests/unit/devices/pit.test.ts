// Counter 0 of the 8254, clocked through advance(). Expected behaviour from the Intel 8254 datasheet (231164):
// [LOAD] "after writing the Control Word and initial count, the Counter is loaded on the next CLK pulse" (so the
// first period has one extra clock); [M0] mode 0: OUT low after the control word, high at terminal count (N + 1
// clocks after the count is written), writing the first byte of a new count stops counting; [M2] mode 2: OUT
// high, goes low for one CLK when the count reaches 1, period N; [M3] mode 3: square wave, even N: high N/2 and
// low N/2; odd N: high (N + 1)/2, low (N − 1)/2; [ZERO] a count of 0 is 65536 (binary); [RW] LSB/MSB/LSB-then-MSB;
// [LATCH] the counter latch command freezes the count until it is read (both bytes with RW = 3), a second latch
// before the read is ignored; [NEW] in modes 2 and 3 a new count takes effect at the end of the current period.
import { describe, expect, it } from 'vitest';
import { Pit } from '$lib/emu/devices/pit';

interface Probe {
  pit: Pit;
  /** IRQ0 levels, one per change, with the clock (1-based, since the probe started) at which it happened. */
  edges: { clock: number; level: boolean }[];
  clock: number;
  tick(n?: number): void;
}

function probe(): Probe {
  const p: Probe = {
    edges: [],
    clock: 0,
    pit: undefined as unknown as Pit,
    tick(n = 1) {
      for (let i = 0; i < n; i++) {
        p.clock++;
        p.pit.advance(1);
      }
    }
  };
  p.pit = new Pit((line, level) => {
    expect(line).toBe(0);
    p.edges.push({ clock: p.clock, level });
  });
  return p;
}

/** Control word for counter 0: RW = 3 (LSB then MSB), the given mode, binary. */
const control = (mode: number, rw = 3): number => (rw << 4) | (mode << 1);

function program(pit: Pit, mode: number, count: number): void {
  pit.write8(0x43, control(mode));
  pit.write8(0x40, count & 0xff);
  pit.write8(0x40, count >> 8);
}

describe('mode 2, rate generator [M2] [LOAD]', () => {
  it.each([2, 3, 5, 10, 100])('N = %i: OUT low for one clock every N clocks', (n) => {
    const p = probe();
    program(p.pit, 2, n);
    expect(p.edges).toEqual([]); // already high after the control word: no change
    p.tick(3 * n + 1);
    expect(p.edges).toEqual([
      { clock: n, level: false },
      { clock: n + 1, level: true },
      { clock: 2 * n, level: false },
      { clock: 2 * n + 1, level: true },
      { clock: 3 * n, level: false },
      { clock: 3 * n + 1, level: true }
    ]);
  });

  it('advance(k) in one call gives the same edges and counts as k single clocks', () => {
    const a = probe();
    const b = probe();
    program(a.pit, 2, 1000);
    program(b.pit, 2, 1000);
    a.tick(2500);
    b.pit.advance(2500);
    expect(b.edges.map((e) => e.level)).toEqual(a.edges.map((e) => e.level));
    expect(b.pit.state()).toEqual(a.pit.state());
  });

  it('ticksUntilNextIrq() counts to the next rising edge', () => {
    const p = probe();
    program(p.pit, 2, 10);
    expect(p.pit.ticksUntilNextIrq()).toBe(11);
    p.tick(4);
    expect(p.pit.ticksUntilNextIrq()).toBe(7);
    p.tick(6); // clock 10: OUT low
    expect(p.pit.ticksUntilNextIrq()).toBe(1);
    p.tick(1);
    expect(p.pit.ticksUntilNextIrq()).toBe(10);
  });

  it('a new count takes effect at the next reload [NEW]', () => {
    const p = probe();
    program(p.pit, 2, 10);
    p.tick(5);
    p.pit.write8(0x40, 4);
    p.pit.write8(0x40, 0);
    p.tick(20);
    expect(p.edges.filter((e) => !e.level).map((e) => e.clock)).toEqual([10, 14, 18, 22]);
  });
});

describe('mode 3, square wave [M3]', () => {
  it.each([
    { n: 4, high: 2, low: 2 },
    { n: 10, high: 5, low: 5 },
    { n: 5, high: 3, low: 2 },
    { n: 7, high: 4, low: 3 }
  ])('N = $n: high $high clocks, low $low clocks', ({ n, high, low }) => {
    const p = probe();
    program(p.pit, 3, n);
    p.tick(1 + 3 * n);
    // The first high phase has the load clock in front of it.
    const clocks = p.edges.map((e) => e.clock);
    expect(p.edges[0].level).toBe(false);
    expect(clocks.slice(0, 5)).toEqual([
      1 + high,
      1 + high + low,
      1 + 2 * high + low,
      1 + 2 * high + 2 * low,
      1 + 3 * high + 2 * low
    ]);
  });

  it('count 0 is 65536: IRQ0 rises every 65536 clocks [ZERO]', () => {
    const p = probe();
    program(p.pit, 3, 0);
    p.pit.advance(1 + 3 * 65536);
    const rises = p.edges.filter((e) => e.level);
    expect(rises).toHaveLength(3);
    expect(p.edges).toHaveLength(6);
    // The third rise was on the last clock: the next one is a full period away.
    expect(p.pit.ticksUntilNextIrq()).toBe(65536);
    p.pit.advance(32768);
    expect(p.edges).toHaveLength(7);
    expect(p.pit.ticksUntilNextIrq()).toBe(32768);
  });

  it('ticksUntilNextIrq() while high includes the low half', () => {
    const p = probe();
    program(p.pit, 3, 8);
    expect(p.pit.ticksUntilNextIrq()).toBe(9);
    p.tick(9);
    expect(p.edges.at(-1)).toEqual({ clock: 9, level: true });
    expect(p.pit.ticksUntilNextIrq()).toBe(8);
  });

  it('the count reads down by two [M3]', () => {
    const p = probe();
    program(p.pit, 3, 10);
    p.tick(1);
    const reads: number[] = [];
    for (let i = 0; i < 4; i++) {
      p.pit.write8(0x43, 0x00);
      reads.push(p.pit.read8(0x40) | (p.pit.read8(0x40) << 8));
      p.tick(1);
    }
    expect(reads).toEqual([10, 8, 6, 4]);
  });
});

describe('mode 0, interrupt on terminal count [M0]', () => {
  it('OUT low at the control word, high N + 1 clocks after the count, and stays high', () => {
    const p = probe();
    p.pit.write8(0x43, control(3));
    p.pit.write8(0x43, control(0)); // mode 3 left OUT high; mode 0 drives it low
    expect(p.edges).toEqual([{ clock: 0, level: false }]);
    p.pit.write8(0x40, 5);
    p.pit.write8(0x40, 0);
    expect(p.pit.ticksUntilNextIrq()).toBe(6);
    p.tick(50);
    expect(p.edges).toEqual([
      { clock: 0, level: false },
      { clock: 6, level: true }
    ]);
    expect(p.pit.ticksUntilNextIrq()).toBe(Infinity);
  });

  it('writing the first byte of a new count stops counting', () => {
    const p = probe();
    program(p.pit, 0, 5);
    p.tick(2);
    p.pit.write8(0x40, 3);
    p.tick(10);
    expect(p.edges.filter((e) => e.level)).toEqual([]);
    p.pit.write8(0x40, 0);
    p.tick(4);
    expect(p.edges.filter((e) => e.level)).toEqual([{ clock: 16, level: true }]);
  });
});

describe('access modes [RW] and the counter latch [LATCH]', () => {
  it.each([
    { rw: 1, bytes: [0x34], reads: [0x34] },
    { rw: 2, bytes: [0x12], reads: [0x12] },
    { rw: 3, bytes: [0x34, 0x12], reads: [0x34, 0x12] }
  ])('RW = $rw: writes $bytes, a latched read gives $reads', ({ rw, bytes, reads }) => {
    const p = probe();
    p.pit.write8(0x43, control(2, rw));
    for (const b of bytes) p.pit.write8(0x40, b);
    p.tick(1); // the load clock: the count is now in the counting element
    p.pit.write8(0x43, 0x00); // latch
    p.tick(5);
    expect(reads.map(() => p.pit.read8(0x40))).toEqual(reads);
  });

  it('a latched value survives clocks between the two reads, then reads go live again', () => {
    const p = probe();
    program(p.pit, 2, 0x1000);
    p.tick(1 + 0x10);
    p.pit.write8(0x43, 0x00);
    p.tick(0x300);
    p.pit.write8(0x43, 0x00); // ignored: still latched
    const low = p.pit.read8(0x40);
    p.tick(0x100);
    const high = p.pit.read8(0x40);
    expect((high << 8) | low).toBe(0x1000 - 0x10);
    const liveLow = p.pit.read8(0x40);
    const liveHigh = p.pit.read8(0x40);
    expect((liveHigh << 8) | liveLow).toBe(0x1000 - 0x10 - 0x400);
  });

  it('counters 1 and 2 are not modelled: reads FFh, writes ignored', () => {
    const p = probe();
    program(p.pit, 2, 10);
    p.pit.write8(0x43, 0b01_11_010_0);
    p.pit.write8(0x41, 3);
    expect(p.pit.read8(0x41)).toBe(0xff);
    p.tick(10);
    expect(p.edges).toHaveLength(1);
  });
});

describe('state() / restore()', () => {
  it.each([
    { mode: 2, count: 700, before: 333 },
    { mode: 3, count: 999, before: 1234 },
    { mode: 0, count: 50, before: 10 }
  ])('mode $mode: a restored copy produces the same edges', ({ mode, count, before }) => {
    const a = probe();
    program(a.pit, mode, count);
    a.pit.advance(before);
    a.pit.write8(0x43, 0x00);
    a.pit.read8(0x40); // half of a latched read
    const saved = structuredClone(a.pit.state());
    a.edges.length = 0;
    a.pit.advance(5000);
    const b = probe();
    b.pit.restore(saved);
    b.edges.length = 0;
    b.pit.advance(5000);
    expect(b.edges).toEqual(a.edges);
    expect(b.pit.read8(0x40)).toBe(a.pit.read8(0x40));
    expect(b.pit.state()).toEqual(a.pit.state());
  });
});
