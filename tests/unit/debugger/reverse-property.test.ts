// Acceptance 1 (bare machine): for random programs, stepping forward K then back J lands on exactly the state
// recorded at K − J (the full state hash: registers, control registers, TLB, counters, all of memory), for
// random K and J. Programs are random bytes (every opcode, prefixes, far jumps, INT through a random IVT, port
// I/O, MOV CRn — whatever the bytes say); a run that halts early just makes K smaller. Seeded, so a failure
// reproduces; the seed is in the test name.
import { describe, expect, it } from 'vitest';
import { DebugEngine, Machine, MachineTarget, pageEntries } from '$lib/emu';
import { seededRandom } from './helpers';

const PROGRAMS = 24;
const MAX_K = 400;

/**
 * Paging on, the low 1 MiB identity-mapped (virtualization.md §2.2.2 layout: a 32-entry directory, 16-entry
 * tables), the tables in frames E0h–F0h: every access then goes through the TLB, whose state is part of the hash.
 */
function identityPaging(machine: Machine): void {
  const { PTE_PRESENT, PTE_WRITABLE, makeEntry } = pageEntries;
  const write32 = (address: number, value: number) => {
    for (let k = 0; k < 4; k++) machine.memory.write8(address + k, (value >>> (8 * k)) & 0xff);
  };
  for (let d = 0; d < 16; d++) {
    write32(0xe0 * 4096 + d * 4, makeEntry(0xe1 + d, PTE_PRESENT | PTE_WRITABLE));
    for (let t = 0; t < 16; t++)
      write32((0xe1 + d) * 4096 + t * 4, makeEntry(d * 16 + t, PTE_PRESENT | PTE_WRITABLE));
  }
  machine.cpu.setControlRegister(3, 0xe0);
  machine.cpu.setControlRegister(0, machine.cpu.cr0 | 0x8000);
}

function randomMachine(random: () => number, paged: boolean): Machine {
  const machine = new Machine({ memorySize: 1024 * 1024 });
  const code = Array.from({ length: 2048 }, () => Math.floor(random() * 256));
  machine.loadCom(code);
  // A random vector table and stack contents too, so interrupts and returns go somewhere varied.
  machine.load(
    Array.from({ length: 1024 }, () => Math.floor(random() * 256)),
    0
  );
  machine.setRegisters({
    ax: Math.floor(random() * 0x10000),
    bx: Math.floor(random() * 0x10000),
    si: Math.floor(random() * 0x10000),
    di: Math.floor(random() * 0x10000),
    flags: Math.floor(random() * 0x10000)
  });
  if (paged) identityPaging(machine);
  return machine;
}

describe('forward K, back J lands on the state recorded at K − J', () => {
  it.each(Array.from({ length: PROGRAMS }, (_, i) => [1000 + i, i % 2 === 1]))(
    'seed %d, paging %s',
    (seed, paged) => {
      const random = seededRandom(seed);
      const machine = randomMachine(random, paged);
      const target = new MachineTarget(machine);
      // Small checkpoint intervals, so stepping back crosses checkpoints and replays between them.
      const interval = 1 + Math.floor(random() * 50);
      const engine = new DebugEngine(target, { history: { interval } });
      const k = 1 + Math.floor(random() * MAX_K);
      const hashes: number[] = [target.stateHash()];
      // Forward one step at a time, recording every state; now and then an excursion back into history and
      // forward again (replay), which must not disturb what comes after.
      while (engine.step < k) {
        if (engine.stepInto().reason !== 'step') break; // halted (nothing can wake it) or shut down
        hashes.push(target.stateHash());
        if (random() < 0.05) {
          const here = engine.step;
          engine.jumpTo(Math.floor(random() * here));
          engine.jumpTo(here);
        }
      }
      const reached = engine.step;
      expect(hashes.length).toBe(reached + 1);
      for (let trial = 0; trial < 6; trial++) {
        const j = Math.floor(random() * (reached + 1));
        engine.jumpTo(reached);
        const stop = engine.stepBack(j);
        expect(stop.reason).toBe(reached === 0 ? 'refused' : 'step');
        expect([engine.step, target.stateHash()]).toEqual([reached - j, hashes[reached - j]]);
      }
    }
  );
});
