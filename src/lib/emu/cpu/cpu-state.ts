// The 8086's state (registers, flags, control registers, the interrupt lines) and the ways the executors reach
// registers and memory: by register number, by ModRM operand, by segment:offset, and through the stack. The
// stepping, interrupts and faults are in cpu.ts.

import type { Instruction } from './instruction';
import { CS, reg8Offset, SP, SS } from './registers';
import { FLAGS_ALWAYS_ONE } from './flags';
import {
  MAX_RUN,
  OUTCOME_EXECUTED,
  SHADOW_ALL,
  SHADOW_NONE,
  type InterruptCause,
  type InterruptController
} from './traps';
import type { Bus } from '../mem/bus';
import type { VmControls } from './vm/controls';
import type { ExitRecord } from './vm/exits';

/** Bits of CpuState.attention. */
export const ATTENTION_NMI = 1;
export const ATTENTION_VM = 2;

// The byte registers alias the word registers through a typed-array view, which assumes a little-endian host.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('Hyperstep needs a little-endian host');
}

export class CpuState {
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
  /** Set by a fault while delivering a page fault: the CPU stays halted, deaf to interrupts, until reset. */
  shutdown = false;

  /** Maskable interrupt request line, driven by the interrupt controller. */
  intr = false;
  /**
   * Reasons to look up at the next instruction boundary besides INTR, the trap flag and the shadow: a pending
   * NMI, or VM mode (whose exits are checked after every instruction). One field keeps the step loop's test short.
   */
  attention = 0;
  /**
   * A REP string instruction was abandoned by a fault after some iterations (it counted them less one, as it
   * does until it finishes). Read and cleared by the fault path in Cpu.run.
   */
  repAbandoned = false;

  /** A non-maskable interrupt waits to be taken at the next instruction boundary. */
  get nmiPending(): boolean {
    return (this.attention & ATTENTION_NMI) !== 0;
  }

  set nmiPending(pending: boolean) {
    this.attention = pending ? this.attention | ATTENTION_NMI : this.attention & ~ATTENTION_NMI;
  }

  /** The VM's controls while the CPU runs a guest (VM mode, EFLAGS.VM = 1); null on the bare machine. */
  vm: VmControls | null = null;
  /** The last VM exit (see Cpu.run's STOP_EXIT). */
  exit: ExitRecord | null = null;
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

  constructor(bus: Bus) {
    this.bus = bus;
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
    this.shutdown = false;
    this.intr = false;
    this.attention = 0;
    this.vm = null;
    this.exit = null;
    this.outcome = OUTCOME_EXECUTED;
    this.lastVector = -1;
    this.lastEa = 0;
    this.interruptShadow = SHADOW_NONE;
  }

  // ---- registers and memory, as the executors use them ----

  /** CR0, CR2 or CR3 by number. */
  controlRegister(n: number): number {
    return n === 0 ? this.cr0 : n === 2 ? this.cr2 : this.cr3;
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

  // Stack operations write or read memory before they move SP: a page fault leaves SP untouched, so the
  // instruction can restart (80386 manual, section 9.8: faults are restartable).

  push(value: number): void {
    const sp = (this.words[SP] - 2) & 0xffff;
    this.writeWord(SS, sp, value);
    this.words[SP] = sp;
  }

  pop(): number {
    const sp = this.words[SP];
    const value = this.readWord(SS, sp);
    this.words[SP] = sp + 2;
    return value;
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
