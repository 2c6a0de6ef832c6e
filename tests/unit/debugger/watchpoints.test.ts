// Every kind of watchpoint, table-driven: the run stops right after the step that did the watched thing, and
// the position and registers there are what reading the program says (program.ts, paging-demand.asm's header).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assemble,
  COM_SEGMENT,
  DebugEngine,
  Machine,
  MachineTarget,
  type Registers,
  type WatchpointSpec
} from '$lib/emu';
import { guest } from '../vm/vm-harness';
import { rig } from './helpers';
import { PROGRAM } from './program';

const S = COM_SEGMENT;

interface Case {
  name: string;
  spec: (label: (name: string) => number) => WatchpointSpec;
  /** After each stop: registers to check. Then the program runs to HLT. */
  stops: ((label: (name: string) => number) => Partial<Registers>)[];
  detail?: string;
}

const CASES: Case[] = [
  {
    name: 'memory write',
    spec: (l) => ({ kind: 'memory', address: S * 16 + l('data'), length: 1, access: 'write' }),
    // After `mov byte [si], 3` (before the read back into DL).
    stops: [() => ({ dx: 0 })],
    detail: 'write 03h to linear'
  },
  {
    name: 'memory read (a write to the same byte does not count)',
    spec: (l) => ({ kind: 'memory', address: S * 16 + l('data'), length: 1, access: 'read' }),
    stops: [() => ({ dx: 3 })],
    detail: 'read 03h from'
  },
  {
    name: 'memory read or write',
    spec: (l) => ({ kind: 'memory', address: S * 16 + l('data'), length: 1, access: 'readwrite' }),
    stops: [() => ({ dx: 0 }), () => ({ dx: 3 })]
  },
  {
    name: 'memory range: the stack word CALL and INT push first',
    spec: () => ({ kind: 'memory', address: S * 16 + 0xfffc, length: 2, access: 'write' }),
    // Five CALLs push their return address there; INT 80h pushes FLAGS there (then CS, IP below it).
    stops: [
      ...[1, 2, 3, 4, 5].map((n) => (l: (name: string) => number) => ({
        ip: l('addone'),
        ax: n - 1,
        sp: 0xfffc
      })),
      (l) => ({ ip: l('handler'), sp: 0xfff8 })
    ]
  },
  {
    name: 'memory: the IVT entry the program installs',
    spec: () => ({ kind: 'memory', address: 0x80 * 4, length: 4, access: 'write' }),
    stops: [() => ({ cx: 0 }), () => ({ cx: 0 })]
  },
  {
    name: 'port write',
    spec: () => ({ kind: 'port', port: 0xe9, access: 'write' }),
    stops: [() => ({ ax: 0x41 })],
    detail: 'write 41h to port 00E9h'
  },
  {
    name: 'port read',
    spec: () => ({ kind: 'port', port: 0x60, access: 'read' }),
    stops: [() => ({ ax: 0xff })],
    detail: 'read FFh from port 0060h'
  },
  {
    name: 'port range that the accesses miss',
    spec: () => ({ kind: 'port', port: 0x61, length: 0x80, access: 'readwrite' }),
    stops: []
  },
  {
    name: 'interrupt vector',
    spec: () => ({ kind: 'interrupt', vector: 0x80 }),
    stops: [(l) => ({ ip: l('handler'), di: 0 })],
    detail: 'interrupt 80h (software)'
  },
  {
    name: 'another interrupt vector',
    spec: () => ({ kind: 'interrupt', vector: 0x21 }),
    stops: []
  }
];

describe('watchpoints stop right after the step that hit them', () => {
  it.each(CASES)('$name', ({ spec, stops, detail }) => {
    const { engine, label, machine } = rig(PROGRAM);
    const added = engine.addWatchpoint(spec(label));
    if (!added.ok) throw new Error(added.message);
    for (const expected of stops) {
      const stop = engine.continue();
      expect(stop.reason).toBe('watchpoint');
      expect(stop.watch?.[0].id).toBe(added.watchpoint.id);
      if (detail) expect(stop.watch?.[0].detail).toContain(detail);
      const want = expected(label);
      const regs = machine.registers();
      expect(Object.fromEntries(Object.keys(want).map((k) => [k, regs[k as keyof Registers]]))).toEqual(want);
    }
    expect(engine.continue().reason).toBe('halt');
    expect(added.watchpoint.hits).toBe(stops.length);
  });

  it('page faults: one stop per fault of paging-demand.asm, CR2 naming the page of its header', () => {
    const source = readFileSync('static/programs/paging-demand.asm', 'utf8');
    const program = assemble(source, { fileName: 'paging-demand.asm' });
    const machine = new Machine();
    machine.loadCom(program.image);
    const engine = new DebugEngine(new MachineTarget(machine));
    engine.addWatchpoint({ kind: 'page-fault' });
    // The header's order: pages 53h, 50h, 57h, 54h, 55h.
    const pages: number[] = [];
    for (;;) {
      const stop = engine.continue();
      if (stop.reason !== 'watchpoint') {
        expect(stop.reason).toBe('halt');
        break;
      }
      pages.push(machine.cpu.cr2);
    }
    expect(pages).toEqual([0x53, 0x50, 0x57, 0x54, 0x55]);
    expect(machine.registers().ax).toBe(5); // the handler's fault count, as the header expects
  });

  it.each([
    [{ kind: 'exit' } as WatchpointSpec, 'watchpoint'],
    [{ kind: 'exit', reason: 0 } as WatchpointSpec, 'watchpoint'],
    [{ kind: 'exit', reason: 30 } as WatchpointSpec, 'exit']
  ])('VM exits: %j → %s', (spec, reason) => {
    // HLT at CPL 3 in virtual-8086 mode is privileged: the 386 raises #GP(0), reported as an EXCEPTION exit.
    const { m } = guest({ code: [0xf4], profile: '386-V86' });
    const engine = new DebugEngine(new MachineTarget(m));
    engine.addWatchpoint(spec);
    const stop = engine.continue();
    expect(stop.reason).toBe(reason);
    expect(stop.exit?.reason ?? m.cpu.exit?.reason).toBe(0);
  });

  it.each([
    [{ kind: 'memory', address: 0, length: 0, access: 'write' }, 'at least one byte'],
    [{ kind: 'port', port: 0x10000, access: 'read' }, 'port is'],
    [{ kind: 'interrupt', vector: 256 }, 'vector is']
  ] as [WatchpointSpec, string][])('refuses %j', (spec, message) => {
    const { engine } = rig(PROGRAM);
    const result = engine.addWatchpoint(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('instruction fetches are not data reads', () => {
  it('a read watchpoint on code that is only executed never hits; one on code read as data does', () => {
    const { engine, label } = rig(`
        mov cx, 3
again:  nop
        loop again
        mov al, [cs:again]
        hlt
`);
    const code = engine.addWatchpoint({ kind: 'memory', address: S * 16 + 0x100, length: 3, access: 'read' });
    const nop = engine.addWatchpoint({
      kind: 'memory',
      address: S * 16 + label('again'),
      length: 1,
      access: 'read'
    });
    if (!code.ok || !nop.ok) throw new Error('watchpoints');
    const stop = engine.continue();
    // Only `mov al, [cs:again]` reads the NOP's byte as data.
    expect(stop.reason).toBe('watchpoint');
    expect(stop.watch?.map((w) => w.id)).toEqual([nop.watchpoint.id]);
    expect(engine.target.registers().ax).toBe(0x90);
    expect(engine.continue().reason).toBe('halt');
  });
});
