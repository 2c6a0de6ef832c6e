// The records the hypervisor keeps for its views and its callers: options, the exit log (§2.16), the scheduling
// timeline (§2.9), and the limits on how much of them it keeps.

import type { HvStep } from './steps';
import type { VirtualDevices, VmConfig } from './vmcb';

export interface HypervisorOptions {
  /** Host physical memory in bytes (default 4 MiB). */
  memorySize?: number;
  /** Guest instructions per scheduling quantum (§2.9: 2,000). */
  quantum?: number;
  /** The guest BIOS ROM page (4 KiB, guest-physical FF000h), shared read-only by every VM: our BIOS by default. */
  rom?: ArrayLike<number>;
  /** Builds a VM's virtual devices (default: a PC board of its own, virtual-board.ts). */
  devices?: (vmId: number, config: VmConfig) => VirtualDevices;
}

/** One line of the exit log (§2.16): what the hardware reported and what the hypervisor made of it. */
export interface ExitLogEntry {
  seq: number;
  vm: number;
  /** The hardware's report: reason number (EXCEPTION for #GP/#UD/#PF on the pre-VT profiles). */
  reported: number;
  vector?: number;
  classified: number;
  summary: string;
  guestCs: number;
  guestIp: number;
  /** Model cycles the handling cost, exit and entry included. */
  cost: number;
  /** Host model time (guest instructions of all VMs) when it happened. */
  time: number;
  steps: HvStep[];
}

/** One scheduling slice for the timeline (§2.9): who had the CPU, from when to when (model time), and why it ended. */
export interface SliceRecord {
  /** The VM, or −1 while every VM waited and the host idled. */
  vm: number;
  start: number;
  end: number;
  ended: 'quantum' | 'blocked' | 'stopped' | 'yield' | 'idle';
}

export const TRACE_LIMIT = 5000;
/** The same exit this many times in a row, with no guest instruction between: the VM is stopped (see progressing). */
export const REPEAT_LIMIT = 64;

/** Instructions a guest may run after its quantum's physical timer fired before the host counts as hung (I3). */
export const HUNG_AFTER = 100_000;
export const EXIT_LOG_LIMIT = 2000;
