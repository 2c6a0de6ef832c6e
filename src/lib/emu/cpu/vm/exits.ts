// VM exits: the record the CPU hands the hypervisor when a guest does something it must not do itself, with
// VT-x's reason numbers (SDM vol. 3, appendix C) so the views speak one vocabulary from 1987 to 2008
// (virtualization.md §2.4). On the pre-VT profiles the CPU reports as a 386 did: EXCEPTION with #GP(0), #UD or
// #PF and CS:IP only; the hypervisor classifies after decoding. On HW-assist it reports reason, qualification and
// instruction length itself.

export const EXIT_EXCEPTION = 0;
export const EXIT_EXTERNAL_INTERRUPT = 1;
export const EXIT_TRIPLE_FAULT = 2;
export const EXIT_INTERRUPT_WINDOW = 7;
export const EXIT_HLT = 12;
export const EXIT_INVLPG = 14;
export const EXIT_VMCALL = 18;
export const EXIT_CR_ACCESS = 28;
export const EXIT_IO_INSTRUCTION = 30;
export const EXIT_NPT_VIOLATION = 48;
export const EXIT_PREEMPTION_TIMER = 52;

export const EXIT_REASON_NAMES: Record<number, string> = {
  [EXIT_EXCEPTION]: 'EXCEPTION',
  [EXIT_EXTERNAL_INTERRUPT]: 'EXTERNAL_INTERRUPT',
  [EXIT_TRIPLE_FAULT]: 'TRIPLE_FAULT',
  [EXIT_INTERRUPT_WINDOW]: 'INTERRUPT_WINDOW',
  [EXIT_HLT]: 'HLT',
  [EXIT_INVLPG]: 'INVLPG',
  [EXIT_VMCALL]: 'VMCALL',
  [EXIT_CR_ACCESS]: 'CR_ACCESS',
  [EXIT_IO_INSTRUCTION]: 'IO_INSTRUCTION',
  [EXIT_NPT_VIOLATION]: 'NPT_VIOLATION',
  [EXIT_PREEMPTION_TIMER]: 'PREEMPTION_TIMER'
};

/** Vectors of the exceptions a 386 reports to its monitor. */
export const VECTOR_GENERAL_PROTECTION = 13;

export type EventType = 'HW_EXCEPTION' | 'SW_INTERRUPT' | 'SW_EXCEPTION' | 'EXTERNAL' | 'NMI';

export interface ExitRecord {
  reason: number;
  /** EXIT_REASON_NAMES[reason]. */
  reasonName: string;
  /** Who reported it: the 386 (exception and CS:IP only) or VT-x (reason, qualification, length). */
  style: '386' | 'vtx';
  /** CS:IP of the instruction the exit belongs to (for a trap-like event such as #DE, the IP it would return to). */
  guestCs: number;
  guestIp: number;
  /** The instruction's length: VT-x style only. */
  instructionLength?: number;
  event?: { vector: number; type: EventType; errorCode?: number };
  pf?: { linear: number; errorCode: number };
  io?: { port: number; size: 1 | 2; direction: 'in' | 'out'; immediate: boolean; value?: number };
  cr?: { n: number; direction: 'to' | 'from'; register: number | null };
  invlpg?: { linear: number };
  vmcall?: { ax: number; bx: number; cx: number; dx: number; si: number; di: number };
  npt?: {
    guestPhysical: number;
    access: 'read' | 'write' | 'execute';
    linear: number;
    duringGuestWalk: boolean;
  };
}

/** Thrown (this one object) by an executor that exits; the record is in cpu.exit. */
export const VM_EXIT_SIGNAL = Object.freeze({ signal: 'VM exit' });
