// The isolation auditor (virtualization.md §2.12): corrupt one structure at a time in a hypervisor that ran two
// guests (one with its own paging on, on shadow tables; one with paging off, on its P2M map) and expect exactly
// the violation that corruption is, named by invariant, VM, table and frame or port. A clean run audits ok.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit, frameOwners, Hypervisor, type Vm } from '$lib/emu';
import { loadCom } from '../../programs/guest-harness';

const PAGING_PROGRAM = readFileSync('static/programs/paging-identity.com');
const VICTIM = readFileSync('static/programs/escape/victim.com');

const P = 1;
const W = 2;
const U = 4;

interface Setup {
  hv: Hypervisor;
  paged: Vm;
  flat: Vm;
}

function setup(): Setup {
  const hv = new Hypervisor();
  const paged = hv.addVm({ profile: 'Strict-P&G', paging: 'shadow' });
  loadCom(hv, paged, PAGING_PROGRAM);
  const flat = hv.addVm({ profile: 'Strict-P&G', paging: 'p2m', passthroughPorts: [0xe9] });
  loadCom(hv, flat, VICTIM);
  hv.run(60_000);
  return { hv, paged, flat };
}

function write32(hv: Hypervisor, address: number, value: number): void {
  for (let k = 0; k < 4; k++) hv.machine.memory.bytes[address + k] = (value >>> (8 * k)) & 0xff;
}

function read32(hv: Hypervisor, address: number): number {
  const b = hv.machine.memory.bytes;
  return (b[address] | (b[address + 1] << 8) | (b[address + 2] << 16) | (b[address + 3] << 24)) >>> 0;
}

/** Host address of the P2M-map entry of a guest frame. */
function mapEntry(vm: Vm, guestFrame: number): number {
  return vm.p2m.tableFrames[guestFrame >> 4] * 4096 + (guestFrame & 15) * 4;
}

/** Host address of the first present leaf entry of the active shadow (with its directory and table index). */
function firstShadowLeaf(hv: Hypervisor, vm: Vm): { address: number; d: number; t: number } {
  const root = vm.shadow!.activeRoot;
  for (let d = 0; d < 32; d++) {
    const pde = read32(hv, root * 4096 + d * 4);
    if (!(pde & P)) continue;
    for (let t = 0; t < 16; t++) {
      const address = (pde >>> 12) * 4096 + t * 4;
      if (read32(hv, address) & P) return { address, d, t };
    }
  }
  throw new Error('no shadow entry');
}

interface Case {
  name: string;
  corrupt: (s: Setup) => void;
  /** [invariant, vm, table (prefix), frame or port] of the one violation expected. */
  expected: (s: Setup) => [string, number, string, number];
}

