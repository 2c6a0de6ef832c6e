// The 8086 CPU: the fetch-decode-execute loop, the interrupt entry path, page faults, and the control
// registers that drive the paging unit. Its state and operand access are in cpu-state.ts; what each instruction
// does lives in execute/<family>.ts. This file owns the order of events around an instruction:
//   decode at CS:IP → advance IP → compute the effective address → execute → take a pending interrupt,
// and what happens when an access faults part-way: the instruction is abandoned as if it never started.

import type { Instruction } from './instruction';
import { CpuState } from './cpu-state';
import { adoptLinks, InstructionSource, link, linked } from './fetch';
import { CS, SP, SS } from './registers';
import { CR0_PG, IF, TF } from './flags';
import {
  OUTCOME_EXECUTED,
  OUTCOME_HALTED,
  OUTCOME_INTERRUPT,
  STOP_BUDGET,
  STOP_HALT,
  STOP_BREAKPOINT,
  STOP_STEPS,
  STOP_SHUTDOWN,
  MAX_RUN,
  SHADOW_ALL,
  SHADOW_INTR,
  SHADOW_NONE,
  VECTOR_NMI,
  VECTOR_PAGE_FAULT,
  VECTOR_SINGLE_STEP,
  type InterruptCause
} from './traps';
import { execute } from './execute/dispatch';
import { PAGE_FAULT_SIGNAL } from '../mem/paging/paging-unit';
import { PAGE_SHIFT } from '../mem/paging/entries';
import type { Bus } from '../mem/bus';

export class Cpu extends CpuState {
  private readonly source: InstructionSource;
  /** The cached instruction executed last, and CS at the time: where the link to the next one starts. */
  private previous: Instruction | null = null;
  private previousCs = -1;

  constructor(bus: Bus) {
    super(bus);
    this.source = new InstructionSource(bus);
    this.reset();
  }

  override reset(): void {
    super.reset();
    this.previous = null;
    this.linking = true;
    this.bus.configurePaging(null);
  }

  // ---- running ----

  /**
   * Execute until `iterationBudget` effective instructions or `stepBudget` steps have run (both at most
   * MAX_RUN), the CPU halts, or, after the first instruction, CS:IP reaches a linear address marked in
   * `breakpoints`. Returns the STOP_* reason; stepsThisRun and iterationsThisRun say how much ran. A REP
   * instruction pauses mid-way when the iteration budget is spent and resumes on the next call.
   *
   * The loop keeps the last executed instruction in a local: when it is cached, the next instruction is found
   * through its links (fall-through or last jump target) instead of a cache lookup, which on tight loops saves
   * about a quarter of the time of a step. The counters and budgets stay small integers, which V8 compares
   * fastest.
   */
  run(iterationBudget: number, stepBudget: number, breakpoints: Uint8Array | null): number {
    this.stepsThisRun = 0;
    this.iterationsThisRun = 0;
    this.iterationBudget = iterationBudget;
    // How the last step of this run ended; handlers change it when they enter an interrupt or halt.
    this.outcome = OUTCOME_EXECUTED;
    let stop: number;
    let checkFirstBreakpoint = false;
    // The fault handler sits outside the step loop: a try/catch inside it makes V8 keep the loop's values in
    // memory rather than registers, which costs about 5% on every step.
    for (;;) {
      try {
        stop = this.runSteps(iterationBudget, stepBudget, breakpoints, checkFirstBreakpoint);
        break;
      } catch (signal) {
        if (signal !== PAGE_FAULT_SIGNAL) throw signal;
        this.previous = null;
        if (this.stepStart >= 0) {
          // Abandon the instruction as if it never started: IP back on it, FLAGS as before (the executors
          // change registers only after their last access that can fault).
          this.ip = this.stepStart;
          this.flags = this.stepFlags;
          this.stepsThisRun++;
          this.iterationsThisRun++;
        }
        this.deliverPageFault();
        checkFirstBreakpoint = true; // the fault handler's first instruction is a new instruction
      }
    }
    this.iterationBudget = MAX_RUN;
    return stop;
  }

  /** IP and FLAGS at the start of the instruction in progress (stepStart = -1 once it has completed). */
  private stepStart = -1;
  private stepFlags = 0;

