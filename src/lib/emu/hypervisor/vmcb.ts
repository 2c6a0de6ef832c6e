// One VM's control block (virtualization.md §2.3): the hardware half the CPU consults (VmControls, in cpu/vm),
// the guest's saved context while another VM runs, its memory (P2M, shadow tables), its virtual devices, its
// scheduling state and its counters. The hypervisor owns it; views read it through Hypervisor.view().

import type { Registers } from '../cpu/registers';
import type { VmControls } from '../cpu/vm/controls';
import type { ProfileName } from '../cpu/vm/sensitivity';
import type { PortMap } from '../mem/ports';
import type { GuestMemory } from './guest-memory';
import type { P2m } from './p2m';
import type { ShadowTables } from './shadow-paging';
import type { VmCounters } from './counters';
import type { PortRules, SwitchEndpoint } from '../devices/vswitch';

/** How guest memory is virtualized (§2.7). `p2m`: a page table per VM; a guest that turns its paging on then
 * runs on shadow tables (virtual TLB). `shadow`: virtual TLB. `shadow-traced`: cached shadows with
 * write-protected guest tables. `nested`: the hardware walks guest and nested tables. */
export type PagingMode = 'p2m' | 'shadow' | 'shadow-traced' | 'nested';
export const PAGING_MODES: readonly PagingMode[] = ['p2m', 'shadow', 'shadow-traced', 'nested'];

export interface VmConfig {
  name?: string;
  profile: ProfileName;
  paging: PagingMode;
  /** Guest RAM in 4 KiB frames (default 256: the whole 1 MiB; the BIOS page is ROM either way). */
  ramFrames?: number;
  /** Scheduling weight (stride scheduling): a VM with weight 2 gets twice the CPU of one with weight 1. */
  weight?: number;
  /** IOPL the guest runs with: 3 on 386-V86 is escape E1's misconfiguration. */
  iopl?: number;
  /** Guest linear 100000h–10FFEFh wraps to 0 (A20 off), as on the bare machine. Default true. */
  a20Wrap?: boolean;
  /** Ports the VM may reach directly (passthrough): their I/O bitmap bits are clear (§2.8). */
  passthroughPorts?: number[];
  /** What the VM's NIC may send on the virtual switch (§2.8): e.g. only to the MACs of the services it needs. */
  network?: PortRules;
  /** The VM's disk image (512-byte sectors), read and written by its ATA-lite disk. */
  diskImage?: Uint8Array;
}

/** What a VM is doing. `blocked`: halted with its virtual IF set, waiting for a virtual interrupt. */
export type VmStatus = 'runnable' | 'blocked' | 'stopped';

/** The guest's CPU state while it is not on the CPU. */
export interface GuestContext {
  registers: Registers;
  /** The CPU's extended flags word while the guest ran (VM, IOPL, VIF, VIP included). */
  extendedFlags: number;
  interruptShadow: number;
}

/** The virtual devices the hypervisor forwards a VM's I/O exits and interrupts to. */
export interface VirtualDevices {
  /** The VM's own port space: I/O exits are dispatched here. */
  readonly ports: PortMap;
  /** The vector of the highest-priority virtual interrupt waiting, or −1. */
  pendingVector(): number;
  /** The INTA cycle on the vPIC: the pending request goes in service; returns its vector. */
  acknowledge(): number;
  /** Move virtual time (the vPIT) forward by guest instructions. */
  advance(instructions: number): void;
  /** Guest instructions until the vPIT next raises its IRQ (Infinity when it will not). */
  instructionsUntilInterrupt(): number;
  /** Console text the guest wrote since the last call (debug port E9h, UART). */
  takeOutput(): string;
  /** The VM's network card, cabled to the hypervisor's virtual switch (none: no network). */
  readonly nic?: SwitchEndpoint;
  state(): unknown;
  restore(state: unknown): void;
}

export interface Vm {
  readonly id: number;
  readonly name: string;
  readonly config: Required<Omit<VmConfig, 'name' | 'passthroughPorts' | 'network' | 'diskImage'>> & {
    passthroughPorts: number[];
  };
  readonly controls: VmControls;
  readonly p2m: P2m;
  readonly memory: GuestMemory;
  /** Shadow tables while the guest's paging is on in a shadow mode; null otherwise. */
  shadow: ShadowTables | null;
  readonly devices: VirtualDevices;
  context: GuestContext;
  status: VmStatus;
  /** Why the VM stopped (HLT with interrupts off, triple fault, shutdown hypercall, host memory full…). */
  stopReason: string;
  /** An emulated STI or MOV/POP SS holds virtual interrupts off for one guest instruction (§2.6). */
  interruptShadow: boolean;
  /** Console output so far. */
  console: string;
  readonly counters: VmCounters;
  /** Stride scheduling: the VM with the smallest pass runs next. */
  pass: number;
}
