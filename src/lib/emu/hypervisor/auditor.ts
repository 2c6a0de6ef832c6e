// The isolation auditor (virtualization.md §2.12): a pure check, run after every exit in tests and lesson mode,
// that no VM can reach memory or ports it does not own. It reads the hypervisor's structures as they are in host
// memory (the tables the CPU walks, not the hypervisor's own idea of them) and never changes anything.
//
//   I1  every present entry of a VM's active tables points to a frame the VM owns, or to a shared frame (ROM,
//       open bus, copy-on-write) mapped read-only;
//   I2  no hypervisor frame (P2M, shadow or nested tables, the scratch frame) is reachable from a guest mapping;
//   I3  the hypervisor got the CPU back after every quantum (the real IF was 1 while guests ran);
//   I4  every port whose I/O-bitmap bit is 0 (reaches the real port, no exit) is in the VM's passthrough set.

import { DIRECTORY_ENTRIES, frameOf, PTE_PRESENT, PTE_WRITABLE, TABLE_ENTRIES } from '../mem/paging/entries';
import { FRAME_FREE, FRAME_HYPERVISOR, FRAME_OPEN_BUS, FRAME_SHARED_ROM } from './frames';
import type { Hypervisor } from './hypervisor';
import { BACKING_COW, BACKING_NONE, BACKING_RAM, GUEST_FRAMES } from './p2m';
import type { Vm } from './vmcb';

export type Invariant = 'I1' | 'I2' | 'I3' | 'I4';

export interface Violation {
  invariant: Invariant;
  /** The VM whose mappings or ports break the invariant (−1: the host as a whole). */
  vm: number;
  /** Which structure: "P2M map", "shadow (guest CR3 20h)", "P2M array", "CPU root", "I/O bitmap", "host". */
  table: string;
  /** Directory and table index of the entry (−1 when not an entry). */
  directoryIndex: number;
  tableIndex: number;
  /** The host frame the entry points at (−1 when not about a frame). */
  frame: number;
  /** The port (−1 when not about a port). */
  port: number;
  /** What went wrong, in a sentence a learner understands. */
  message: string;
}

export interface AuditResult {
  ok: boolean;
  violations: Violation[];
}

/**
 * Check every invariant for every VM (or only for `only`, the VM that just exited: the cheap check a handler's
 * work calls for). Pure: reads host memory and the hypervisor's state, writes nothing.
 */
export function audit(hv: Hypervisor, only?: Vm): AuditResult {
  const violations: Violation[] = [];
  for (const vm of only ? [only] : hv.vms) {
    auditMemory(hv, vm, violations);
    auditPorts(vm, violations);
  }
  if (hv.hung) {
    violations.push({
      invariant: 'I3',
      vm: hv.vms.find((vm) => vm.stopReason.startsWith('kept the CPU'))?.id ?? -1,
      table: 'host',
      directoryIndex: -1,
      tableIndex: -1,
      frame: -1,
      port: -1,
      message:
        'The hypervisor never got the CPU back: a guest cleared the real interrupt flag, so the timer ' +
        'interrupt that ends its quantum could not arrive, and no other VM (nor the host) can run again.'
    });
  }
  return { ok: violations.length === 0, violations };
}

function read32(bytes: Uint8Array, address: number): number {
  return (
    (bytes[address] | (bytes[address + 1] << 8) | (bytes[address + 2] << 16) | (bytes[address + 3] << 24)) >>>
    0
  );
}

function hex(n: number): string {
  return n.toString(16).toUpperCase() + 'h';
}

function ownerText(owner: number): string {
  if (owner === FRAME_FREE) return 'a free frame (or one beyond host memory)';
  if (owner === FRAME_HYPERVISOR) return "one of the hypervisor's own frames";
  if (owner === FRAME_SHARED_ROM) return 'the shared ROM frame';
  if (owner === FRAME_OPEN_BUS) return 'the shared open-bus frame';
  return `a frame of VM${owner}`;
}

interface Root {
  name: string;
  directoryFrame: number;
  /** Table frames the directory may point at (this structure's own tables). */
  tables: Set<number>;
  /** Directory entries the CPU can use (the P2M map has 17; a shadow directory all 32). */
  directoryEntries: number;
}

