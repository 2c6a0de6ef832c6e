// The 8086 CPU: its state, the fetch-decode-execute step, and the interrupt entry path. What each instruction
// does lives in execute/<family>.ts; this file owns the order of events around an instruction:
//   decode at CS:IP → advance IP → compute the effective address → execute → take a pending interrupt.

import type { Instruction } from './instruction';
import { adoptLinks, InstructionSource, link, linked } from './fetch';
import { CS, reg8Offset, SP, SS } from './registers';
import { FLAGS_ALWAYS_ONE, IF, TF } from './flags';
import {
  OUTCOME_EXECUTED,
  OUTCOME_HALTED,
  OUTCOME_INTERRUPT,
  STOP_BUDGET,
  STOP_HALT,
  STOP_BREAKPOINT,
  STOP_STEPS,
  MAX_RUN,
  SHADOW_ALL,
  SHADOW_INTR,
  SHADOW_NONE,
  VECTOR_NMI,
  VECTOR_SINGLE_STEP,
  type InterruptCause,
  type InterruptController
} from './traps';
import { execute } from './execute/dispatch';
import type { Bus } from '../mem/bus';

// The byte registers alias the word registers through a typed-array view, which assumes a little-endian host.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('Hyperstep needs a little-endian host');

export class Cpu {
  /** AX CX DX BX SP BP SI DI, then a slot that is always 0 (see ZERO). */
  readonly words = new Uint16Array(9);
  /** The same storage by byte: AL = 0, AH = 1, CL = 2… (use REG8_OFFSET). */
  readonly bytes = new Uint8Array(this.words.buffer, 0, 16);
  /** ES CS SS DS. */
  readonly segs = new Uint16Array(4);
  ip = 0;
  flags = FLAGS_ALWAYS_ONE;
  /** Control registers (virtualization.md §2.2.1): CR0 bit 15 PG, bit 0 PE; CR2 a page number; CR3 a frame number. */
  cr0 = 0;
  cr2 = 0;
  cr3 = 0;
  /** Set by HLT; cleared when an interrupt is taken. */
  halted = false;

  /** Maskable interrupt request line, driven by the interrupt controller. */
  intr = false;
  /** A non-maskable interrupt waits to be taken at the next instruction boundary. */
  nmiPending = false;
  interruptController: InterruptController | null = null;

  /** Steps completed by the current (or last) call of run(): a REP instruction counts once. */
  stepsThisRun = 0;
  /** Effective instructions of the current (or last) run(): every REP iteration counts one (CX = 0: one). */
  iterationsThisRun = 0;
  /** The iteration budget of the current run(): a REP instruction pauses, resumably, when it is spent. */
  iterationBudget = MAX_RUN;
  /** When true a step runs one iteration of a REP instruction; when false, the whole instruction. */
  repOneIterationPerStep = false;

  /** How the last step ended (OUTCOME_*), and, when it entered a handler, the vector and cause (else stale). */
  outcome = OUTCOME_EXECUTED;
  lastVector = -1;
  lastCause: InterruptCause = 'exception';
  /** Last effective address computed: what LEA with a register operand yields (undefined 8086 behaviour). */
  lastEa = 0;
  /**
   * Interrupts held off at the next instruction boundary: STI holds off INTR for one instruction; loading SS
   * (MOV SS, POP SS) holds off everything, the single-step trap included, so SS:SP is never used half-loaded.
   */
  interruptShadow = SHADOW_NONE;

  readonly bus: Bus;
  private readonly source: InstructionSource;
  /** The cached instruction executed last, and CS at the time: where the link to the next one starts. */
  private previous: Instruction | null = null;
  private previousCs = -1;

  constructor(bus: Bus) {
    this.bus = bus;
    this.source = new InstructionSource(bus);
    this.reset();
  }

