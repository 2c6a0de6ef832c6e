// The HypervisorTarget's views and breakpoints: looking changes nothing (STYLE.md rule 6: no A/D bits, no frame
// backed, no hash change); the registers and memory shown are the VM whose turn it is, or the one selected; a
// breakpoint stops before the instruction in whichever VM reaches it; a condition is evaluated in that VM.
import { describe, expect, it } from 'vitest';
import { assemble, DebugEngine, Hypervisor, HypervisorTarget, type PagingMode } from '$lib/emu';

// Each VM counts in AX; `mark` is reached once per loop turn. VM1 starts with AX = 100h (set below).
const SOURCE = `
again:  inc ax
mark:   nop
        cmp ax, 0x103
        jne again
        cli
        hlt`;

function rig(paging: PagingMode) {
  const program = assemble(`bits 16\norg 0x100\n${SOURCE}`, { fileName: 'count.asm' });
  const hv = new Hypervisor({ quantum: 4, memorySize: 2 * 1024 * 1024 });
  for (const profile of ['Strict-P&G', 'HW-assist'] as const) {
    hv.loadCom(hv.addVm({ profile, paging }), program.image);
  }
  hv.vms[1].context.registers.ax = 0x100;
  const mark = program.symbols.find((s) => s.name === 'mark')?.value ?? -1;
  return { hv, target: new HypervisorTarget(hv), program, mark };
}

describe.each(['p2m', 'shadow', 'nested'] as const)('paging %s', (paging) => {
  it('peeks and registers have no side effect and show the VM asked for', () => {
    const { hv, target, program } = rig(paging);
    const engine = new DebugEngine(target);
    engine.stepInto();
    engine.stepInto();
    const hash = target.stateHash();
    const backed = hv.vms.map((vm) => Array.from(vm.p2m.hostFrame));
    for (const id of [0, 1]) {
      target.select(id);
      expect(target.registers().cs).toBe(0x1000);
      const code = Array.from(program.image, (_, k) => target.peek8(0x10100 + k));
      expect(code).toEqual(Array.from(program.image));
      // Guest RAM it never touched: reads 0 (fresh RAM) and stays unbacked.
      expect(target.peek8(0x80000)).toBe(0);
    }
    expect(hv.vms.map((vm) => Array.from(vm.p2m.hostFrame))).toEqual(backed);
    expect(target.stateHash()).toBe(hash);
  });

  it('a breakpoint stops in each VM as it reaches the place; a condition reads that VM', () => {
    const { target, mark } = rig(paging);
    const engine = new DebugEngine(target);
    engine.addBreakpoint({ location: { kind: 'segmented', segment: 0x1000, offset: mark } });
    const seen: number[][] = [];
    for (let k = 0; k < 4; k++) {
      const stop = engine.continue(10_000);
      expect(stop.reason).toBe('breakpoint');
      const r = target.registers();
      seen.push([target.currentVm().id, r.ip, r.ax]);
    }
    // The quantum (4) lets each VM pass `mark` once per slice (VM0 first: the smallest pass, then stride order).
    expect(seen).toEqual([
      [0, mark, 1],
      [1, mark, 0x101],
      [0, mark, 2],
      [1, mark, 0x102]
    ]);

    const conditional = rig(paging);
    const other = new DebugEngine(conditional.target);
    other.addBreakpoint({
      location: { kind: 'linear', address: 0x10000 + conditional.mark },
      condition: 'ax == 0x102'
    });
    expect(other.continue(10_000).reason).toBe('breakpoint');
    expect([conditional.target.currentVm().id, conditional.target.registers().ax]).toEqual([1, 0x102]);
  });
});
