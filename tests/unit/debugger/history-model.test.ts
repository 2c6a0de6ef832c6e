// History against an independent model: random sessions (steps, runs, jumps back and forth, step backs, pokes
// and register edits at random points) on random programs; after every operation the engine's state must equal
// what a fresh machine reaches by running forward from the load and applying the logged inputs at their steps,
// without any history at all.
import { describe, expect, it } from 'vitest';
import { DebugEngine, Machine, MachineTarget, type TargetInput } from '$lib/emu';
import { seededRandom } from './helpers';

const MEMORY = 1024 * 1024;

function program(random: () => number): number[] {
  return Array.from({ length: 1024 }, () => Math.floor(random() * 256));
}

/** The state hash at `step` by plain forward execution from the load, inputs applied at their logged steps. */
function modelHash(
  code: number[],
  inputs: readonly { step: number; input: TargetInput }[],
  step: number
): number {
  const machine = new Machine({ memorySize: MEMORY });
  machine.loadCom(code);
  const target = new MachineTarget(machine);
  const run = (to: number) => {
    while (machine.totalSteps < to)
      if (machine.run(Number.POSITIVE_INFINITY, { maxSteps: to - machine.totalSteps }).steps === 0) break;
  };
  for (const { step: at, input } of inputs) {
    if (at > step) break;
    run(at);
    target.applyInput(input);
  }
  run(step);
  return target.stateHash();
}

describe('history agrees with plain forward execution', () => {
  it.each(Array.from({ length: 12 }, (_, i) => 2001 + i))('seed %d', (seed) => {
    const random = seededRandom(seed);
    const code = program(random);
    const machine = new Machine({ memorySize: MEMORY });
    machine.loadCom(code);
    const engine = new DebugEngine(new MachineTarget(machine), {
      history: { interval: 1 + Math.floor(random() * 40) }
    });
    for (let op = 0; op < 40; op++) {
      const choice = random();
      if (choice < 0.25) engine.stepInto();
      else if (choice < 0.45) engine.jumpTo(engine.step + Math.floor(random() * 60));
      else if (choice < 0.6) engine.jumpTo(Math.floor(random() * (engine.history.head + 1)));
      else if (choice < 0.7) engine.stepBack(1 + Math.floor(random() * 5));
      else if (choice < 0.85) {
        const address = 0x10100 + Math.floor(random() * 1024);
        engine.input({ kind: 'poke', address, bytes: [Math.floor(random() * 256)] });
      } else {
        engine.input({ kind: 'registers', values: { ax: Math.floor(random() * 0x10000), sp: 0xfff0 } });
      }
      expect(engine.target.stateHash(), `operation ${op} at step ${engine.step}`).toBe(
        modelHash(code, engine.history.inputs, engine.step)
      );
    }
  });
});
