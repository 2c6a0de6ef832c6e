// The bare Machine with a device board attached: the CPU's INTR follows the 8259A, the 8254 is moved by the
// instructions run (INSTRUCTIONS_PER_PIT_TICK = 1), HLT with IF set sleeps until the timer's next IRQ, and the
// board's state is part of the machine snapshot. Expected behaviour: the PC's interrupt path (IBM PC Technical
// Reference: IRQ0 → vector 08h after ICW2 = 08h, the handler ends with EOI 20h to port 20h), the 8254 datasheet
// (mode 2 period N; the count loads on the first CLK after it is written and then drops by one per CLK), and
// determinism: how a run is cut into run()/step() calls must not change the result.
import { describe, expect, it } from 'vitest';
import { Machine, assemble, type MachineSnapshot } from '$lib/emu';

/** Set vector `vector` to `handler`, program the PIC (base 08h, mask), then the PIT (mode 2, count). */
const SETUP = (mask: number, count: number | null) => `
  org 0x100
  cli
  xor ax, ax
  mov es, ax
  mov word [es:0x08*4], tick
  mov [es:0x08*4+2], cs
  mov word [es:0x09*4], key
  mov [es:0x09*4+2], cs
  mov al, 0x13
  out 0x20, al
  mov al, 0x08
  out 0x21, al
  mov al, 0x01
  out 0x21, al
  mov al, ${mask}
  out 0x21, al
  ${
    count === null
      ? ''
      : `mov al, 0x34
  out 0x43, al
  mov al, ${count & 0xff}
  out 0x40, al
  mov al, ${count >> 8}
  out 0x40, al`
  }
`;

const TICKS_WITH_HLT = `${SETUP(0xfe, 1000)}
  sti
wait:
  hlt
  cmp word [count], 5
  jb wait
  cli
  hlt
tick:
  inc word [cs:count]
  mov al, 0x20
  out 0x20, al
  iret
key:
  iret
count dw 0
`;

const SPIN = (count: number): string => `${SETUP(0xfe, count)}
  sti
  xor cx, cx
spin:
  inc cx
  jmp spin
tick:
  cmp word [cs:first], 0
  jne .eoi
  mov [cs:first], cx
.eoi:
  inc word [cs:ticks]
  mov al, 0x20
  out 0x20, al
  iret
key:
  iret
first dw 0
ticks dw 0
`;

const KEYS = `${SETUP(0xfd, null)}
  sti
wait:
  hlt
  jmp wait
tick:
  iret
key:
  in al, 0x60
  mov bx, [cs:n]
  mov [cs:buf+bx], al
  inc word [cs:n]
  mov al, 0x20
  out 0x20, al
  iret
n dw 0
buf times 16 db 0
`;

function load(source: string): { m: Machine; symbol: (name: string) => number } {
  const result = assemble(source);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const m = new Machine({ board: true });
  m.loadCom(result.image);
  const symbol = (name: string): number => {
    const s = result.symbols.find((x) => x.name === name);
    if (!s) throw new Error(`no symbol ${name}`);
    return m.memory.bytes[0x10000 + s.value] | (m.memory.bytes[0x10000 + s.value + 1] << 8);
  };
  return { m, symbol };
}

