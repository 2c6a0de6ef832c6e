// Counters and the cost model (virtualization.md §2.15). Every figure a lesson compares is a count; model
// cycles only illustrate, from a visible table whose defaults are chosen for readability, not measured.

/** Model cycles per event (editable in the UI; these are §2.15's defaults). */
export const DEFAULT_COSTS = {
  guestInstruction: 1,
  walkReference: 1,
  exitAndEntry: 20,
  decode: 10,
  handler: 5,
  deviceRegister: 5,
  shadowFill: 10,
  tracedWrite: 30,
  reflection: 10
} as const;

export type CostName = keyof typeof DEFAULT_COSTS;

export interface VmCounters {
  /** Guest instructions retired in VM mode (each REP iteration counts). */
  guestInstructions: number;
  /** Guest instructions the hypervisor emulated (after an exit). P&G efficiency = direct ÷ all. */
  emulatedInstructions: number;
  /** Exits by classified reason number (§2.4). */
  exits: Record<number, number>;
  /** Page faults the guest never sees (lazy backing, shadow fills, A/D emulation, dropped writes). */
  hiddenFaults: number;
  /** Page faults reflected into the guest (its own tables said no). */
  trueFaults: number;
  /** Writes to write-protected guest page tables that the hypervisor emulated (shadow-traced). */
  tracingFaults: number;
  /** Guest CR3 loads the hypervisor handled (CR_ACCESS exits writing CR3). */
  cr3Writes: number;
  shadowFills: number;
  /** Page-table entries read by the hardware for this VM (2 per TLB miss; up to 8 with nested paging). */
  walkReferences: number;
  tlbHits: number;
  tlbMisses: number;
  /** Virtual interrupts reflected into the guest. */
  interruptsInjected: number;
  /** Model cycles: guest instructions, walks, exits and hypervisor steps. */
  cycles: number;
}

export function newCounters(): VmCounters {
  return {
    guestInstructions: 0,
    emulatedInstructions: 0,
    exits: {},
    hiddenFaults: 0,
    trueFaults: 0,
    tracingFaults: 0,
    cr3Writes: 0,
    shadowFills: 0,
    walkReferences: 0,
    tlbHits: 0,
    tlbMisses: 0,
    interruptsInjected: 0,
    cycles: 0
  };
}

/** Popek and Goldberg's efficiency: the share of guest instructions the CPU ran directly, without the hypervisor. */
export function efficiency(counters: VmCounters): number {
  const all = counters.guestInstructions + counters.emulatedInstructions;
  return all === 0 ? 1 : counters.guestInstructions / all;
}
