// Snapshots of the whole host (virtualization.md §2.13): the machine (CPU, all host memory — every VM's frames
// and the hypervisor's tables — TLB) plus the hypervisor's own state (frame owners, each VMCB, P2M arrays, shadow
// bookkeeping, virtual devices, scheduler, counters). Plain structured-clone-able data. Because everything runs
// on the model clock, "restore, run N" gives the same host state every time: the hash below proves it.

import type { MachineSnapshot } from '../snapshot';
import type { VmControls } from '../cpu/vm/controls';
import type { FramesState } from './frames';
import type { P2mState } from './p2m';
import type { ShadowState } from './shadow-paging';
import type { VmCounters } from './counters';
import type { GuestContext, VmStatus } from './vmcb';
import type { VirtualSwitchState } from '../devices/vswitch';
import type { OpenSlice } from './host-step';

/** The scheduler's loop state between steps: the open slice and the progress guard's counts (per VM id). */
export interface SchedulerState {
  slice: OpenSlice | null;
  repeats: { vm: number; key: string; count: number }[];
}

export const HOST_SNAPSHOT_FORMAT = 'hyperstep-host';
export const HOST_SNAPSHOT_VERSION = 1;

export interface VmSnapshot {
  controls: VmControls;
  p2m: P2mState;
  shadow: ShadowState | null;
  devices: unknown;
  context: GuestContext;
  status: VmStatus;
  stopReason: string;
  interruptShadow: boolean;
  console: string;
  counters: VmCounters;
  pass: number;
}

export interface HostSnapshot {
  format: typeof HOST_SNAPSHOT_FORMAT;
  version: typeof HOST_SNAPSHOT_VERSION;
  machine: MachineSnapshot;
  frames: FramesState;
  time: number;
  exitCount: number;
  hung: boolean;
  network: VirtualSwitchState;
  vms: VmSnapshot[];
  scheduler: SchedulerState;
}

/** Why a value cannot be restored as a host snapshot for `vmCount` VMs, or null when it can. */
export function hostSnapshotProblem(value: unknown, vmCount: number): string | null {
  if (typeof value !== 'object' || value === null) return 'a host snapshot must be an object';
  const snapshot = value as Partial<HostSnapshot>;
  if (snapshot.format !== HOST_SNAPSHOT_FORMAT) return 'not a Hyperstep host snapshot';
  if (snapshot.version !== HOST_SNAPSHOT_VERSION) {
    return `host snapshot version ${String(snapshot.version)} is not supported (this build reads version ${HOST_SNAPSHOT_VERSION})`;
  }
  if (!Array.isArray(snapshot.vms) || snapshot.vms.length !== vmCount) {
    return `the snapshot has ${snapshot.vms?.length ?? 0} VMs, this host ${vmCount}`;
  }
  if (!snapshot.machine || !snapshot.frames) return 'the host snapshot is incomplete';
  return null;
}

/** FNV-1a, 32 bits, over bytes and over the JSON of plain data (typed arrays as lists). */
export class StateHash {
  private hash = 0x811c9dc5;

  bytes(data: ArrayLike<number>): this {
    let h = this.hash;
    for (let k = 0; k < data.length; k++) h = Math.imul(h ^ data[k], 0x01000193);
    this.hash = h;
    return this;
  }

