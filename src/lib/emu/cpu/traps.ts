// Interrupt vectors the CPU raises by itself, and how a step can end. Everything the CPU cannot finish alone
// leaves through these (STYLE.md rule 8): on the bare machine an exception is delivered through the interrupt
// vector table; the hypervisor of a later issue receives the same events as exit records.

/** Divide error: DIV/IDIV overflow or divide by zero, AAM 0. The 8086 pushes the address of the NEXT instruction. */
export const VECTOR_DIVIDE_ERROR = 0;
/** Single step: taken after an instruction that began with TF set. */
export const VECTOR_SINGLE_STEP = 1;
/** Non-maskable interrupt. */
export const VECTOR_NMI = 2;
/** INT3, the one-byte breakpoint. */
export const VECTOR_BREAKPOINT = 3;
/** INTO with OF set. */
export const VECTOR_OVERFLOW = 4;
/** Invalid opcode (#UD): undefined 0F xx. As on the 186+, the pushed address is that of the faulting instruction. */
export const VECTOR_INVALID_OPCODE = 6;
/**
 * Page fault (#PF), on the bare machine through the IVT: FLAGS, CS, IP of the faulting instruction, then the
 * error code are pushed (virtualization.md §2.2.2). IBM PCs put IRQ6 at vector 0Eh; this machine keeps #PF there.
 */
export const VECTOR_PAGE_FAULT = 14;

/** What made the CPU enter an interrupt handler. */
export type InterruptCause = 'exception' | 'software' | 'single-step' | 'nmi' | 'hardware';

/** How one step ended, as a small integer for the hot path (Machine turns it into a StepResult). */
export const OUTCOME_EXECUTED = 0;
/** The step entered an interrupt handler (an exception, INT n, or a pending interrupt taken after it). */
export const OUTCOME_INTERRUPT = 1;
/** The CPU is halted (HLT) and nothing woke it. */
export const OUTCOME_HALTED = 2;
/** VM mode: the step ended in a VM exit (Cpu.exit). */
export const OUTCOME_EXIT = 3;

/** Why Cpu.run stopped: the iteration budget ran out, HLT, a breakpoint address, or the step limit. */
export const STOP_BUDGET = 0;
export const STOP_HALT = 1;
export const STOP_BREAKPOINT = 2;
export const STOP_STEPS = 3;
/** A fault while delivering a page fault (a triple fault on an x86): the CPU has shut down until reset. */
export const STOP_SHUTDOWN = 4;
/** VM mode only: the guest exited to the hypervisor; the record is in Cpu.exit. */
export const STOP_EXIT = 5;
/** The largest budget one Cpu.run call takes (2^30): counters stay small integers. Callers run in chunks. */
export const MAX_RUN = 0x40000000;

/** The interrupt controller's side of the INTR/INTA handshake (an 8259A in a later issue; a fake in tests). */
export interface InterruptController {
  /** The INTA cycle: the controller hands over the vector of the highest-priority pending request. */
  acknowledge(): number;
}

/** Values of Cpu.interruptShadow: nothing held off; INTR held off (after STI); everything held off (after loading SS). */
export const SHADOW_NONE = 0;
export const SHADOW_INTR = 1;
export const SHADOW_ALL = 2;
