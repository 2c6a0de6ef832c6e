// The bare Machine as a DebugTarget: stepping and running through the Machine's own run loop (its breakpoint
// map is kept in step with the engine's set), checkpoints that share unchanged memory pages, a state hash, and
// outside inputs applied through the same paths the UI uses.

import type { Machine } from '../machine';
import type { MachineSnapshot } from '../snapshot';
import type { Registers } from '../cpu/registers';
import { PAGE_SIZE } from '../mem/memory';
import type { LinearAddr } from '../types';
import type { AccessObserver, Checkpoint, DebugTarget, TargetInput, TargetRun, TargetStep } from './target';
import { fnv1aString, fnv1aWords, FNV_OFFSET } from './hash';

export interface MachineTargetOptions {
  /** Deliver a 'device' input (a key press, a packet…) to the machine's devices. */
  deviceInput?: (device: string, data: unknown) => void;
}

export class MachineTarget implements DebugTarget {
  /** The breakpoints installed in the Machine's run loop (mirrors the set run() was last given). */
  private readonly installed = new Set<LinearAddr>();
  private readonly words: Int32Array;

  constructor(
    readonly machine: Machine,
    private readonly options: MachineTargetOptions = {}
  ) {
    const bytes = machine.memory.bytes;
    this.words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  }

  stepCount(): number {
    return this.machine.totalSteps;
  }

  step(): TargetStep {
    return this.machine.step();
  }

  run(maxSteps: number, breakpoints: ReadonlySet<LinearAddr>): TargetRun {
    this.install(breakpoints);
    const result = this.machine.run(Number.POSITIVE_INFINITY, { maxSteps });
    return result.exit
      ? { stop: result.stop, steps: result.steps, exit: result.exit }
      : { stop: result.stop, steps: result.steps };
  }

  private install(breakpoints: ReadonlySet<LinearAddr>): void {
    for (const address of this.installed) {
      if (!breakpoints.has(address)) {
        this.machine.removeBreakpoint(address);
        this.installed.delete(address);
      }
    }
    for (const address of breakpoints) {
      if (!this.installed.has(address)) {
        this.machine.addBreakpoint(address);
        this.installed.add(address);
      }
    }
  }

  halted(): boolean {
    return this.machine.cpu.halted;
  }

  shutdown(): boolean {
    return this.machine.cpu.shutdown;
  }

  registers(): Registers {
    return this.machine.registers();
  }

  peek8(address: LinearAddr): number {
    return this.machine.bus.peek8(address);
  }

  /**
   * The hash takes the TLB as what decides its future: the entries and their LRU order. It leaves out the
   * hit/miss/flush counters and the raw LRU clock and stamps: with paging on they count lookups, and an
   * instruction decoded afresh (as after any restore; the decoded-instruction cache is in no snapshot) reads its
   * bytes through the TLB where a cached one does not, so they run ahead by a few lookups after a replay while
   * the order of the entries stays the same.
   */
  stateHash(): number {
    const state = this.machine.snapshot({ memory: false });
    const tlb = state.paging.tlb;
    const stamps = tlb.entries.map((entry) => entry.lastUsed).sort((a, b) => a - b);
    const entries = tlb.entries.map((entry) => ({ ...entry, lastUsed: stamps.indexOf(entry.lastUsed) }));
    const mostRecent = tlb.mostRecent;
    const normalTlb = { entries, mostRecent, counters: null, clock: null };
    const text = JSON.stringify({ ...state, paging: { ...state.paging, tlb: normalTlb } });
    return fnv1aWords(this.words, fnv1aString(text, FNV_OFFSET));
  }

  snapshot(): MachineSnapshot {
    return this.machine.snapshot();
  }

  restore(snapshot: unknown): void {
    this.machine.restore(snapshot as MachineSnapshot);
  }

  checkpoint(previous: Checkpoint | null): Checkpoint {
    const pageCount = this.memoryPages();
    const pages: (Uint8Array | null)[] = new Array(pageCount);
    const bytes = this.machine.memory.bytes;
    const words = this.words;
    const wordsPerPage = PAGE_SIZE >> 2;
    let ownBytes = 0;
    for (let index = 0; index < pageCount; index++) {
      const before = previous?.pages[index] ?? null;
      const start = index * wordsPerPage;
      if (before === null ? isZero(words, start, wordsPerPage) : samePage(words, start, before)) {
        pages[index] = before;
      } else {
        pages[index] = bytes.slice(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
        ownBytes += PAGE_SIZE;
      }
    }
    return {
      step: this.machine.totalSteps,
      state: this.machine.snapshot({ memory: false }),
      pages,
      ownBytes
    };
  }

  restoreCheckpoint(checkpoint: Checkpoint): void {
    // restore() clears memory and drops every decoded instruction; the pages go back in after it.
    this.machine.restore(checkpoint.state as MachineSnapshot);
    const bytes = this.machine.memory.bytes;
    checkpoint.pages.forEach((page, index) => {
      if (page !== null) bytes.set(page, index * PAGE_SIZE);
    });
  }

  applyInput(input: TargetInput): void {
    const machine = this.machine;
    if (input.kind === 'poke') {
      input.bytes.forEach((value, i) => {
        const physical = this.physicalOf(input.address + i);
        if (physical !== null) machine.memory.write8(physical, value & 0xff);
      });
    } else if (input.kind === 'registers') {
      machine.setRegisters(input.values);
    } else if (input.kind === 'key') {
      const keyboard = machine.board?.keyboard;
      if (!keyboard) throw new Error('this machine has no keyboard (no device board attached)');
      if (input.scancode !== undefined) keyboard.pressKey(input.scancode);
      else keyboard.type(input.text);
    } else if (this.options.deviceInput) {
      this.options.deviceInput(input.device, input.data);
    } else {
      throw new Error(`this machine has no device '${input.device}'`);
    }
  }

  /** Where a linear address is in physical memory now (no side effects), or null when it is not mapped. */
  private physicalOf(linear: LinearAddr): number | null {
    const bus = this.machine.bus;
    const masked = linear & bus.addressMask;
    if (!bus.paging.enabled) return masked;
    return bus.paging.translate(masked, 'read', { sideEffects: false }).physical;
  }

  observe(observer: AccessObserver | null): void {
    this.machine.bus.setObserver(observer);
  }

  memoryPages(): number {
    return this.machine.memory.size / PAGE_SIZE;
  }

  pageBytes(index: number): Uint8Array {
    return this.machine.memory.bytes.subarray(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
  }
}

function isZero(words: Int32Array, start: number, count: number): boolean {
  for (let i = start; i < start + count; i++) if (words[i] !== 0) return false;
  return true;
}

function samePage(words: Int32Array, start: number, page: Uint8Array): boolean {
  const other = new Int32Array(page.buffer, page.byteOffset, page.length >> 2);
  for (let i = 0; i < other.length; i++) if (words[start + i] !== other[i]) return false;
  return true;
}
