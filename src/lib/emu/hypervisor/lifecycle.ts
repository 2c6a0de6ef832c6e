// VM lifecycle (virtualization.md §2.13): clone a VM with copy-on-write frames, and snapshot or restore one VM
// on its own. A clone starts exactly where its source is (registers, virtual CPU, devices, disk) and shares
// every RAM frame with it read-only; the first write from either side copies the frame (a hidden fault or an
// NPT violation), so memory is spent only where they differ. Shadow tables and the TLB are caches and are not
// carried over: they refill lazily (a teaching point).

import { applyPagingMode } from './paging-modes';
import type { Hypervisor } from './hypervisor';
import type { VmSnapshot } from './host-snapshot';
import { BACKING_COW, BACKING_NONE, BACKING_RAM, GUEST_FRAMES } from './p2m';
import type { Vm } from './vmcb';

/** A new VM that continues from `source`'s state, sharing its memory copy-on-write. */
export function cloneVm(hv: Hypervisor, source: Vm, name = `${source.name} (clone)`): Vm {
  hv.park();
  const clone = hv.addVm({ ...source.config, name, diskImage: undefined });
  clone.p2m.shareFrom(source.p2m);
  // The source's writable shadow and TLB entries would bypass the copy-on-write: they go (and are rebuilt).
  const memory = hv.machine.memory;
  source.shadow?.dropAll();
  applyPagingMode(source, memory, hv.frames, true);
  hv.machine.bus.paging.tlb.flushVpid(source.controls.vpid);
  // The clone's virtual CPU: the guest's control registers and flags settings; its VPID and tables are its own.
  clone.controls.guestCr0 = source.controls.guestCr0;
  clone.controls.guestCr2 = source.controls.guestCr2;
  clone.controls.guestCr3 = source.controls.guestCr3;
  clone.controls.interruptWindowExiting = source.controls.interruptWindowExiting;
  applyPagingMode(clone, memory, hv.frames, true);
  clone.context = structuredClone(source.context);
  const devices = structuredClone(source.devices.state()) as { nic?: { mac: number[] } };
  const ownNic = (clone.devices.state() as { nic?: { mac: number[] } }).nic;
  if (devices.nic && ownNic) devices.nic.mac = ownNic.mac; // the clone keeps its own MAC on the switch
  clone.devices.restore(devices);
  clone.status = source.status;
  clone.stopReason = source.stopReason;
  clone.interruptShadow = source.interruptShadow;
  clone.console = source.console;
  clone.pass = source.pass;
  return clone;
}

/** One VM on its own (§2.13): its guest frames' contents, virtual CPU, devices and bookkeeping. Shadows and TLB
 * entries are caches and are not saved. */
export interface VmOnlySnapshot {
  format: 'hyperstep-vm';
  vm: number;
  frames: { guestFrame: number; kind: number; bytes: Uint8Array | null }[];
  state: Omit<VmSnapshot, 'p2m' | 'shadow'>;
}

export function snapshotVm(hv: Hypervisor, vm: Vm): VmOnlySnapshot {
  hv.park();
  const bytes = hv.machine.memory.bytes;
  const frames: VmOnlySnapshot['frames'] = [];
  for (let g = 0; g < GUEST_FRAMES; g++) {
    const kind = vm.p2m.backing[g];
    if (kind === BACKING_NONE) continue;
    const host = vm.p2m.hostFrame[g];
    const ram = kind === BACKING_RAM || kind === BACKING_COW;
    frames.push({ guestFrame: g, kind, bytes: ram ? bytes.slice(host * 4096, host * 4096 + 4096) : null });
  }
  return {
    format: 'hyperstep-vm',
    vm: vm.id,
    frames,
    state: structuredClone({
      controls: vm.controls,
      devices: vm.devices.state(),
      context: vm.context,
      status: vm.status,
      stopReason: vm.stopReason,
      interruptShadow: vm.interruptShadow,
      console: vm.console,
      counters: vm.counters,
      pass: vm.pass
    })
  };
}

/**
 * Put one VM back as snapshotted, the others untouched: its frames are released (shared ones only unshared) and
 * its memory rebuilt in fresh frames. Throws, changing nothing, for another VM's snapshot.
 */
export function restoreVm(hv: Hypervisor, vm: Vm, snapshot: VmOnlySnapshot): void {
  if (snapshot?.format !== 'hyperstep-vm') throw new Error('cannot restore: not a Hyperstep VM snapshot');
  if (snapshot.vm !== vm.id)
    throw new Error(`cannot restore: the snapshot is of VM ${snapshot.vm}, not VM ${vm.id}`);
  hv.park();
  const p2m = vm.p2m;
  for (let g = 0; g < GUEST_FRAMES; g++) {
    const kind = p2m.backing[g];
    const host = p2m.hostFrame[g];
    if (kind === BACKING_RAM) hv.frames.release(host);
    else if (kind === BACKING_COW) {
      const sharers = (hv.frames.sharers.get(host) ?? 1) - 1;
      if (sharers <= 1) hv.frames.sharers.delete(host);
      else hv.frames.sharers.set(host, sharers);
      if (hv.frames.owners[host] === vm.id && sharers >= 1) {
        // Someone else still maps it: hand it to one of them (the lowest VM id that does).
        const heir = hv.vms.find((other) => other !== vm && other.p2m.hostFrame.includes(host));
        if (heir) hv.frames.owners[host] = heir.id;
      }
    }
    p2m.hostFrame[g] = -1;
    p2m.backing[g] = BACKING_NONE;
    p2m.installEntry(g);
  }
  for (const frame of snapshot.frames) {
    if (!p2m.back(frame.guestFrame)) throw new Error('cannot restore: host memory is full');
    if (frame.bytes) hv.machine.memory.load(p2m.hostFrame[frame.guestFrame] * 4096, frame.bytes);
  }
  const state = structuredClone(snapshot.state);
  const { vpid, paging, ...controls } = state.controls;
  void vpid;
  void paging;
  Object.assign(vm.controls, controls);
  vm.devices.restore(state.devices);
  vm.context = state.context;
  vm.status = state.status;
  vm.stopReason = state.stopReason;
  vm.interruptShadow = state.interruptShadow;
  vm.console = state.console;
  Object.assign(vm.counters, state.counters);
  vm.pass = state.pass;
  vm.shadow?.dropAll();
  vm.shadow = null;
  applyPagingMode(vm, hv.machine.memory, hv.frames, true);
  hv.machine.bus.paging.tlb.flushVpid(vm.controls.vpid);
}
