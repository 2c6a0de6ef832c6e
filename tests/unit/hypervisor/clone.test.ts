// Clone with copy-on-write frames (issue 5 "Lifecycle"; virtualization.md §2.13): a clone taken mid-run finishes
// with the same end state as its source would alone (both do), shares every frame until one side writes it, and
// the isolation auditor stays green throughout. Oracle: the same program run without any clone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit, cloneVm, Hypervisor, PAGING_MODES, restoreVm, snapshotVm, type PagingMode } from '$lib/emu';

const KERNEL = readFileSync('static/programs/paging-switch.com');

function alone(paging: PagingMode) {
  const hv = new Hypervisor();
  const vm = hv.addVm({ profile: 'Strict-P&G', paging });
  hv.loadCom(vm, KERNEL);
  hv.run(10_000_000);
  return hv.guestRegisters(vm);
}

describe.each(PAGING_MODES)('clone a running guest (paging %s)', (paging) => {
  it('source and clone both finish as the program does alone; frames shared until written', () => {
    const expected = alone(paging);
    const hv = new Hypervisor();
    const source = hv.addVm({ profile: 'Strict-P&G', paging });
    hv.loadCom(source, KERNEL);
    hv.run(20_000); // mid-run: paging on, the loop switching address spaces
    const violations: string[] = [];
    hv.afterExit = () => {
      const result = audit(hv);
      if (!result.ok) violations.push(JSON.stringify(result.violations[0]));
    };
    const before = hv.frames.countOwned(source.id);
    const clone = cloneVm(hv, source);
    expect(hv.frames.countOwned(clone.id)).toBe(0); // nothing copied yet
    expect(audit(hv).ok).toBe(true);
    hv.run(10_000_000);
    expect(source.stopReason).toBe('halt');
    expect(clone.stopReason).toBe('halt');
    expect(hv.guestRegisters(source)).toEqual(expected);
    expect(hv.guestRegisters(clone)).toEqual(expected);
    expect(violations).toEqual([]);
    // Only the frames the loop writes were copied: far fewer than the source had.
    expect(hv.frames.countOwned(clone.id)).toBeGreaterThan(0);
    expect(hv.frames.countOwned(clone.id)).toBeLessThan(before);
  });
});

describe('snapshot and restore one VM while another runs', () => {
  it.each(PAGING_MODES)(
    'paging %s: the restored VM finishes as the program does alone; the other is untouched',
    (paging) => {
      const expected = alone(paging);
      const hv = new Hypervisor();
      const a = hv.addVm({ profile: 'HW-assist', paging });
      const b = hv.addVm({ profile: 'Strict-P&G', paging });
      hv.loadCom(a, KERNEL);
      hv.loadCom(b, KERNEL);
      hv.run(15_000);
      const saved = structuredClone(snapshotVm(hv, b));
      hv.run(40_000); // b runs on, changes its memory and registers
      restoreVm(hv, b, saved);
      expect(audit(hv).ok).toBe(true);
      hv.run(10_000_000);
      expect(hv.guestRegisters(a)).toEqual(expected);
      expect(hv.guestRegisters(b)).toEqual(expected);
      expect(audit(hv).ok).toBe(true);
      expect(() => restoreVm(hv, a, saved)).toThrow(/VM 1, not VM 0/);
    }
  );
});
