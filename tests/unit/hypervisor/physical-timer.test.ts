// The physical timer that ends a pre-VT quantum (virtualization.md §2.9): it interrupts at the quantum's own
// instruction boundary, so every slice of a guest that never blocks is exactly `quantum` instructions long, and
// each EXTERNAL_INTERRUPT exit reports the instruction the guest resumes at. Worked out by hand for a two-
// instruction loop (INC AX at 0100h, JMP back at 0101h): after an even number of instructions the next one is
// INC AX at 0100h, and AX counts half the instructions run.
import { describe, expect, it } from 'vitest';
import { assemble, exitReasons, Hypervisor, PAGING_MODES } from '$lib/emu';

const LOOP = assemble('org 0x100\nloop: inc ax\n jmp loop\n');

describe('the physical timer at the end of a quantum', () => {
  it.each(PAGING_MODES)('cuts Strict-P&G slices of exactly the quantum (%s paging)', (paging) => {
    const hv = new Hypervisor({ quantum: 100 });
    const vm = hv.addVm({ profile: 'Strict-P&G', paging });
    hv.writeGuestPhysical(vm, 0x10100, LOOP.image);
    hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf202 });
    expect(hv.run(1000)).toBe(1000);
    const slices = hv.trace.filter((slice) => slice.vm === vm.id);
    expect(slices.map((slice) => slice.end - slice.start)).toEqual(Array(10).fill(100));
    const timer = hv.exitLog.filter((entry) => entry.reported === exitReasons.EXIT_EXTERNAL_INTERRUPT);
    expect(timer).toHaveLength(10);
    expect(
      new Set(timer.map((entry) => `${entry.guestCs.toString(16)}:${entry.guestIp.toString(16)}`))
    ).toEqual(new Set(['1000:100']));
    expect(hv.guestRegisters(vm).ax).toBe(500);
  });
});
