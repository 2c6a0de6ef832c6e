// Hypervisor.step() is run() one instruction at a time (issue 6: the debugger's step under the hypervisor): the
// same scheduling (quantum, stride order, the pre-VT physical timer), injection and exits. Stepping until a
// slice has just ended at model time T leaves the host as run(T) does: the same memory, exit log, scheduling
// trace and state, bookkeeping apart: a step is one unit of model time, so a REP instruction resumes once per
// iteration (the CPU's step counter counts each resumption) and refetches through the TLB (more hits, a later
// LRU clock, the entries in the same LRU order). Those counters decide nothing; they are compared normalized
// (as MachineTarget's hash does). Guests as in the determinism test, three VMs, every paging mode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hypervisor, PAGING_MODES, type HostSnapshot, type PagingMode } from '$lib/emu';
import { sharedPath } from '../../shared-folder';

const GUESTS = [
  readFileSync(sharedPath('bench/bin/sieve.com')),
  readFileSync('static/programs/paging-switch.com'),
  readFileSync(sharedPath('bench/bin/crc32.com'))
];

function host(paging: PagingMode): Hypervisor {
  const hv = new Hypervisor({ quantum: 300 });
  GUESTS.forEach((image, k) => {
    const vm = hv.addVm({ profile: k === 1 ? 'HW-assist' : 'Strict-P&G', paging });
    hv.writeGuestPhysical(vm, 0x10100, image);
    hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf002 });
  });
  return hv;
}

/** The host snapshot with the TLB as its entries in LRU order, and no lookup or step counters. */
function normalized(hv: Hypervisor): unknown {
  const snapshot: HostSnapshot = hv.snapshot();
  const { tlb } = snapshot.machine.paging;
  const stamps = tlb.entries.map((entry) => entry.lastUsed).sort((a, b) => a - b);
  return {
    ...snapshot,
    machine: {
      ...snapshot.machine,
      cpu: { ...snapshot.machine.cpu, steps: null },
      paging: {
        ...snapshot.machine.paging,
        tlb: {
          ...tlb,
          entries: tlb.entries.map((entry) => ({ ...entry, lastUsed: stamps.indexOf(entry.lastUsed) })),
          counters: null,
          clock: null
        }
      }
    },
    vms: snapshot.vms.map((vm) => ({ ...vm, counters: { ...vm.counters, tlbHits: null, tlbMisses: null } }))
  };
}

describe.each(PAGING_MODES)('paging %s', (paging) => {
  it('steps up to the end of a slice give the state of run() over the same time', () => {
    const stepped = host(paging);
    const kinds = new Set<string>();
    while (stepped.time < 2500 || stepped.openSlice !== null) kinds.add(stepped.step().kind);
    expect([...kinds].sort()).toEqual(['exit', 'instruction']);
    const plain = host(paging);
    plain.run(stepped.time);
    expect(stepped.trace).toEqual(plain.trace);
    expect(stepped.exitLog).toEqual(plain.exitLog);
    expect(normalized(stepped)).toEqual(normalized(plain));
  });
});
