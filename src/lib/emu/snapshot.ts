// Whole-machine snapshots: plain, versioned, structured-clone-able data (DESIGN.md "Snapshots"). Memory is
// stored as 4 KiB pages, only those that are not all zero, so a fresh 4 MiB machine snapshots to a few pages.
// The debugger's history, saved sessions, share links and the hypervisor's VM snapshots all build on this.

import type { Registers } from './cpu/registers';
import type { VmControls } from './cpu/vm/controls';
import type { ExitRecord } from './cpu/vm/exits';
import type { PagingConfig } from './mem/paging/paging-unit';
import type { PagingFault } from './mem/paging/walk-record';
import type { TlbState } from './mem/paging/tlb';
import type { PcBoardState } from './devices/pc-board';

export const SNAPSHOT_FORMAT = 'hyperstep-machine';
export const SNAPSHOT_VERSION = 2;

export interface CpuSnapshot {
  registers: Registers;
  /** FLAGS with the extended bits (IOPL, VM, VIF, VIP) that registers.flags leaves out. */
  extendedFlags: number;
  cr0: number;
  cr2: number;
  cr3: number;
  shutdown: boolean;
  /** VM mode: the controls the guest runs under (null on the bare machine), and the bare machine's A20 mask. */
  vm: VmControls | null;
  bareAddressMask: number;
  exit: ExitRecord | null;
  halted: boolean;
  intr: boolean;
  nmiPending: boolean;
  interruptShadow: number;
  /** Steps and effective instructions executed since reset. */
  steps: number;
  iterations: number;
  lastEa: number;
  repOneIterationPerStep: boolean;
}

export interface MemoryPage {
  /** Page number: physical address / 4096. */
  index: number;
  bytes: Uint8Array;
}

export interface MachineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  cpu: CpuSnapshot;
  memory: { size: number; pages: MemoryPage[] };
  bus: { addressMask: number };
  paging: {
    enabled: boolean;
    config: PagingConfig;
    tlb: TlbState;
    lastFault: PagingFault | null;
  };
  /** The device board's state, present exactly when the machine has a board attached (Machine.attachBoard). */
  board?: PcBoardState;
}

/** Why a value cannot be restored as a snapshot of this version, or null when it can. */
export function snapshotProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'a snapshot must be an object';
  const snapshot = value as Partial<MachineSnapshot>;
  if (snapshot.format !== SNAPSHOT_FORMAT) return 'not a Hyperstep machine snapshot';
  if (snapshot.version !== SNAPSHOT_VERSION) {
    return `snapshot version ${String(snapshot.version)} is not supported (this build reads version ${SNAPSHOT_VERSION})`;
  }
  if (!snapshot.cpu || !snapshot.memory || !snapshot.bus || !snapshot.paging)
    return 'the snapshot is incomplete';
  if (!Array.isArray(snapshot.memory.pages)) return 'the snapshot has no memory pages';
  return null;
}