const CASES: Case[] = [
  {
    name: "a P2M-map entry pointing at another VM's frame",
    corrupt: ({ hv, paged, flat }) =>
      write32(hv, mapEntry(flat, 0x10), (paged.p2m.hostFrame[0x10] << 12) | P | W | U),
    expected: ({ paged, flat }) => ['I1', flat.id, 'P2M map', paged.p2m.hostFrame[0x10]]
  },
  {
    name: "a P2M-map entry pointing at another VM's shadow table",
    corrupt: ({ hv, paged, flat }) =>
      write32(hv, mapEntry(flat, 0x10), (paged.shadow!.ownedFrames()[0] << 12) | P | U),
    expected: ({ paged, flat }) => ['I2', flat.id, 'P2M map', paged.shadow!.ownedFrames()[0]]
  },
  {
    name: "a P2M-map entry pointing at the VM's own P2M table",
    corrupt: ({ hv, flat }) => write32(hv, mapEntry(flat, 0x30), (flat.p2m.tableFrames[3] << 12) | P | W | U),
    expected: ({ flat }) => ['I2', flat.id, 'P2M map', flat.p2m.tableFrames[3]]
  },
  {
    name: 'a P2M-map entry pointing at the scratch frame',
    corrupt: ({ hv, flat }) => write32(hv, mapEntry(flat, 0x40), (hv.scratchFrame << 12) | P | W | U),
    expected: ({ hv, flat }) => ['I2', flat.id, 'P2M map', hv.scratchFrame]
  },
  {
    name: 'the shared ROM frame mapped writable',
    corrupt: ({ hv, flat }) => write32(hv, mapEntry(flat, 0xff), (hv.romFrame << 12) | P | W | U),
    expected: ({ hv, flat }) => ['I1', flat.id, 'P2M map', hv.romFrame]
  },
  {
    name: 'a P2M-map entry pointing at a free frame',
    corrupt: ({ hv, flat }) => write32(hv, mapEntry(flat, 0x50), (1000 << 12) | P | U),
    expected: ({ flat }) => ['I1', flat.id, 'P2M map', 1000]
  },
  {
    name: "a shadow entry pointing at another VM's frame",
    corrupt: ({ hv, paged, flat }) =>
      write32(hv, firstShadowLeaf(hv, paged).address, (flat.p2m.hostFrame[0x10] << 12) | P | U),
    expected: ({ paged, flat }) => ['I1', paged.id, 'shadow', flat.p2m.hostFrame[0x10]]
  },
  {
    name: "a shadow entry pointing at the VM's own shadow directory",
    corrupt: ({ hv, paged }) =>
      write32(hv, firstShadowLeaf(hv, paged).address, (paged.shadow!.activeRoot << 12) | P | U),
    expected: ({ paged }) => ['I2', paged.id, 'shadow', paged.shadow!.activeRoot]
  },
  {
    name: 'a P2M-map directory entry pointing at a guest frame (the guest would write its own mappings)',
    corrupt: ({ hv, flat }) =>
      write32(hv, flat.p2m.directoryFrame * 4096 + 2 * 4, (flat.p2m.hostFrame[0x10] << 12) | P | W | U),
    expected: ({ flat }) => ['I1', flat.id, 'P2M map', flat.p2m.hostFrame[0x10]]
  },
  {
    name: "the P2M array naming another VM's frame",
    corrupt: ({ paged, flat }) => {
      flat.p2m.hostFrame[0x10] = paged.p2m.hostFrame[0x10];
    },
    // The tables still point at the VM's own frame; the hypervisor's own belief is what is wrong.
    expected: ({ paged, flat }) => ['I1', flat.id, 'P2M array', paged.p2m.hostFrame[0x10]]
  },
  {
    name: "the CPU root pointing at another VM's P2M map",
    corrupt: ({ paged, flat }) => {
      flat.controls.paging = { mode: 'tables', rootFrame: paged.p2m.directoryFrame };
    },
    expected: ({ paged, flat }) => ['I1', flat.id, 'CPU root', paged.p2m.directoryFrame]
  },
  {
    name: 'an I/O-bitmap bit cleared for the PIC mask port 21h',
    corrupt: ({ flat }) => {
      flat.controls.ioBitmap[0x21 >> 3] &= ~(1 << (0x21 & 7));
    },
    expected: ({ flat }) => ['I4', flat.id, 'I/O bitmap', 0x21]
  },
  {
    name: 'the host hung (a guest kept the CPU with the real IF clear)',
    corrupt: ({ hv }) => {
      hv.hung = true;
    },
    expected: () => ['I3', -1, 'host', -1]
  }
];

describe('auditor', () => {
  it('a clean run (paging guest on shadow tables, flat guest with a passthrough port) is ok', () => {
    const s = setup();
    expect(s.paged.stopReason).toBe('halt');
    expect(s.paged.shadow!.ownedFrames().length).toBeGreaterThan(1);
    expect(audit(s.hv)).toEqual({ ok: true, violations: [] });
  });

  it.each(CASES)('$name: exactly that violation', ({ corrupt, expected }) => {
    const s = setup();
    corrupt(s);
    const result = audit(s.hv);
    const [invariant, vm, table, frameOrPort] = expected(s);
    expect(result.ok).toBe(false);
    expect(result.violations).toHaveLength(1);
    const v = result.violations[0];
    expect([v.invariant, v.vm, v.table.slice(0, table.length)]).toEqual([invariant, vm, table]);
    expect(invariant === 'I4' ? v.port : v.frame).toBe(frameOrPort);
    expect(v.message.length).toBeGreaterThan(40);
  });

  it('never changes what it looks at', () => {
    const s = setup();
    const before = s.hv.machine.memory.bytes.slice();
    const owners = s.hv.frames.owners.slice();
    audit(s.hv);
    expect(Buffer.from(s.hv.machine.memory.bytes).equals(Buffer.from(before))).toBe(true);
    expect(s.hv.frames.owners).toEqual(owners);
    expect(frameOwners.FRAME_HYPERVISOR).toBeLessThan(0);
  });
});
