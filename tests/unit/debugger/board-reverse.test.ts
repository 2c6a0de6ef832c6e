// Reverse execution with the PC board and the BIOS, as the IDE's engine host runs programs: the devices (PIC, PIT,
// keyboard, the debug console's text) are in every checkpoint and in the state hash, so going back to any step
// lands on exactly the state recorded there going forward, timer interrupts and printed text included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, COM_SEGMENT, DebugEngine, loadComWithBios, Machine, MachineTarget } from '$lib/emu';
import { seededRandom } from './helpers';

function boardEngine(file: string, interval: number): DebugEngine {
  const program = assemble(readFileSync(file, 'utf8'), { fileName: file });
  expect(program.ok).toBe(true);
  const machine = new Machine({ memorySize: 1 << 20, board: true });
  loadComWithBios(machine, program.image);
  const engine = new DebugEngine(new MachineTarget(machine), { history: { interval } });
  engine.setSource(program.sourceMap, COM_SEGMENT);
  return engine;
}

describe.each([
  // Prints through INT 21h and INT 10h: the console's text grows step by step.
  ['static/programs/dos-hello.asm', 5000],
  // Its own timer handler: the PIT counts and IRQ0 arrives between steps (HLT sleeps until it).
  ['static/programs/timer-ticks.asm', 30_000]
])('%s on the board', (file, limit) => {
  it.each([1, 64, 1 << 21])(
    'jumps back to random steps exactly (a checkpoint every %i steps)',
    (interval) => {
      const engine = boardEngine(file, interval);
      const hashes = [engine.target.stateHash()];
      for (let i = 0; i < limit && engine.stepInto().reason === 'step'; i++)
        hashes.push(engine.target.stateHash());
      expect(engine.state).toBe('halted');
      const end = engine.step;
      const random = seededRandom(interval);
      for (let i = 0; i < 25; i++) {
        const k = Math.floor(random() * (end + 1));
        engine.jumpTo(k);
        expect([engine.step, engine.target.stateHash()]).toEqual([k, hashes[k]]);
      }
    }
  );
});
