// Acceptance 1 of issue 6 under the hypervisor: two VMs (Strict-P&G and HW-assist, paging modes varied) run
// seeded random guests (tests/programs/random-guest.ts: random bytes, random valid instructions, every sensitive
// instruction, page-table writes). Stepping the host forward K then back J lands on exactly the host state hash
// recorded at K − J (all host memory, the CPU, the TLB, every VMCB, P2M, shadow table, virtual device and the
// scheduler), for random K and J; excursions back and forth in between must not disturb what comes after.
import { describe, expect, it } from 'vitest';
import { DebugEngine, Hypervisor, HypervisorTarget, PAGING_MODES } from '$lib/emu';
import { randomGuest } from '../../programs/random-guest';
import { seededRandom } from './helpers';

const HOSTS = 16;
const MAX_K = 300;

function randomHost(seed: number): Hypervisor {
  const random = seededRandom(seed);
  // A short quantum, so the two VMs take turns (world switches) within K steps.
  const hv = new Hypervisor({ quantum: 5 + Math.floor(random() * 60), memorySize: 3 * 1024 * 1024 });
  const profiles = ['Strict-P&G', 'HW-assist'] as const;
  profiles.forEach((profile, k) => {
    const vm = hv.addVm({ profile, paging: PAGING_MODES[(seed + k) % PAGING_MODES.length] });
    const guest = randomGuest(seed * 2 + k);
    hv.loadCom(vm, guest.image);
    const s = 0x1000;
    hv.start(vm, { cs: s, ds: s, es: s, ss: s, ip: 0x100, sp: 0xfffe, flags: guest.flags });
  });
  return hv;
}

describe('hypervisor with two VMs: forward K, back J lands on the state recorded at K − J', () => {
  it.each(Array.from({ length: HOSTS }, (_, i) => [7000 + i, PAGING_MODES[(7000 + i) % 4]]))(
    'seed %d (VM0 paging %s)',
    (seed) => {
      const random = seededRandom(seed ^ 0x9e3779b9);
      const hv = randomHost(seed);
      const target = new HypervisorTarget(hv);
      const interval = 1 + Math.floor(random() * 40);
      const engine = new DebugEngine(target, { history: { interval } });
      const k = 1 + Math.floor(random() * MAX_K);
      const hashes: number[] = [target.stateHash()];
      const vmsSeen = new Set<number>();
      while (engine.step < k) {
        vmsSeen.add(target.currentVm().id);
        if (engine.stepInto().reason !== 'step') break; // every VM stopped: nothing can run
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
        // The first trial goes all the way back (the state before any VM ever entered), the others anywhere.
        const j = trial === 0 ? reached : Math.floor(random() * (reached + 1));
        engine.jumpTo(reached);
        const stop = engine.stepBack(j);
        expect(stop.reason).toBe(reached === 0 ? 'refused' : 'step');
        expect([engine.step, target.stateHash()]).toEqual([reached - j, hashes[reached - j]]);
      }
    }
  );
});
