// The step kinds only a hypervisor has (issue 6): "run to next exit" (stops right AFTER the exit is handled) and
// "one hypervisor handler step" (the exit's handler advanced one HvStep at a time, virtualization.md §2.5), and
// exit-reason watchpoints under the HypervisorTarget. Expected handler steps from §2.4: a pre-VT profile
// (Strict-P&G) reports only #GP, so its handler first fetches and decodes the instruction; HW-assist reports the
// reason and its qualification, so the handler emulates at once.
import { describe, expect, it } from 'vitest';
import { assemble, DebugEngine, Hypervisor, HypervisorTarget, type HvStep, type ProfileName } from '$lib/emu';

interface Row {
  name: string;
  profile: ProfileName;
  source: string;
  /** The hardware's report (VT-x numbering: 0 EXCEPTION, 12 HLT, 30 IO_INSTRUCTION). */
  reason: number;
  labels: string[];
}

const AFTER = 'nop\nnop\nnop\nnop\nhlt';
const ROWS: Row[] = [
  {
    name: 'CLI, Strict-P&G',
    profile: 'Strict-P&G',
    source: `nop\nnop\ncli\n${AFTER}`,
    reason: 0,
    labels: ['exit', 'decode', 'cli']
  },
  {
    name: 'OUT E9h, Strict-P&G',
    profile: 'Strict-P&G',
    source: `mov al, 0x41\nout 0xe9, al\n${AFTER}`,
    reason: 0,
    labels: ['exit', 'decode', 'out']
  },
  {
    name: 'OUT E9h, HW-assist',
    profile: 'HW-assist',
    source: `mov al, 0x41\nout 0xe9, al\n${AFTER}`,
    reason: 30,
    labels: ['exit', 'out']
  },
  {
    name: 'HLT with IF clear, HW-assist',
    profile: 'HW-assist',
    source: 'nop\nhlt',
    reason: 12,
    labels: ['exit', 'hlt']
  }
];

function image(source: string): Uint8Array {
  const program = assemble(`bits 16\norg 0x100\n${source}`, { fileName: 'guest.asm' });
  expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return program.image;
}

/** The row's guest in VM0; with `neighbour`, VM1 spins (Strict-P&G: its quantum ends by the physical timer). */
function host(row: Row, neighbour: boolean): Hypervisor {
  const hv = new Hypervisor({ quantum: 3, memorySize: 2 * 1024 * 1024 });
  hv.loadCom(hv.addVm({ profile: row.profile, paging: 'p2m' }), image(row.source));
  if (neighbour)
    hv.loadCom(hv.addVm({ profile: 'Strict-P&G', paging: 'p2m' }), image('again: inc ax\njmp again'));
  return hv;
}

const labels = (steps: HvStep[]) => steps.map((s) => s.label);

describe.each(ROWS)('$name', (row) => {
  it('Hypervisor: runToExit stops before the handler; handler steps in order; then the state of a plain run', () => {
    const budget = 6;
    const stepped = host(row, false);
    const pending = stepped.runToExit(budget);
    expect(pending?.exit.reason).toBe(row.reason);
    expect(pending?.steps).toEqual([]);
    const seen: string[] = [];
    for (let s = stepped.handlerStep(); s !== null; s = stepped.handlerStep()) {
      seen.push(s.label);
      expect(labels(stepped.pendingExit?.steps ?? [])).toEqual(seen); // the current step is the last one shown
    }
    expect(seen).toEqual(row.labels);
    expect(stepped.pendingExit).toBeNull();
    stepped.run(budget - stepped.time);
    const plain = host(row, false);
    plain.run(budget);
    expect(labels(plain.exitLog[0].steps)).toEqual(row.labels);
    expect(stepped.exitLog).toEqual(plain.exitLog);
    expect(stepped.stateHash()).toBe(plain.stateHash());
  });

  it('HypervisorTarget, two VMs: handler steps end on the state "run to next exit" reaches', () => {
    const stepped = new HypervisorTarget(host(row, true));
    const paused = stepped.runUntilExitPending(1000);
    expect([paused.stop, paused.exit?.reason, stepped.hv.pendingExit?.vm.id]).toEqual([
      'exit',
      row.reason,
      0
    ]);
    const before = stepped.stepCount();
    const seen: string[] = [];
    for (let r = stepped.handlerStep(); !r.done; r = stepped.handlerStep()) seen.push(r.current?.label ?? '');
    expect(seen).toEqual(row.labels);
    expect(stepped.stepCount()).toBe(before + 1); // the exit handled is one step of the timeline

    const plain = new HypervisorTarget(host(row, true));
    const run = plain.runToNextExit(1000);
    expect([run.stop, run.exit?.reason]).toEqual(['exit', row.reason]);
    expect(plain.stepCount()).toBe(stepped.stepCount());
    expect(plain.stateHash()).toBe(stepped.stateHash());

    // The engine's goal: the same stop, and stepping back from it lands where the exit was still ahead.
    const target = new HypervisorTarget(host(row, true));
    const engine = new DebugEngine(target, { history: { interval: 4 } });
    const stop = engine.runToNextExit(1000);
    expect([stop.reason, stop.step, stop.exit?.reason]).toEqual(['exit', plain.stepCount(), row.reason]);
    // One exit of the row's reason so far (a pre-VT slice ending by the physical timer in the same step may log
    // an EXTERNAL_INTERRUPT exit too).
    expect(target.hv.exitLog.filter((e) => e.reported === row.reason)).toHaveLength(1);
    engine.stepBack(1);
    expect(target.stateHash()).not.toBe(plain.stateHash());
    engine.jumpTo(stop.step);
    expect(target.stateHash()).toBe(plain.stateHash());
  });
});

