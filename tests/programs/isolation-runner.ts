// The runner of the isolation property test (isolation-property-*.test.ts, split in two files so the two halves
// run in parallel). See isolation-property-a.test.ts for what is checked.
import { readFileSync } from 'node:fs';
import { audit, Hypervisor, PAGING_MODES, PROFILE_NAMES, type Violation, type Vm } from '$lib/emu';
import { COM_REGISTERS } from './guest-harness';
import { randomGuest } from './random-guest';

const PER_HYPERVISOR = 14;
const VICTIM = readFileSync('static/programs/escape/victim.com');

/** FNV-1a over the neighbour's backed frames (its backing array is compared separately). */
function backedHash(hv: Hypervisor, vm: Vm): number {
  let hash = 0x811c9dc5;
  const bytes = hv.machine.memory.bytes;
  for (let g = 0; g < 256; g++) {
    const host = vm.p2m.hostFrame[g];
    if (host < 0) continue;
    hash = Math.imul(hash ^ g, 0x01000193);
    for (let k = host * 4096; k < host * 4096 + 4096; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
  }
  return hash >>> 0;
}

/** The hypervisor's structures for a VM, as one string to compare. */
function structures(hv: Hypervisor, vm: Vm): string {
  const bytes = hv.machine.memory.bytes;
  const tables = [vm.p2m.directoryFrame, ...vm.p2m.tableFrames].map((f) =>
    Buffer.from(bytes.subarray(f * 4096, f * 4096 + 4096)).toString('base64')
  );
  return JSON.stringify([
    Array.from(vm.p2m.hostFrame),
    Array.from(vm.p2m.backing),
    tables,
    Buffer.from(vm.controls.ioBitmap).toString('base64'),
    vm.controls.paging
  ]);
}

interface Neighbour {
  hv: Hypervisor;
  victim: Vm;
  hash: number;
  structures: string;
  violations: Violation[];
}

function freshHypervisor(): Neighbour {
  const hv = new Hypervisor({ quantum: 250 });
  const victim = hv.addVm({ name: 'neighbour', profile: 'Strict-P&G', paging: 'p2m' });
  hv.writeGuestPhysical(victim, 0x10100, VICTIM);
  hv.start(victim, COM_REGISTERS);
  hv.run(400); // the neighbour writes its secret, then only spins
  const n: Neighbour = {
    hv,
    victim,
    hash: backedHash(hv, victim),
    structures: structures(hv, victim),
    violations: []
  };
  // After every exit: the VM that exited (the only one whose structures the handler touched); after every guest
  // (below): the whole host, and the neighbour's structures byte for byte.
  hv.afterExit = (vm) => {
    if (n.violations.length < 5) n.violations.push(...audit(hv, vm).violations);
  };
  return n;
}

export function runGuests(
  first: number,
  count: number
): { failures: string[]; instructions: number; exits: number; pagingOn: number } {
  const failures: string[] = [];
  let instructions = 0;
  let exits = 0;
  let pagingOn = 0;
  let n = freshHypervisor();
  for (let i = first; i < first + count; i++) {
    if (n.hv.vms.length > PER_HYPERVISOR) n = freshHypervisor();
    const seed = 0x5eed0000 + i;
    const guest = randomGuest(seed);
    const profile = PROFILE_NAMES[i % PROFILE_NAMES.length];
    const paging = PAGING_MODES[Math.floor(i / PROFILE_NAMES.length) % PAGING_MODES.length];
    const { hv, victim } = n;
    const label = `seed ${seed.toString(16)} (${guest.kind}, ${profile}, ${paging})`;
    const exitsBefore = hv.exitCount;
    const timeBefore = hv.time;
    try {
      const vm = hv.addVm({ profile, paging });
      hv.writeGuestPhysical(vm, 0x10100, guest.image);
      hv.start(vm, { ...COM_REGISTERS, flags: guest.flags });
      vm.pass = victim.pass - 1; // it runs first, then they alternate
      hv.run(400 + (seed % 1200)); // the guest's share: 200-1,000 instructions and more
      hv.stop(vm, 'budget of the property test');
      if (vm.controls.guestCr0 & 0x8000) pagingOn++;
    } catch (error) {
      failures.push(`${label}: host exception ${(error as Error).stack}`);
      n = freshHypervisor();
      continue;
    }
    instructions += hv.time - timeBefore;
    exits += hv.exitCount - exitsBefore;
    if (hv.hung) failures.push(`${label}: the host hung`);
    if (n.violations.length > 0) failures.push(`${label}: ${JSON.stringify(n.violations.slice(0, 2))}`);
    const end = audit(hv);
    if (!end.ok) failures.push(`${label}: at the end ${JSON.stringify(end.violations.slice(0, 2))}`);
    if (backedHash(hv, victim) !== n.hash) failures.push(`${label}: the neighbour's memory changed`);
    if (structures(hv, victim) !== n.structures)
      failures.push(`${label}: the neighbour's P2M or controls changed`);
    if (victim.status !== 'runnable') failures.push(`${label}: the neighbour stopped (${victim.stopReason})`);
    if (failures.length > 0 && (hv.hung || n.violations.length > 0 || !end.ok)) n = freshHypervisor();
    if (failures.length >= 5) break;
  }
  return { failures, instructions, exits, pagingOn };
}
