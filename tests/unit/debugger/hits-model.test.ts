// Breakpoints and watchpoints against an independent model, on random programs: a fresh machine stepped one
// instruction at a time lists every position where a breakpoint's place and condition hold (before the
// instruction) or a watched range was written (after the instruction). Continue must visit exactly those
// positions going forward, and reverse continue exactly those positions, latest first, going back.
import { describe, expect, it } from 'vitest';
import { DebugEngine, Machine, MachineTarget, type BusObserver } from '$lib/emu';
import { seededRandom } from './helpers';

const MEMORY = 1024 * 1024;
const HEAD = 400;
const CONDITIONS: [string, (r: { ax: number; cx: number; flags: number }) => boolean][] = [
  ['', () => true],
  ['ax & 1', (r) => (r.ax & 1) !== 0],
  ['zf', (r) => (r.flags & 0x40) !== 0],
  ['cx != 0 && ax < 0x8000', (r) => r.cx !== 0 && r.ax < 0x8000]
];

function freshMachine(code: number[]): Machine {
  const machine = new Machine({ memorySize: MEMORY });
  machine.loadCom(code);
  return machine;
}

describe('continue and reverse continue visit exactly the model’s hit positions', () => {
  it.each(Array.from({ length: 16 }, (_, i) => 3001 + i))('seed %d', (seed) => {
    const random = seededRandom(seed);
    const code = Array.from({ length: 1024 }, () => Math.floor(random() * 256));

    // The model's first pass: which linear CS:IP addresses are reached, and which bytes are written.
    const scout = freshMachine(code);
    const visited: number[] = [];
    const written: number[] = [];
    const recorder: BusObserver = {
      memoryRead: () => {},
      memoryWrite: (address) => written.push(address),
      portRead: () => {},
      portWrite: () => {}
    };
    scout.bus.setObserver(recorder);
    for (let k = 0; k < HEAD && scout.step().kind !== 'halted'; k++) {
      const r = scout.registers();
      visited.push(r.cs * 16 + r.ip);
    }
    const breakpoints = Array.from({ length: 3 }, () => ({
      address: visited[Math.floor(random() * visited.length)],
      condition: CONDITIONS[Math.floor(random() * CONDITIONS.length)]
    }));
    const watch =
      written.length > 0 && random() < 0.7
        ? { address: written[Math.floor(random() * written.length)] & ~7, length: 8 }
        : null;

    // The model's second pass: the hit positions.
    const model = freshMachine(code);
    const hits = new Set<number>();
    const wrote = { now: false };
    model.bus.setObserver({
      ...recorder,
      memoryWrite: (address, size) => {
        if (watch && address < watch.address + watch.length && watch.address < address + size)
          wrote.now = true;
      }
    });
    for (let step = 0; step <= HEAD; step++) {
      const r = model.registers();
      if (breakpoints.some((b) => b.address === r.cs * 16 + r.ip && b.condition[1](r))) hits.add(step);
      if (step === HEAD) break;
      wrote.now = false;
      if (model.step().kind === 'halted' && model.totalSteps === step) break;
      if (wrote.now) hits.add(step + 1);
    }
    const end = model.totalSteps;

    const engine = new DebugEngine(new MachineTarget(freshMachine(code)), {
      history: { interval: 1 + Math.floor(random() * 64) }
    });
    for (const b of breakpoints) {
      const result = engine.addBreakpoint({
        location: { kind: 'linear', address: b.address },
        condition: b.condition[0]
      });
      expect(result.ok).toBe(true);
    }
    if (watch) engine.addWatchpoint({ kind: 'memory', ...watch, access: 'write' });
    const expected = [...hits].filter((s) => s > 0 && s <= end).sort((a, b) => a - b);

    const forward: number[] = [];
    for (;;) {
      const stop = engine.continue(end - engine.step);
      if (stop.reason !== 'breakpoint' && stop.reason !== 'watchpoint') break;
      forward.push(engine.step);
    }
    expect(forward).toEqual(expected);
    expect(engine.step).toBe(end);

    const backward: number[] = [];
    for (;;) {
      const stop = engine.reverseContinue();
      if (stop.reason !== 'breakpoint' && stop.reason !== 'watchpoint') break;
      backward.push(engine.step);
    }
    expect(backward).toEqual([...hits].filter((s) => s < end).sort((a, b) => b - a));
  });
});