  /** The step loop of run(): see there. Throws PAGE_FAULT_SIGNAL out of a faulting access. */
  private runSteps(
    iterationBudget: number,
    stepBudget: number,
    breakpoints: Uint8Array | null,
    checkFirstBreakpoint: boolean
  ): number {
    const segs = this.segs;
    const words = this.words;
    const source = this.source;
    let previous = this.previous;
    let previousCs = this.previousCs;
    let stop = STOP_BUDGET;
    let first = !checkFirstBreakpoint;
    while (this.iterationsThisRun < iterationBudget) {
      if (this.stepsThisRun >= stepBudget) {
        stop = STOP_STEPS;
        break;
      }
      if (this.halted) {
        if (this.shutdown) {
          stop = STOP_SHUTDOWN;
          break;
        }
        this.stepStart = -1;
        if (!this.wakeFromHalt()) {
          stop = STOP_HALT;
          break;
        }
        this.stepsThisRun++; // entering the handler is this step
        continue;
      }
      const start = this.ip;
      const cs = segs[CS];
      if (breakpoints !== null && !first && breakpoints[(cs << 4) + start] !== 0) {
        stop = STOP_BREAKPOINT;
        break;
      }
      first = false;
      this.stepStart = start;
      this.stepFlags = this.flags;

      let insn = previous !== null && cs === previousCs ? linked(previous, start) : null;
      if (insn === null) {
        insn = source.instructionAt(cs << 4, start);
        // Instructions are linked only while linear addresses map to physical ones fixedly (paging off); with
        // paging on, every fetch goes through the TLB, as the views show.
        if (insn === source.scratch || !this.linking) {
          previous = null;
        } else {
          if (previous !== null && cs === previousCs) link(previous, start, insn);
          adoptLinks(insn, cs, start);
          previousCs = cs;
          previous = insn;
        }
      } else {
        adoptLinks(insn, cs, start);
        previous = insn;
      }

      const trapAfter = (this.flags & TF) !== 0;
      this.ip = (start + insn.length) & 0xffff;
      if (insn.memory) {
        insn.ea = (words[insn.base] + words[insn.index] + insn.disp) & 0xffff;
        this.lastEa = insn.ea;
      }
      execute(this, insn);
      this.stepsThisRun++;
      this.iterationsThisRun++;
      // Most steps end here: nothing pending, no trap, no shadow. (HLT shows at the top of the loop.)
      if (
        trapAfter ||
        this.interruptShadow !== SHADOW_NONE ||
        this.intr ||
        this.nmiPending ||
        !this.linking
      ) {
        this.stepStart = -1; // the instruction is complete: a fault from here on belongs to the delivery
        if (!this.linking) previous = null;
        this.afterInstruction(trapAfter);
      }
    }
    this.previous = previous;
    this.previousCs = previousCs;
    return stop;
  }

  /**
   * A page fault on the bare machine: CR2 := the faulting page number, then #PF through IVT[14] with the error
   * code pushed after IP. If delivering it faults too (stack or vector table not mapped), the CPU shuts down:
   * on an x86 that is a triple fault (there is no #DF here: IBM PCs put IRQ0 at vector 8).
   */
  private deliverPageFault(): void {
    const fault = this.bus.paging.lastFault;
    if (fault === null) throw new Error('page fault signal without a fault');
    this.cr2 = (fault.linear >>> PAGE_SHIFT) & 0xffff;
    try {
      this.interrupt(VECTOR_PAGE_FAULT, 'exception', fault.errorCode);
    } catch (signal) {
      if (signal !== PAGE_FAULT_SIGNAL) throw signal;
      this.shutdown = true;
      this.halted = true;
      this.outcome = OUTCOME_HALTED;
    }
  }

  // ---- control registers and the paging unit ----

  /** Whether following links between decoded instructions is safe: only while linear maps to physical fixedly. */
  private linking = true;

  /** Load CR0, CR2 or CR3 (16-bit values): CR0.PG turns paging on and off, a CR3 load flushes the TLB. */
  setControlRegister(n: number, value: number): void {
    const word = value & 0xffff;
    if (n === 0) {
      const pagingChanged = ((this.cr0 ^ word) & CR0_PG) !== 0;
      this.cr0 = word;
      if (pagingChanged) this.applyPaging();
    } else if (n === 2) {
      this.cr2 = word;
    } else {
      this.cr3 = word;
      if (this.cr0 & CR0_PG) this.applyPaging();
    }
  }