/** I1 and I2 for one VM: walk every table the CPU may use for it, and the P2M array behind them. */
function auditMemory(hv: Hypervisor, vm: Vm, out: Violation[]): void {
  const frames = hv.frames;
  const bytes = hv.machine.memory.bytes;
  const p2m = vm.p2m;
  const roots: Root[] = [
    {
      name: 'P2M map',
      directoryFrame: p2m.directoryFrame,
      tables: new Set(p2m.tableFrames),
      directoryEntries: 17
    }
  ];
  for (const root of vm.shadow?.state().roots ?? []) {
    roots.push({
      name: `shadow (guest CR3 ${hex(root.guestCr3)})`,
      directoryFrame: root.directoryFrame,
      tables: new Set(root.tables.filter((t) => t >= 0)),
      directoryEntries: DIRECTORY_ENTRIES
    });
  }
  const cow = new Set<number>();
  for (let g = 0; g < GUEST_FRAMES; g++) if (p2m.backing[g] === BACKING_COW) cow.add(p2m.hostFrame[g]);
  const entry = (table: string, d: number, t: number, frame: number, invariant: Invariant, message: string) =>
    out.push({ invariant, vm: vm.id, table, directoryIndex: d, tableIndex: t, frame, port: -1, message });

  // The root the CPU walks must be one of this VM's own structures (else the guest runs on foreign tables).
  const paging = vm.controls.paging;
  const cpuRoot = paging.mode === 'nested' ? paging.nestedRootFrame : paging.rootFrame;
  if (!roots.some((root) => root.directoryFrame === cpuRoot)) {
    entry(
      'CPU root',
      -1,
      -1,
      cpuRoot,
      'I1',
      `The CPU walks page tables at host frame ${hex(cpuRoot)} for VM${vm.id}, which are not this VM's P2M or ` +
        `shadow tables: it could reach memory the hypervisor never gave it.`
    );
  }

  for (const root of roots) {
    for (let d = 0; d < root.directoryEntries; d++) {
      const pde = read32(bytes, root.directoryFrame * 4096 + d * 4);
      if (!(pde & PTE_PRESENT)) continue;
      const table = frameOf(pde);
      if (!root.tables.has(table)) {
        const owner = frames.ownerOf(table);
        entry(
          root.name,
          d,
          -1,
          table,
          'I1',
          `Directory entry ${d} of VM${vm.id}'s ${root.name} points at host frame ${hex(table)} (${ownerText(owner)}), ` +
            `not at one of its own tables: the CPU would take that frame's contents as mappings.`
        );
        continue;
      }
      for (let t = 0; t < TABLE_ENTRIES; t++) {
        const pte = read32(bytes, table * 4096 + t * 4);
        if (pte & PTE_PRESENT)
          checkLeaf(hv, vm, cow, root.name, d, t, frameOf(pte), (pte & PTE_WRITABLE) !== 0, entry);
      }
    }
  }

  // The P2M array: what the hypervisor itself believes each guest frame is.
  for (let g = 0; g < GUEST_FRAMES; g++) {
    const kind = p2m.backing[g];
    if (kind === BACKING_NONE) continue;
    const host = p2m.hostFrame[g];
    checkLeaf(hv, vm, cow, 'P2M array', g >> 4, g & 15, host, kind === BACKING_RAM, entry);
  }
}

/** Built only for a violation: the auditor runs after every exit and must stay cheap. */
function whereText(vm: Vm, table: string, d: number, t: number): string {
  return `Entry ${d}:${t} of VM${vm.id}'s ${table} (linear/guest page ${hex(d * 16 + t)})`;
}

type Report = (
  table: string,
  d: number,
  t: number,
  frame: number,
  invariant: Invariant,
  message: string
) => void;

function checkLeaf(
  hv: Hypervisor,
  vm: Vm,
  cow: Set<number>,
  table: string,
  d: number,
  t: number,
  frame: number,
  writable: boolean,
  report: Report
): void {
  const owner = hv.frames.ownerOf(frame);
  if (owner === vm.id) {
    if ((cow.has(frame) || hv.frames.sharers.has(frame)) && writable) {
      report(
        table,
        d,
        t,
        frame,
        'I1',
        `${whereText(vm, table, d, t)} maps a copy-on-write frame ${hex(frame)} writable: a write would reach the VMs sharing it.`
      );
    }
    return;
  }
  if (owner === FRAME_HYPERVISOR) {
    report(
      table,
      d,
      t,
      frame,
      'I2',
      `${whereText(vm, table, d, t)} reaches host frame ${hex(frame)}, one of the hypervisor's own frames (page tables or scratch): ` +
        `the guest could read or rewrite the structures that confine it.`
    );
    return;
  }
  if (owner === FRAME_SHARED_ROM || owner === FRAME_OPEN_BUS) {
    if (writable) {
      report(
        table,
        d,
        t,
        frame,
        'I1',
        `${whereText(vm, table, d, t)} maps ${ownerText(owner)} ${hex(frame)} writable: every VM sees that frame, so a write would reach them all.`
      );
    }
    return;
  }
  if (owner >= 0 && hv.frames.sharers.has(frame) && !writable) return; // copy-on-write, shared read-only
  report(
    table,
    d,
    t,
    frame,
    'I1',
    `${whereText(vm, table, d, t)} points at host frame ${hex(frame)}, ${ownerText(owner)}: not this VM's memory, so it could read or ` +
      `change what belongs to someone else.`
  );
}

/** I4: every port that reaches the real hardware without an exit must be one the VM was given. */
function auditPorts(vm: Vm, out: Violation[]): void {
  const bitmap = vm.controls.ioBitmap;
  const allowed = new Set(vm.config.passthroughPorts);
  // Four bytes at a time: almost every bit is set (every port exits), so the clear ones are found fast.
  const words = new Uint32Array(bitmap.buffer, bitmap.byteOffset, bitmap.length >> 2);
  for (let byte = 0; byte < bitmap.length; byte++) {
    if ((byte & 3) === 0 && words[byte >> 2] === 0xffffffff) {
      byte += 3;
      continue;
    }
    if (bitmap[byte] === 0xff) continue;
    for (let bit = 0; bit < 8; bit++) {
      const port = byte * 8 + bit;
      if (bitmap[byte] & (1 << bit) || allowed.has(port)) continue;
      out.push({
        invariant: 'I4',
        vm: vm.id,
        table: 'I/O bitmap',
        directoryIndex: -1,
        tableIndex: -1,
        frame: -1,
        port,
        message:
          `VM${vm.id}'s I/O bitmap lets IN/OUT on port ${hex(port)} reach the real device without an exit, ` +
          `but that port was never given to it: it could reprogram hardware the other VMs share.`
      });
    }
  }
}