  /** The 8086 reset state: CS = FFFFh, IP = 0, flags clear, other registers 0 (8086 manual, table 2-4). */
  reset(): void {
    this.words.fill(0);
    this.segs.fill(0);
    this.segs[CS] = 0xffff;
    this.ip = 0;
    this.flags = FLAGS_ALWAYS_ONE;
    this.cr0 = 0;
    this.cr2 = 0;
    this.cr3 = 0;
    this.halted = false;
    this.intr = false;
    this.nmiPending = false;
    this.outcome = OUTCOME_EXECUTED;
    this.lastVector = -1;
    this.lastEa = 0;
    this.interruptShadow = SHADOW_NONE;
    this.previous = null;
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
    const segs = this.segs;
    const words = this.words;
    const source = this.source;
    let previous = this.previous;
    let previousCs = this.previousCs;
    let stop = STOP_BUDGET;
    let first = true;
    this.stepsThisRun = 0;
    this.iterationsThisRun = 0;
    this.iterationBudget = iterationBudget;
    // How the last step of this run ended; handlers change it when they enter an interrupt or halt.
    this.outcome = OUTCOME_EXECUTED;
    while (this.iterationsThisRun < iterationBudget) {
      if (this.stepsThisRun >= stepBudget) {
        stop = STOP_STEPS;
        break;
      }
      if (this.halted) {
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

      let insn = previous !== null && cs === previousCs ? linked(previous, start) : null;
      if (insn === null) {
        insn = source.instructionAt(cs << 4, start);
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
      if (trapAfter || this.interruptShadow !== SHADOW_NONE || this.intr || this.nmiPending) {
        this.afterInstruction(trapAfter);
      }
    }
    this.previous = previous;
    this.previousCs = previousCs;
    this.iterationBudget = MAX_RUN;
    return stop;
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
  interrupt(vector: number, cause: InterruptCause): void {
    this.push(this.flags);
    this.flags &= ~(IF | TF);
    this.push(this.segs[CS]);
    this.push(this.ip);
    this.ip = this.bus.read16(vector * 4);
    this.segs[CS] = this.bus.read16(vector * 4 + 2);
    this.halted = false;
    this.outcome = OUTCOME_INTERRUPT;
    this.lastVector = vector;
    this.lastCause = cause;
  }

  // ---- registers and memory, as the executors use them ----

  /** CR0, CR2 or CR3 by number. */
  controlRegister(n: number): number {
    return n === 0 ? this.cr0 : n === 2 ? this.cr2 : this.cr3;
  }

  /** Load CR0, CR2 or CR3 (16-bit values). */
  setControlRegister(n: number, value: number): void {
    if (n === 0) this.cr0 = value & 0xffff;
    else if (n === 2) this.cr2 = value & 0xffff;
    else this.cr3 = value & 0xffff;
  }

  /** INVLPG: forget any cached translation of the page holding this linear address. Without a TLB, nothing. */
  invalidatePage(linear: number): void {
    void linear;
  }

  /** IP of the first byte (first prefix) of instruction i, executing now (IP already points past it). */
  instructionStart(i: Instruction): number {
    return (this.ip - i.length) & 0xffff;
  }

  getReg8(r: number): number {
    return this.bytes[reg8Offset(r)];
  }

  setReg8(r: number, value: number): void {
    this.bytes[reg8Offset(r)] = value;
  }

  /** Load a segment register. Loading SS holds off interrupts for one instruction, so SS:SP can be set safely. */
  setSeg(s: number, value: number): void {
    this.segs[s] = value;
    if (s === SS) this.interruptShadow = SHADOW_ALL;
  }

  readByte(seg: number, offset: number): number {
    return this.bus.read8((this.segs[seg] << 4) + offset);
  }

  writeByte(seg: number, offset: number, value: number): void {
    this.bus.write8((this.segs[seg] << 4) + offset, value);
  }

  /** A word at seg:offset; at offset FFFFh the high byte comes from seg:0000 (offsets wrap within the segment). */
  readWord(seg: number, offset: number): number {
    const base = this.segs[seg] << 4;
    if (offset === 0xffff) return this.bus.read8(base + 0xffff) | (this.bus.read8(base) << 8);
    return this.bus.read16(base + offset);
  }

  writeWord(seg: number, offset: number, value: number): void {
    const base = this.segs[seg] << 4;
    if (offset === 0xffff) {
      this.bus.write8(base + 0xffff, value & 0xff);
      this.bus.write8(base, value >> 8);
    } else {
      this.bus.write16(base + offset, value);
    }
  }

  push(value: number): void {
    const sp = (this.words[SP] - 2) & 0xffff;
    this.words[SP] = sp;
    this.writeWord(SS, sp, value);
  }

  pop(): number {
    const sp = this.words[SP];
    this.words[SP] = (sp + 2) & 0xffff;
    return this.readWord(SS, sp);
  }

  /** The r/m operand of a byte instruction: a register (mod = 3) or memory at the effective address. */
  getRm8(i: Instruction): number {
    return i.memory ? this.readByte(i.segment, i.ea) : this.bytes[reg8Offset(i.rm)];
  }

  setRm8(i: Instruction, value: number): void {
    if (i.memory) this.writeByte(i.segment, i.ea, value);
    else this.bytes[reg8Offset(i.rm)] = value;
  }

  getRm16(i: Instruction): number {
    return i.memory ? this.readWord(i.segment, i.ea) : this.words[i.rm];
  }

  setRm16(i: Instruction, value: number): void {
    if (i.memory) this.writeWord(i.segment, i.ea, value);
    else this.words[i.rm] = value;
  }
}
