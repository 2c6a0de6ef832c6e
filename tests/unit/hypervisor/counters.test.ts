// Counters (issue 5, acceptance 4; virtualization.md §2.7 "side by side", §2.15): the same guest kernel — two
// address spaces switched by CR3 3,000 times (static/programs/paging-switch.asm) — under shadow paging shows
// hidden page faults and CR3 exits; under nested paging (HW-assist) none of those, but two-dimensional walks:
// more table references per TLB miss than the 2 of a one-level walk. Counts, never timings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hypervisor, exitReasons, type PagingMode, type ProfileName } from '$lib/emu';

const KERNEL = readFileSync('static/programs/paging-switch.com');

function run(profile: ProfileName, paging: PagingMode) {
  const hv = new Hypervisor();
  const vm = hv.addVm({ profile, paging });
  hv.writeGuestPhysical(vm, 0x10100, KERNEL);
  hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf002 });
  hv.run(10_000_000);
  expect(vm.stopReason).toBe('halt');
  return vm.counters;
}

describe('shadow paging vs nested paging on the same guest kernel', () => {
  const cr3Loads = 2 * 3000 + 1; // two per round, and the first one before paging is turned on
  it.each<[ProfileName, PagingMode]>([
    ['HW-assist', 'shadow'],
    ['HW-assist', 'shadow-traced'],
    ['Strict-P&G', 'shadow']
  ])('%s, %s: hidden page faults and a CR_ACCESS exit for every CR3 load', (profile, paging) => {
    const counters = run(profile, paging);
    expect(counters.exits[exitReasons.EXIT_CR_ACCESS]).toBeGreaterThanOrEqual(cr3Loads + 1);
    expect(counters.cr3Writes).toBe(cr3Loads);
    expect(counters.hiddenFaults).toBeGreaterThan(cr3Loads / 2);
  });

  it('the virtual TLB rebuilds its shadow at every CR3 load; the traced variant switches cached ones', () => {
    const vtlb = run('HW-assist', 'shadow');
    const traced = run('HW-assist', 'shadow-traced');
    // VTLB: after each switch the loop's code page (10h) and data page (50h) fault again: 2 fills per CR3 load.
    expect(vtlb.shadowFills).toBeGreaterThan(2 * 6000);
    expect(traced.shadowFills).toBeLessThan(vtlb.shadowFills / 5);
    expect(traced.tracingFaults).toBeGreaterThanOrEqual(2 * 375);
  });

  it('HW-assist with nested paging: no CR3 exits, no hidden faults after the first touches, 2-D walks', () => {
    const nested = run('HW-assist', 'nested');
    const shadow = run('HW-assist', 'shadow');
    expect(nested.exits[exitReasons.EXIT_CR_ACCESS]).toBeUndefined();
    expect(nested.cr3Writes).toBe(0);
    expect(nested.exits[exitReasons.EXIT_EXCEPTION]).toBeUndefined();
    // Nested violations only back each guest frame once (lazy backing), never per switch.
    expect(nested.exits[exitReasons.EXIT_NPT_VIOLATION]).toBeLessThan(100);
    const nestedMisses = nested.tlbMisses;
    expect(nestedMisses).toBeGreaterThan(0);
    // A 2-D walk reads up to 8 entries per miss, a shadow walk 2.
    expect(nested.walkReferences / nestedMisses).toBeGreaterThan(3);
    expect(shadow.walkReferences / shadow.tlbMisses).toBeLessThanOrEqual(2);
  });
});