describe('IRQ0 through the PIC into the CPU', () => {
  it('HLT sleeps until the timer: five ticks, then CLI; HLT stops the machine', () => {
    const { m, symbol } = load(TICKS_WITH_HLT);
    const result = m.run(1_000_000);
    expect(result.stop).toBe('halt');
    expect(symbol('count')).toBe(5);
    // Few instructions ran: the waits were spent asleep (5 periods of 1000 ticks).
    expect(result.iterations).toBeLessThan(200);
  });

  it('mode 2, N = 100: the first tick comes N + 1 clocks after the count is written', () => {
    const N = 100;
    const { m, symbol } = load(SPIN(N));
    m.run(10 * N);
    // After the OUT: STI, XOR, then INC/JMP pairs: the edge is N + 1 clocks after the write (the load clock
    // plus N), the interrupt is taken at the next instruction boundary.
    expect(Math.abs(symbol('first') - (N - 2) / 2)).toBeLessThanOrEqual(1);
    expect(symbol('ticks')).toBeGreaterThanOrEqual(9);
    expect(symbol('ticks')).toBeLessThanOrEqual(10);
  });

  it('how the run is cut (one run, many small runs, single steps) does not change the state', () => {
    const outcomes = [
      (m: Machine) => m.run(5000),
      (m: Machine) => {
        for (let i = 0; i < Math.floor(5000 / 7); i++) m.run(7);
        m.run(5000 % 7);
      },
      (m: Machine) => {
        while (m.totalIterations < 5000) m.step();
      }
    ].map((drive) => {
      const { m } = load(SPIN(37));
      drive(m);
      const snapshot = m.snapshot();
      return {
        registers: m.registers(),
        board: snapshot.board,
        memory: Array.from(m.memory.bytes.subarray(0x10100, 0x10200))
      };
    });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
  });

  it('HLT under single steps sleeps too: step() reaches the same end as run()', () => {
    const byRun = load(TICKS_WITH_HLT);
    byRun.m.run(1_000_000);
    const bySteps = load(TICKS_WITH_HLT);
    for (let i = 0; i < 1000 && !(bySteps.m.cpu.halted && !(bySteps.m.registers().flags & 0x200)); i++) {
      bySteps.m.step();
    }
    expect(bySteps.symbol('count')).toBe(5);
    expect(bySteps.m.snapshot().board).toEqual(byRun.m.snapshot().board);
    expect(bySteps.m.registers()).toEqual(byRun.m.registers());
  });

  it('a breakpoint on the timer handler stops every run there, whatever the slices', () => {
    const result = assemble(SPIN(64));
    const m = new Machine({ board: true });
    m.loadCom(result.image);
    const tick = result.symbols.find((x) => x.name === 'tick')!.value;
    m.addBreakpoint(0x10000 + tick);
    const hits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = m.run(100_000);
      expect(r.stop).toBe('breakpoint');
      expect(m.registers().ip).toBe(tick);
      hits.push(m.totalIterations);
    }
    // One IRQ0 per period of 64 clocks (instructions), once the first has come.
    expect([hits[1] - hits[0], hits[2] - hits[1], hits[3] - hits[2]]).toEqual([64, 64, 64]);
  });

  it('a counter read in the middle of a run sees the exact count', () => {
    const result = assemble(`${SETUP(0xff, 1000)}
  ${'nop\n'.repeat(10)}
  mov al, 0
  out 0x43, al
  in al, 0x40
  mov ah, al
  in al, 0x40
  xchg al, ah
  cli
  hlt
`);
    const m = new Machine({ board: true });
    m.loadCom(result.image);
    expect(m.run(1000).stop).toBe('halt');
    // Loaded by the OUT's own clock, then 10 NOPs and the MOV: 11 clocks before the latch.
    expect(m.registers().ax).toBe(1000 - 11);
  });
});

describe('keyboard IRQ1 and host input between runs', () => {
  it('each scan code is one IRQ1; the handler stores make and break', () => {
    const { m, symbol } = load(KEYS);
    expect(m.run(10_000).stop).toBe('halt'); // no timer: nothing will wake it
    m.board?.keyboard.pressKey(0x1e);
    m.run(10_000);
    expect(symbol('n')).toBe(2);
    expect(symbol('buf')).toBe(0x9e1e);
  });
});

describe('snapshots with a board', () => {
  it('snapshot → run N → restore → run N: identical, through structuredClone', () => {
    const { m } = load(SPIN(50));
    m.run(1234);
    const snapshot = structuredClone(m.snapshot());
    m.run(3000);
    const first = m.snapshot();
    m.restore(snapshot);
    m.run(3000);
    expect(m.snapshot()).toEqual(first);
  });

  it('a board snapshot does not fit a machine without one, and the other way round', () => {
    const { m } = load(SPIN(50));
    const withBoard = m.snapshot();
    const bare = new Machine();
    expect(() => bare.restore(withBoard)).toThrow(/device board/);
    const bareSnapshot: MachineSnapshot = bare.snapshot();
    expect(bareSnapshot.board).toBeUndefined();
    expect(() => m.restore(bareSnapshot)).toThrow(/device board/);
  });

  it('reset() powers the devices on again but keeps the disk contents', () => {
    const m = new Machine({ board: { diskImage: new Uint8Array(1024) } });
    const board = m.board!;
    board.disk.image[5] = 0x77;
    board.pic.write8(0x21, 0x00);
    board.debugConsole.write8(0xe9, 0x41);
    m.reset();
    expect(board.pic.read8(0x21)).toBe(0xff);
    expect(board.debugConsole.takeOutput()).toHaveLength(0);
    expect(board.disk.image[5]).toBe(0x77);
  });
});