describe('exit-reason watchpoints under the HypervisorTarget', () => {
  // mov al, 41h / out E9h, al / nop / hlt: HW-assist exits on the OUT (IO_INSTRUCTION 30) and on the HLT (12,
  // IF clear: the VM stops); Strict-P&G reports both as #GP (EXCEPTION 0). CR_ACCESS (28) never happens.
  const SOURCE = 'mov al, 0x41\nout 0xe9, al\nnop\nhlt';
  const OUT_NEXT = 0x104; // IP after MOV AL (2 bytes) and OUT imm8 (2 bytes)
  it.each([
    {
      profile: 'HW-assist',
      reason: 30,
      stop: 'watchpoint',
      ip: OUT_NEXT,
      detail: 'VM exit IO_INSTRUCTION (30)'
    },
    { profile: 'HW-assist', reason: 12, stop: 'watchpoint', ip: OUT_NEXT + 2, detail: 'VM exit HLT (12)' },
    {
      profile: 'HW-assist',
      reason: undefined,
      stop: 'watchpoint',
      ip: OUT_NEXT,
      detail: 'VM exit IO_INSTRUCTION (30)'
    },
    { profile: 'HW-assist', reason: 28, stop: 'halt', ip: OUT_NEXT + 2, detail: null },
    { profile: 'Strict-P&G', reason: 0, stop: 'watchpoint', ip: OUT_NEXT, detail: 'EXCEPTION (0)' },
    { profile: 'Strict-P&G', reason: 12, stop: 'halt', ip: OUT_NEXT + 2, detail: null }
  ] as const)('$profile, watch reason $reason: $stop', ({ profile, reason, stop, ip, detail }) => {
    const hv = new Hypervisor({ memorySize: 2 * 1024 * 1024 });
    hv.loadCom(hv.addVm({ profile, paging: 'p2m' }), image(SOURCE));
    const target = new HypervisorTarget(hv);
    const engine = new DebugEngine(target);
    engine.addWatchpoint(reason === undefined ? { kind: 'exit' } : { kind: 'exit', reason });
    const result = engine.continue(10_000);
    expect(result.reason).toBe(stop);
    expect(target.registers().ip).toBe(ip);
    if (detail === null) expect(result.watch).toBeUndefined();
    else expect(result.watch?.[0].detail).toContain(detail);
  });

  it('without a watchpoint, a run goes through the exits (the hypervisor handles them) to the end', () => {
    const hv = new Hypervisor({ memorySize: 2 * 1024 * 1024 });
    hv.loadCom(hv.addVm({ profile: 'HW-assist', paging: 'p2m' }), image(SOURCE));
    const engine = new DebugEngine(new HypervisorTarget(hv));
    expect(engine.continue(10_000).reason).toBe('halt');
    expect(hv.vms[0].console).toBe('A');
    expect(hv.exitLog.map((e) => e.reported)).toEqual([30, 12]);
  });
});