  value(data: unknown): this {
    const text = JSON.stringify(data, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
    const codes = new Array<number>(text.length);
    for (let k = 0; k < text.length; k++) codes[k] = text.charCodeAt(k) & 0xff;
    return this.bytes(codes);
  }

  digest(): string {
    return (this.hash >>> 0).toString(16).padStart(8, '0');
  }
}

/** What the snapshot functions need of the hypervisor (kept narrow so this file stays about the format). */
export interface SnapshotHost {
  readonly machine: {
    snapshot(options?: { memory?: boolean }): MachineSnapshot;
    restore(snapshot: MachineSnapshot): void;
    readonly memory: { readonly bytes: Uint8Array };
  };
  readonly frames: { state(): FramesState; restore(state: FramesState): void };
  readonly network: { state(): VirtualSwitchState; restore(state: VirtualSwitchState): void };
  readonly vms: readonly import('./vmcb').Vm[];
  time: number;
  exitCount: number;
  hung: boolean;
  readonly exitLog: { seq: number }[];
  readonly trace: { end: number }[];
  /** Save the VM on the CPU into its context (a world switch out), so the snapshot holds every VM alike. */
  park(): void;
  schedulerState(): SchedulerState;
  /** Put the scheduler's loop state back (and drop any exit paused mid-handler: it is in no snapshot). */
  restoreScheduler(state: SchedulerState): void;
}

export function snapshotHost(hv: SnapshotHost, options: { memory?: boolean } = {}): HostSnapshot {
  hv.park();
  return {
    format: HOST_SNAPSHOT_FORMAT,
    version: HOST_SNAPSHOT_VERSION,
    machine: hv.machine.snapshot(options),
    frames: hv.frames.state(),
    time: hv.time,
    exitCount: hv.exitCount,
    hung: hv.hung,
    network: structuredClone(hv.network.state()),
    vms: hv.vms.map((vm) => ({
      controls: structuredClone(vm.controls),
      p2m: vm.p2m.state(),
      shadow: vm.shadow?.state() ?? null,
      devices: structuredClone(vm.devices.state()),
      context: structuredClone(vm.context),
      status: vm.status,
      stopReason: vm.stopReason,
      interruptShadow: vm.interruptShadow,
      console: vm.console,
      counters: structuredClone(vm.counters),
      pass: vm.pass
    })),
    scheduler: hv.schedulerState()
  };
}

/** Put the host back as snapshotted. Throws (changing nothing) if the snapshot does not fit this host. */
export function restoreHost(
  hv: SnapshotHost,
  snapshot: HostSnapshot,
  makeShadow: (state: ShadowState) => import('./shadow-paging').ShadowTables
): void {
  const problem = hostSnapshotProblem(snapshot, hv.vms.length);
  if (problem) throw new Error(`cannot restore: ${problem}`);
  hv.park();
  hv.machine.restore(snapshot.machine);
  hv.frames.restore(snapshot.frames);
  hv.time = snapshot.time;
  hv.exitCount = snapshot.exitCount;
  hv.hung = snapshot.hung;
  hv.network.restore(structuredClone(snapshot.network));
  while (hv.exitLog.length > 0 && hv.exitLog[hv.exitLog.length - 1].seq >= snapshot.exitCount)
    hv.exitLog.pop();
  snapshot.vms.forEach((saved, k) => {
    const vm = hv.vms[k];
    const controls = structuredClone(saved.controls);
    Object.assign(vm.controls, controls);
    vm.p2m.restore(saved.p2m);
    vm.shadow = saved.shadow === null ? null : makeShadow(saved.shadow);
    vm.devices.restore(structuredClone(saved.devices));
    vm.context = structuredClone(saved.context);
    vm.status = saved.status;
    vm.stopReason = saved.stopReason;
    vm.interruptShadow = saved.interruptShadow;
    vm.console = saved.console;
    Object.assign(vm.counters, structuredClone(saved.counters));
    vm.pass = saved.pass;
  });
  hv.restoreScheduler(structuredClone(snapshot.scheduler));
}

/** A hash of everything that decides the host's future: all host memory, the CPU, and the hypervisor's state. */
export function hostStateHash(hv: SnapshotHost): string {
  const snapshot = snapshotHost(hv, { memory: false }); // memory is hashed as bytes below
  const hash = new StateHash().bytes(hv.machine.memory.bytes);
  const { machine, ...rest } = snapshot;
  return hash
    .value({ ...machine, memory: null })
    .value(rest)
    .digest();
}
