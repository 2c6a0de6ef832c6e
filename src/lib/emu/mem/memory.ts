// Host physical memory: a flat array of bytes, sized for the host machine (4 MiB by default, 1–16 MiB),
// with reads beyond the installed size returning FFh and writes there dropped, as on an ISA bus.

import type { PhysAddr } from '../types';

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const DEFAULT_MEMORY_SIZE = 4 * MIB;
export const MIN_MEMORY_SIZE = 1 * MIB;
export const MAX_MEMORY_SIZE = 16 * MIB;
/** Memory is snapshotted and tracked in pages of this size (the paging unit's 4 KiB page). */
export const PAGE_SIZE = 4 * KIB;
export const PAGE_SHIFT = 12;

/** What reads of unpopulated addresses return: an undriven data bus floats high. */
export const OPEN_BUS = 0xff;

/**
 * Told when memory that holds decoded instructions changes, so a decoded-instruction cache never runs stale
 * bytes (self-modifying code, a program load, a debugger poke, a snapshot restore).
 */
export interface CodeWatcher {
  /** The byte at `address`, marked in codeMarks, was written. */
  codeWritten(address: PhysAddr): void;
  /** Memory was replaced wholesale: forget everything. */
  allCodeInvalid(): void;
}

export class PhysicalMemory {
  readonly size: number;
  /**
   * The contents. Read freely; write through write8/load/fill/clear (or the bus), which keep the decoded
   * instruction cache honest. Writing `bytes` directly must be followed by invalidateCode().
   */
  readonly bytes: Uint8Array;
  /** One byte per address: non-zero where a cached decoded instruction was read from. */
  readonly codeMarks: Uint8Array;
  codeWatcher: CodeWatcher | null = null;

  constructor(size = DEFAULT_MEMORY_SIZE) {
    if (
      !Number.isInteger(size) ||
      size < MIN_MEMORY_SIZE ||
      size > MAX_MEMORY_SIZE ||
      size % PAGE_SIZE !== 0
    ) {
      throw new RangeError(
        `memory size must be a whole number of 4 KiB pages between 1 MiB and 16 MiB, not ${size}`
      );
    }
    this.size = size;
    this.bytes = new Uint8Array(size);
    this.codeMarks = new Uint8Array(size);
  }

  read8(address: PhysAddr): number {
    return address < this.size ? this.bytes[address] : OPEN_BUS;
  }

  write8(address: PhysAddr, value: number): void {
    if (address >= this.size) return;
    this.bytes[address] = value;
    if (this.codeMarks[address] !== 0) this.codeWatcher?.codeWritten(address);
  }

  /** Copy bytes in at a physical address (program loading); the part beyond installed memory is dropped. */
  load(address: PhysAddr, data: ArrayLike<number>): void {
    const end = Math.min(this.size, address + data.length);
    for (let i = 0; address + i < end; i++) this.write8(address + i, data[i]);
  }

  /** Bytes [address, address + length) are about to be written in bulk: drop decoded instructions there. */
  wroteRange(address: PhysAddr, length: number): void {
    const range = this.codeMarks.subarray(address, address + length);
    for (let at = range.indexOf(1); at >= 0; at = range.indexOf(1, at + 1)) {
      this.codeWatcher?.codeWritten(address + at);
    }
  }

  /** Fill [address, address + length) with one byte value (zeroing a frame the hypervisor hands out). */
  fill(address: PhysAddr, length: number, value: number): void {
    const end = Math.min(this.size, address + length);
    if (end <= address) return;
    this.wroteRange(address, end - address);
    this.bytes.fill(value & 0xff, address, end);
  }

  /** Replace a whole page's contents (snapshot restore). */
  writePage(index: number, data: Uint8Array): void {
    this.bytes.set(data.subarray(0, PAGE_SIZE), index * PAGE_SIZE);
    this.invalidateCode();
  }

  clear(): void {
    this.bytes.fill(0);
    this.invalidateCode();
  }

  /** Tell the decoded-instruction cache that any byte may have changed. */
  invalidateCode(): void {
    this.codeMarks.fill(0);
    this.codeWatcher?.allCodeInvalid();
  }
}
