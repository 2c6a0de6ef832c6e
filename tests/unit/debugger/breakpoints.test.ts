// Every kind of breakpoint, table-driven: where the program stops (CS:IP, registers) and with which hit counts.
// Expected values come from reading the program (program.ts), not from running it.
import { describe, expect, it } from 'vitest';
import { COM_SEGMENT, type BreakpointSpec } from '$lib/emu';
import { rig } from './helpers';
import { lineOf, PROGRAM } from './program';

interface Case {
  name: string;
  spec: (label: (name: string) => number) => BreakpointSpec;
  /** Expected at each stop, in order; then the program runs to HLT. */
  stops: { ip: (label: (name: string) => number) => number; ax: number }[];
  logs?: string[];
}

const S = COM_SEGMENT;
const CASES: Case[] = [
  {
    name: 'linear address',
    spec: (l) => ({ location: { kind: 'linear', address: S * 16 + l('addone') } }),
    // Stops before `inc ax` of each of the 5 calls: AX = 0, 1, 2, 3, 4.
    stops: [0, 1, 2, 3, 4].map((ax) => ({ ip: (l) => l('addone'), ax }))
  },
  {
    name: 'CS:IP',
    spec: (l) => ({ location: { kind: 'segmented', segment: S, offset: l('addone') } }),
    stops: [0, 1, 2, 3, 4].map((ax) => ({ ip: (l) => l('addone'), ax }))
  },
  {
    name: 'CS:IP alias of the same linear address does not stop',
    // 0FF0:0200 is linear 10100h + ... : the same linear address as 1000:addone under another CS.
    spec: (l) => ({ location: { kind: 'segmented', segment: S - 1, offset: l('addone') + 16 } }),
    stops: []
  },
  {
    name: 'source line',
    spec: () => ({ location: { kind: 'line', file: 'test.asm', line: lineOf('inc ax') } }),
    stops: [0, 1, 2, 3, 4].map((ax) => ({ ip: (l) => l('addone'), ax }))
  },
  {
    name: 'conditional',
    spec: (l) => ({
      location: { kind: 'linear', address: S * 16 + l('addone') },
      condition: 'ax == 3 || cx == 5'
    }),
    // CX is 5 at the first call (AX = 0) and AX = 3 at the fourth.
    stops: [0, 3].map((ax) => ({ ip: (l) => l('addone'), ax }))
  },
  {
    name: 'condition over memory',
    spec: (l) => ({
      location: { kind: 'linear', address: S * 16 + l('addone') },
      condition: `byte [ds:${l('data')}] == 0 && ax > 3`
    }),
    stops: [{ ip: (l) => l('addone'), ax: 4 }]
  },
  {
    name: 'hit count: from the 4th hit on',
    spec: (l) => ({ location: { kind: 'linear', address: S * 16 + l('addone') }, hitCount: 4 }),
    stops: [3, 4].map((ax) => ({ ip: (l) => l('addone'), ax }))
  },
  {
    name: 'log point: never stops, logs every hit',
    spec: (l) => ({
      location: { kind: 'linear', address: S * 16 + l('addone') },
      logMessage: 'ax={ax:d} cx={cx}'
    }),
    stops: [],
    logs: ['ax=0 cx=05h', 'ax=1 cx=04h', 'ax=2 cx=03h', 'ax=3 cx=02h', 'ax=4 cx=01h']
  },
  {
    name: 'log point with a condition and a hit count',
    spec: (l) => ({
      location: { kind: 'linear', address: S * 16 + l('addone') },
      condition: 'ax & 1',
      hitCount: 2,
      logMessage: '{ax:d}'
    }),
    // Odd AX at entry: 1 and 3; from the 2nd such hit on: only 3.
    stops: [],
    logs: ['3']
  },
  {
    name: 'the interrupt handler, by linear address',
    spec: (l) => ({ location: { kind: 'linear', address: S * 16 + l('handler') } }),
    stops: [{ ip: (l) => l('handler'), ax: 0x41 }]
  }
];

describe('breakpoints stop where and when they should', () => {
  it.each(CASES)('$name', ({ spec, stops, logs }) => {
    const { engine, label, machine } = rig(PROGRAM);
    const result = engine.addBreakpoint(spec(label));
    if (!result.ok) throw new Error(result.error.message);
    for (const expected of stops) {
      const stop = engine.continue();
      expect(stop.reason).toBe('breakpoint');
      expect(stop.breakpoint).toBe(result.breakpoint.id);
      const regs = machine.registers();
      expect([regs.cs, regs.ip, regs.ax]).toEqual([S, expected.ip(label), expected.ax]);
    }
    const end = engine.continue();
    expect(end.reason).toBe('halt');
    expect(engine.state).toBe('halted');
    expect(machine.registers().ax).toBe(0x41);
    const messages = engine.takeEvents().flatMap((e) => (e.kind === 'log' ? [e.message] : []));
    expect(messages).toEqual(logs ?? []);
  });

  it('both fast and step-by-step runs honour them (a watchpoint forces step by step)', () => {
    const { engine, label } = rig(PROGRAM);
    engine.addBreakpoint({
      location: { kind: 'segmented', segment: S, offset: label('addone') },
      hitCount: 3
    });
    engine.addWatchpoint({ kind: 'port', port: 0x1234, access: 'readwrite' }); // never hit
    const stop = engine.continue();
    expect(stop.reason).toBe('breakpoint');
    expect(engine.target.registers().ax).toBe(2);
  });
});

describe('setting a breakpoint never throws: errors are data', () => {
  it.each([
    [{ location: { kind: 'linear', address: -1 } }, 'location', undefined, 'linear address'],
    [{ location: { kind: 'segmented', segment: 0x10000, offset: 0 } }, 'location', undefined, '16-bit'],
    [{ location: { kind: 'line', file: 'test.asm', line: 1 } }, 'location', undefined, 'produced no code'],
    [
      { location: { kind: 'linear', address: 0 }, condition: 'ax === 5' },
      'condition',
      6,
      "unexpected character '='"
    ],
    [
      { location: { kind: 'linear', address: 0 }, logMessage: 'x={ax +}' },
      'logMessage',
      8,
      'expected a value'
    ],
    [{ location: { kind: 'linear', address: 0 }, hitCount: 0 }, 'hitCount', undefined, 'whole number']
  ] as [BreakpointSpec, string, number | undefined, string][])('%j', (spec, field, column, message) => {
    const { engine } = rig(PROGRAM);
    const result = engine.addBreakpoint(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe(field);
    expect(result.error.column).toBe(column);
    expect(result.error.message).toContain(message);
  });
});
