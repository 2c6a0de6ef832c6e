// The 8086 CPU: the fetch-decode-execute loop, the interrupt entry path, page faults, and the control
// registers that drive the paging unit. Its state and operand access are in cpu-state.ts; what each instruction
// does lives in execute/<family>.ts. This file owns the order of events around an instruction:
//   decode at CS:IP → advance IP → compute the effective address → execute → take a pending interrupt,
// and what happens when an access faults part-way: the instruction is abandoned as if it never started.

import type { Instruction } from './instruction';
import { ATTENTION_VM, CpuState } from './cpu-state';
import { adoptLinks, InstructionSource, link, linked } from './fetch';
import { CS, SP, SS } from './registers';
import { CR0_PG, FLAGS_ALWAYS_ONE, IF, TF } from './flags';
import {
  OUTCOME_EXECUTED,
  OUTCOME_HALTED,
  OUTCOME_INTERRUPT,
  OUTCOME_EXIT,
  STOP_BUDGET,
  STOP_HALT,
  STOP_BREAKPOINT,
  STOP_STEPS,
  STOP_SHUTDOWN,
  STOP_EXIT,
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
import { PAGE_FAULT_SIGNAL, type PagingConfig } from '../mem/paging/paging-unit';
import { PAGE_SHIFT } from '../mem/paging/entries';
import type { Bus } from '../mem/bus';
import {
  VM_EXIT_SIGNAL,
  type EventType,
  type ExitRecord,
  EXIT_EXTERNAL_INTERRUPT,
  EXIT_REASON_NAMES,
  EXIT_TRIPLE_FAULT
} from './vm/exits';
import { VIP, type VmControls } from './vm/controls';
import {
  enterVm,
  exceptionExit,
  exceptionExits,
  vmAfterInstruction,
  vmPageFault,
  vmPagingConfig
} from './vm/vm-events';
import { guestFlagsImage, guestInterruptFlagBit } from './vm/vm-mode';

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
    if (this.vm !== null) {
      // In VM mode the per-instruction checks (preemption timer, interrupt window) run only when they can fire;
      // physical interrupts, NMIs and TF reach afterInstruction on their own.
      const vm = this.vm;
      const checks = vm.preemptionTimer >= 0 || (vm.interruptWindowExiting && (this.flags & VIP) !== 0);
      this.attention = checks ? this.attention | ATTENTION_VM : this.attention & ~ATTENTION_VM;
    }
    let stop: number;
    let checkFirstBreakpoint = false;
    // The fault handler sits outside the step loop: a try/catch inside it makes V8 keep the loop's values in
    // memory rather than registers, which costs about 5% on every step.
    for (;;) {
      try {
        stop = this.runSteps(stepBudget, breakpoints, checkFirstBreakpoint);
        break;
      } catch (signal) {
        if (signal !== PAGE_FAULT_SIGNAL && signal !== VM_EXIT_SIGNAL) throw signal;
        this.previous = null;
        if (this.stepStart >= 0) {
          // Abandon the instruction as if it never started: IP back on it, FLAGS as before (the executors
          // change registers only after their last access that can fault, or that decides to exit).
          this.ip = this.stepStart;
          this.flags = this.stepFlags;
        }
        // A fault delivered to a handler counts as a step (the handler's entry); one that exits to the
        // hypervisor does not: the instruction runs again, whole, when the guest resumes.
        const faultedStep = signal === PAGE_FAULT_SIGNAL && this.stepStart >= 0;
        const abandonedRep = this.repAbandoned;
        this.repAbandoned = false;
        if (signal === VM_EXIT_SIGNAL || this.deliverPageFault()) {
          // A REP abandoned mid-way counted its completed iterations less one (the last is counted when it
          // finishes); the exit leaves it unfinished, so the one is counted here.
          if (abandonedRep) this.iterationsThisRun++;
          this.outcome = OUTCOME_EXIT;
          stop = STOP_EXIT;
          break;
        }
        if (faultedStep) {
          this.stepsThisRun++;
          this.iterationsThisRun++;
        }
        checkFirstBreakpoint = true; // the fault handler's first instruction is a new instruction
      }
    }
    this.iterationBudget = MAX_RUN;
    this.bus.paging.settle();
    return stop;
  }

  /**
   * Called during an instruction (by a device behind an OUT): the current run() stops once this instruction
   * completes, as if its budget ended there. The device board uses it when the timer is reprogrammed, so the
   * Machine can recompute when IRQ0 next changes.
   */
  endRunAfterThisInstruction(): void {
    this.iterationBudget = this.iterationsThisRun + 1;
  }

  /** IP and FLAGS at the start of the instruction in progress (stepStart = -1 once it has completed). */
  private stepStart = -1;
  private stepFlags = 0;

  /** The step loop of run(): see there. Throws PAGE_FAULT_SIGNAL out of a faulting access. */
  private runSteps(
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
    let paged = !this.linking;
    // The budget is read from the field: a device may end the run early (endRunAfterThisInstruction).
    while (this.iterationsThisRun < this.iterationBudget) {
      if (this.stepsThisRun >= stepBudget) {
        stop = STOP_STEPS;
        break;
      }
      if (this.halted) {
        if (this.shutdown) {
          this.outcome = OUTCOME_HALTED;
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
      // With paging on, a link is only a guess: the fetch still goes through the TLB (as the views show it),
      // and the link holds if CS:IP still maps to the same physical bytes (CR3 or a PTE may have changed).
      if (insn !== null && paged && insn.physical !== this.bus.fetchAddress((cs << 4) + start)) insn = null;
      if (insn === null) {
        insn = source.instructionAt(cs << 4, start);
        // Paging switched on or off drops every decoded instruction (no link survives it), so this slow path
        // is always taken first under a new mapping mode: refresh the local here.
        paged = !this.linking;
        if (insn === source.scratch) {
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
      if (trapAfter || this.interruptShadow !== SHADOW_NONE || this.intr || this.attention !== 0) {
        this.stepStart = -1; // the instruction is complete: a fault from here on belongs to the delivery
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
  private deliverPageFault(): boolean {
    const fault = this.bus.paging.lastFault;
    if (fault === null) throw new Error('page fault signal without a fault');
    if (this.vm !== null) {
      try {
        vmPageFault(this, fault);
      } catch (signal) {
        if (signal !== VM_EXIT_SIGNAL) throw signal;
        return true;
      }
      return false;
    }
    this.cr2 = (fault.linear >>> PAGE_SHIFT) & 0xffff;
    try {
      this.interrupt(VECTOR_PAGE_FAULT, 'exception', fault.errorCode);
    } catch (signal) {
      if (signal !== PAGE_FAULT_SIGNAL) throw signal;
      this.shutdown = true;
      this.halted = true;
      this.outcome = OUTCOME_HALTED;
    }
    return false;
  }

  // ---- VM mode ----

  /** Run the registers the CPU holds as a guest under these controls (see vm/vm-events.ts). */
  enterVm(controls: VmControls): void {
    enterVm(this, controls);
    this.attention |= ATTENTION_VM;
  }

  /** Back to the bare machine: EFLAGS.VM, VIF, VIP and IOPL clear; translation from CR0/CR3 again. */
  leaveVm(): void {
    this.vm = null;
    this.attention &= ~ATTENTION_VM;
    this.flags = (this.flags & 0xffff) | FLAGS_ALWAYS_ONE;
    this.switchTranslation(null, this.bareAddressMask);
  }

  /** The A20 setting of the bare machine, kept while VM mode uses the 21-bit linear space (0 outside VM mode). */
  bareAddressMask = 0;

  /** Switch translation to a VM's configuration (or back to CR0/CR3 with null) and the linear address mask. */
  switchTranslation(config: PagingConfig | null, mask: number): void {
    if (config !== null && this.vm !== null && this.bareAddressMask === 0) {
      this.bareAddressMask = this.bus.linearMask();
    }
    this.bus.setLinearMask(mask);
    if (config === null) {
      this.bareAddressMask = 0;
      this.applyPaging(true);
    } else {
      // A VM tagged with a VPID keeps its TLB entries across entries and exits (SDM vol. 3, 28.1).
      this.bus.configurePaging(config, config.vpid !== 0);
      this.linking = false;
      this.flushDecodedInstructions();
    }
  }

  /**
   * Leave the guest with an exit record (VM mode only): the CPU stops, run() returns STOP_EXIT, and the record
   * is in cpu.exit. Called by executors before they change anything, so the instruction is abandoned whole.
   */
  exitWith(
    details: Omit<ExitRecord, 'reasonName' | 'style' | 'guestCs' | 'guestIp'> & { guestIp?: number },
    i?: Instruction
  ): never {
    const controls = this.vm as VmControls;
    // guestIp: the instruction that caused the exit (it has not run), or, for events between instructions
    // (single step, physical interrupt, interrupt window, preemption), the next one.
    const inProgress = this.stepStart >= 0 ? this.stepStart : this.ip;
    this.exit = {
      ...details,
      reasonName: EXIT_REASON_NAMES[details.reason],
      style: controls.reporting,
      guestCs: this.segs[CS],
      guestIp: details.guestIp ?? (i ? this.instructionStart(i) : inProgress)
    };
    throw VM_EXIT_SIGNAL;
  }

  /**
   * Between two runs, at an instruction boundary: whether a physical interrupt raised now would exit before the
   * next guest instruction (VM mode, the real IF set or VT-x reporting, no interrupt shadow, not halted), as the
   * CPU would find at its boundary check (SDM vol. 3, 6.8.3 and 25.2 "external-interrupt exiting").
   */
  physicalInterruptExitsNow(): boolean {
    const controls = this.vm;
    if (controls === null || this.halted || this.interruptShadow !== SHADOW_NONE) return false;
    return controls.reporting === 'vtx' || (this.flags & IF) !== 0;
  }

  /**
   * The exit record of a physical interrupt taken at this boundary (physicalInterruptExitsNow() holds): the
   * record exitWith() would leave after a boundary check, without running an instruction to reach the check.
   */
  externalInterruptExit(): ExitRecord {
    const controls = this.vm as VmControls;
    this.exit = {
      reason: EXIT_EXTERNAL_INTERRUPT,
      reasonName: EXIT_REASON_NAMES[EXIT_EXTERNAL_INTERRUPT],
      style: controls.reporting,
      guestCs: this.segs[CS],
      guestIp: this.ip
    };
    return this.exit;
  }

  /**
   * An exception the CPU raises (divide error, single step, invalid opcode…). On the bare machine, or in VM mode
   * when the exception bitmap lets it through, it enters the handler in the (guest's) vector table; else it exits.
   */
  exception(vector: number, errorCode = -1, type: EventType = 'HW_EXCEPTION'): void {
    if (this.vm !== null) {
      if (exceptionExits(this.vm, vector)) exceptionExit(this, vector, type, errorCode);
      this.deliverToGuest(vector, errorCode);
      return;
    }
    this.interrupt(vector, vector === VECTOR_SINGLE_STEP ? 'single-step' : 'exception', errorCode);
  }

  /** Enter a handler in the guest's own vector table; a fault on the way is a TRIPLE_FAULT exit. */
  deliverToGuest(vector: number, errorCode = -1): void {
    try {
      this.interrupt(vector, 'exception', errorCode);
    } catch (signal) {
      if (signal !== PAGE_FAULT_SIGNAL) throw signal;
      this.exitWith({ reason: EXIT_TRIPLE_FAULT });
    }
  }

  // ---- control registers and the paging unit ----

  /**
   * True while linear addresses map to physical ones fixedly (paging off): links between decoded instructions
   * are then followed blindly; with paging on each is checked against the fetch's translation.
   */
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
  private applyPaging(force = false): void {
    const on = (this.cr0 & CR0_PG) !== 0;
    const wasOn = force ? !on : !this.linking;
    this.bus.configurePaging(on ? { rootFrame: this.cr3, user: false, vpid: 0, nested: null } : null);
    this.linking = !on;
    // Paging switched on or off: the links between decoded instructions (made under the old mapping) must go.
    // Dropping every decoded instruction does that without a check on every step; it is rare.
    if (on !== wasOn) this.flushDecodedInstructions();
  }

  /**
   * MOV CRn inside a VM with NATIVE_NESTED (HW-assist with nested paging): the guest's own CR0 and CR3 drive the
   * guest stage of the 2-D walk; a CR3 load flushes this VM's TLB entries (its VPID) only.
   */
  setGuestControlRegister(n: number, value: number): void {
    const vm = this.vm as VmControls;
    const word = value & 0xffff;
    if (n === 2) {
      vm.guestCr2 = word;
      return;
    }
    if (n === 0) vm.guestCr0 = word;
    else vm.guestCr3 = word;
    const config = vmPagingConfig(vm);
    this.bus.paging.config = config;
    this.bus.paging.invalidateContext();
  }

  /** Configure translation from the state (after a restore): the VM's controls, or CR0 and CR3. */
  reconfigureTranslation(): void {
    if (this.vm !== null) {
      this.bus.configurePaging(vmPagingConfig(this.vm));
      this.linking = false;
      this.attention |= ATTENTION_VM;
    } else {
      this.attention &= ~ATTENTION_VM;
      this.applyPaging(true);
    }
    this.flushDecodedInstructions();
  }

  /**
   * The hypervisor changed the running VM's translation (its active tables, or the guest CR0/CR3 under nested
   * paging): like a VMCS update followed by INVVPID, only this VM's TLB entries are dropped.
   */
  reconfigureVmPaging(): void {
    if (this.vm === null) return;
    this.bus.configurePaging(vmPagingConfig(this.vm), true);
    this.bus.paging.invalidateContext();
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
    if (this.vm !== null) {
      vmAfterInstruction(this, trapAfter, shadow !== SHADOW_NONE);
      return;
    }
    if (this.nmiPending) {
      this.nmiPending = false;
      this.interrupt(VECTOR_NMI, 'nmi');
    } else if (this.intr && this.flags & IF && shadow !== SHADOW_INTR) {
      this.takeHardwareInterrupt();
    } else if (trapAfter) {
      this.exception(VECTOR_SINGLE_STEP);
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
    // In VM mode the guest sees its own FLAGS image (§2.3: PUSHF's action) and its own IF is the one cleared.
    const vm = this.vm;
    const image = vm === null ? this.flags & 0xffff : guestFlagsImage(this, vm.table.pushf);
    this.writeWord(SS, (sp - 2) & 0xffff, image);
    this.writeWord(SS, (sp - 4) & 0xffff, this.segs[CS]);
    this.writeWord(SS, (sp - 6) & 0xffff, this.ip);
    // #PF pushes its error code after IP, as a 386 does; the handler removes it (add sp, 2) before IRET.
    if (errorCode >= 0) this.writeWord(SS, (sp - 8) & 0xffff, errorCode);
    this.words[SP] = sp - (errorCode >= 0 ? 8 : 6);
    this.flags &= ~((vm === null ? IF : guestInterruptFlagBit(vm)) | TF);
    this.segs[CS] = targetCs;
    this.ip = targetIp;
    this.halted = false;
    this.outcome = OUTCOME_INTERRUPT;
    this.lastVector = vector;
    this.lastCause = cause;
  }
}
