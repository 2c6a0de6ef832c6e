// Determinism (issue 5, acceptance 3; virtualization.md §2.13): snapshot the host with three VMs running, run N
// guest instructions, restore, run N again: the whole host state (every byte of host memory, the CPU, the TLB,
// every VMCB, P2M, shadow and device) hashes the same, in every paging mode. Three different guests: a benchmark
// loop, a guest that runs its own page tables (shadow and nested paging at work), and a second benchmark.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hypervisor, PAGING_MODES, type PagingMode } from '$lib/emu';
import { sharedPath } from '../../shared-folder';

const GUESTS = [
  readFileSync(sharedPath('bench/bin/sieve.com')),
  readFileSync('static/programs/paging-switch.com'),
  readFileSync(sharedPath('bench/bin/crc32.com'))
];

function host(paging: PagingMode): Hypervisor {
  const hv = new Hypervisor({ quantum: 700 });
  GUESTS.forEach((image, k) => {
    const vm = hv.addVm({ profile: k === 1 ? 'HW-assist' : 'Strict-P&G', paging });
    hv.writeGuestPhysical(vm, 0x10100, image);
    hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf002 });
  });
  return hv;
}

describe.each(PAGING_MODES)('paging %s: snapshot, run N, restore, run N', (paging) => {
  it.each([1, 999, 25_000])('N = %i', (n) => {
    const hv = host(paging);
    hv.run(4_321);
    const snapshot = structuredClone(hv.snapshot());
    const before = hv.stateHash();
    hv.run(n);
    const first = hv.stateHash();
    expect(first).not.toBe(before);
    hv.restore(snapshot);
    expect(hv.stateHash()).toBe(before);
    hv.run(n);
    expect(hv.stateHash()).toBe(first);
  });

  it('a snapshot that does not fit is refused and changes nothing', () => {
    const hv = host(paging);
    hv.run(1000);
    const before = hv.stateHash();
    const snapshot = hv.snapshot();
    expect(() => hv.restore({ ...snapshot, vms: snapshot.vms.slice(1) })).toThrow(/3 VMs|2 VMs/);
    expect(() => hv.restore({ ...snapshot, version: 99 } as never)).toThrow(/version 99/);
    expect(hv.stateHash()).toBe(before);
  });
});