  /** Configure the paging unit from CR0 and CR3 (the bare machine: CPL 0, no VPID, no nesting). */
  private applyPaging(): void {
    const on = (this.cr0 & CR0_PG) !== 0;
    const wasOn = !this.linking;
    this.bus.configurePaging(on ? { rootFrame: this.cr3, user: false, vpid: 0, nested: null } : null);
    this.linking = !on;
    // Paging switched on or off: the links between decoded instructions (made under the old mapping) must go.
    // Dropping every decoded instruction does that without a check on every step; it is rare.
    if (on !== wasOn) this.flushDecodedInstructions();
  }

  /** INVLPG: forget the TLB's translation of the page holding this linear address. */
  invalidatePage(linear: number): void {
    this.bus.paging.invalidatePage(linear & this.bus.linearMask());
  }

  /**
   * Execute one step: one instruction (a whole REP instruction unless repOneIterationPerStep), or, when halted,
   * the entry into the handler of an interrupt that wakes the CPU. Returns an OUTCOME_*.
   */
  step(): number {
    this.run(MAX_RUN, 1, null);
    return this.outcome;
  }

  /** Forget every decoded instruction (memory was replaced, or the linear-to-physical mapping changed). */
  flushDecodedInstructions(): void {
    this.source.flush();
    this.previous = null;
  }

  /** At an instruction boundary: take an NMI, then INTR (if IF), then the single-step trap; one per step. */
  private afterInstruction(trapAfter: boolean): void {
    const shadow = this.interruptShadow;
    this.interruptShadow = SHADOW_NONE;
    if (shadow === SHADOW_ALL || this.halted) return;
    if (this.nmiPending) {
      this.nmiPending = false;
      this.interrupt(VECTOR_NMI, 'nmi');
    } else if (this.intr && this.flags & IF && shadow !== SHADOW_INTR) {
      this.takeHardwareInterrupt();
    } else if (trapAfter) {
      this.interrupt(VECTOR_SINGLE_STEP, 'single-step');
    }
  }

  /** While halted: an NMI, or INTR with IF set, wakes the CPU into its handler. Returns whether one did. */
  private wakeFromHalt(): boolean {
    if (this.nmiPending) {
      this.nmiPending = false;
      this.interrupt(VECTOR_NMI, 'nmi');
      return true;
    }
    if (this.intr && this.flags & IF) {
      this.takeHardwareInterrupt();
      return true;
    }
    this.outcome = OUTCOME_HALTED;
    return false;
  }

  private takeHardwareInterrupt(): void {
    const vector = this.interruptController ? this.interruptController.acknowledge() & 0xff : 0xff;
    this.interrupt(vector, 'hardware');
  }

  /**
   * Enter an interrupt handler: push FLAGS, CS, IP; clear IF and TF; load CS:IP from the vector table at
   * linear address vector * 4 (8086 manual, "Interrupt Sequence").
   */
  interrupt(vector: number, cause: InterruptCause, errorCode = -1): void {
    // Every memory access comes before any register changes, so a page fault during delivery leaves the machine
    // as it was (see deliverFault).
    const targetIp = this.bus.read16(vector * 4);
    const targetCs = this.bus.read16(vector * 4 + 2);
    const sp = this.words[SP];
    this.writeWord(SS, (sp - 2) & 0xffff, this.flags & 0xffff);
    this.writeWord(SS, (sp - 4) & 0xffff, this.segs[CS]);
    this.writeWord(SS, (sp - 6) & 0xffff, this.ip);
    // #PF pushes its error code after IP, as a 386 does; the handler removes it (add sp, 2) before IRET.
    if (errorCode >= 0) this.writeWord(SS, (sp - 8) & 0xffff, errorCode);
    this.words[SP] = sp - (errorCode >= 0 ? 8 : 6);
    this.flags &= ~(IF | TF);
    this.segs[CS] = targetCs;
    this.ip = targetIp;
    this.halted = false;
    this.outcome = OUTCOME_INTERRUPT;
    this.lastVector = vector;
    this.lastCause = cause;
  }
}
