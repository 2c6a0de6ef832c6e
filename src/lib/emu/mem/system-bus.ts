// The machine's bus: linear addresses go through the address mask (the A20 gate) and, when paging is on, the
// paging unit, to host physical memory; ports go to the PortMap. With paging off this is a mask and a bounds
// check per access; with paging on, one TLB lookup per access (per page for a word).

import type { Bus } from './bus';
import type { LinearAddr, Port } from '../types';
import { PhysicalMemory } from './memory';
import { PortMap } from './ports';
import type { BusObserver } from './bus';
import {
  ACCESS_EXECUTE,
  ACCESS_READ,
  ACCESS_WRITE,
  PagingUnit,
  type PagingConfig
} from './paging/paging-unit';

/** With A20 masked, addresses wrap at 1 MiB exactly as on an 8086 (FFFF:0010 is 0000:0000). */
export const A20_MASKED = 0x0fffff;
/** With A20 enabled, the 21-bit linear space of segment * 16 + offset (up to 10FFEFh) reaches memory. */
export const A20_ENABLED = 0x1fffff;

export class SystemBus implements Bus {
  readonly memory: PhysicalMemory;
  readonly ports: PortMap;
  readonly paging: PagingUnit;
  /**
   * Linear address mask: A20_MASKED (the 8086's 1 MiB wrap, the default) or A20_ENABLED (21-bit linear space,
   * always so in VM mode, where the tables decide what the HMA maps to).
   */
  addressMask = A20_MASKED;
  /**
   * Whether accesses leave the inline path: paging is on, or an observer is attached. One flag, so the debugger's
   * observer costs the bare run loop nothing while it is null.
   */
  private translating = false;
  /** Whether linear addresses go through the paging unit (mirrors paging.enabled). */
  private pagingOn = false;
  /** Told about every data access and port access (the debugger's watchpoints and trace); null normally. */
  private observer: BusObserver | null = null;
  private readonly bytes: Uint8Array;
  private readonly codeMarks: Uint8Array;
  private readonly size: number;

  constructor(memory: PhysicalMemory, ports: PortMap) {
    this.memory = memory;
    this.ports = ports;
    this.paging = new PagingUnit(memory);
    this.bytes = memory.bytes;
    this.codeMarks = memory.codeMarks;
    this.size = memory.size;
  }

  linearMask(): number {
    return this.addressMask;
  }

  setLinearMask(mask: number): void {
    this.addressMask = mask;
  }

  configurePaging(config: PagingConfig | null, keepTlb = false): void {
    this.paging.configure(config, keepTlb);
    this.pagingOn = config !== null;
    this.translating = this.pagingOn || this.observer !== null;
  }

  /** Attach an observer of every data access (or detach it with null). Accesses then take the out-of-line path. */
  setObserver(observer: BusObserver | null): void {
    this.observer = observer;
    this.translating = this.pagingOn || observer !== null;
  }

  // Each access has a short path without paging, which V8 inlines into the CPU's executors, and a separate
  // paged path (kept out of line so it does not use up V8's inlining budget on the common case).

  read8(address: LinearAddr): number {
    if (this.translating) return this.read8Slow(address);
    const physical = address & this.addressMask;
    return physical < this.size ? this.bytes[physical] : 0xff;
  }

  write8(address: LinearAddr, value: number): void {
    if (this.translating) return this.write8Slow(address, value);
    const physical = address & this.addressMask;
    if (physical < this.size) {
      this.bytes[physical] = value;
      if (this.codeMarks[physical] !== 0) this.memory.codeWatcher?.codeWritten(physical);
    }
  }

  /** A word: one bounds check when both bytes are below the address mask and in memory, else byte by byte. */
  read16(address: LinearAddr): number {
    if (this.translating) return this.read16Slow(address);
    const physical = address & this.addressMask;
    if (physical < this.addressMask && physical + 1 < this.size) {
      return this.bytes[physical] | (this.bytes[physical + 1] << 8);
    }
    return this.read8(address) | (this.read8(address + 1) << 8);
  }

  write16(address: LinearAddr, value: number): void {
    if (this.translating) return this.write16Slow(address, value);
    const physical = address & this.addressMask;
    if (physical < this.addressMask && physical + 1 < this.size) {
      this.bytes[physical] = value;
      this.bytes[physical + 1] = value >> 8;
      if ((this.codeMarks[physical] | this.codeMarks[physical + 1]) !== 0)
        this.memory.wroteRange(physical, 2);
      return;
    }
    this.write8(address, value & 0xff);
    this.write8(address + 1, value >> 8);
  }

  // The out-of-line paths: paging, and the observer (which sees the access once it is known not to fault).

  private read8Slow(address: LinearAddr): number {
    if (this.observer === null) return this.read8Paged(address);
    const value = this.pagingOn ? this.read8Paged(address) : this.read8Flat(address);
    this.observer.memoryRead(address & this.addressMask, 1, value);
    return value;
  }

  private write8Slow(address: LinearAddr, value: number): void {
    if (this.observer === null) return this.write8Paged(address, value);
    // The old byte is peeked (no side effect), the write done as usual (it may fault: then nothing is told).
    const old = this.peek8(address);
    if (this.pagingOn) this.write8Paged(address, value);
    else this.write8Flat(address, value);
    this.observer.memoryWrite(address & this.addressMask, 1, value & 0xff, old);
  }

  private read16Slow(address: LinearAddr): number {
    if (this.observer === null) return this.read16Paged(address);
    const value = this.pagingOn
      ? this.read16Paged(address)
      : this.read8Flat(address) | (this.read8Flat(address + 1) << 8);
    this.observer.memoryRead(address & this.addressMask, 2, value);
    return value;
  }

  private write16Slow(address: LinearAddr, value: number): void {
    if (this.observer === null) return this.write16Paged(address, value);
    const old = this.peek8(address) | (this.peek8(address + 1) << 8);
    if (this.pagingOn) {
      this.write16Paged(address, value);
    } else {
      this.write8Flat(address, value & 0xff);
      this.write8Flat(address + 1, (value >> 8) & 0xff);
    }
    this.observer.memoryWrite(address & this.addressMask, 2, value & 0xffff, old);
  }

  private read8Flat(address: LinearAddr): number {
    const physical = address & this.addressMask;
    return physical < this.size ? this.bytes[physical] : 0xff;
  }

  private write8Flat(address: LinearAddr, value: number): void {
    const physical = address & this.addressMask;
    if (physical < this.size) {
      this.bytes[physical] = value;
      if (this.codeMarks[physical] !== 0) this.memory.codeWatcher?.codeWritten(physical);
    }
  }

  private read8Paged(address: LinearAddr): number {
    const physical = this.paging.translateForCpu(address & this.addressMask, ACCESS_READ);
    return physical < this.size ? this.bytes[physical] : 0xff;
  }

  private write8Paged(address: LinearAddr, value: number): void {
    const physical = this.paging.translateForCpu(address & this.addressMask, ACCESS_WRITE);
    if (physical < this.size) {
      this.bytes[physical] = value;
      if (this.codeMarks[physical] !== 0) this.memory.codeWatcher?.codeWritten(physical);
    }
  }

  /** A word within one page takes one translation; across pages, one per byte. */
  private read16Paged(address: LinearAddr): number {
    if ((address & 0xfff) !== 0xfff && (address & this.addressMask) !== this.addressMask) {
      const physical = this.paging.translateForCpu(address & this.addressMask, ACCESS_READ);
      if (physical + 1 < this.size) return this.bytes[physical] | (this.bytes[physical + 1] << 8);
    }
    return this.read8Paged(address) | (this.read8Paged(address + 1) << 8);
  }

  private write16Paged(address: LinearAddr, value: number): void {
    if ((address & 0xfff) !== 0xfff && (address & this.addressMask) !== this.addressMask) {
      const physical = this.paging.translateForCpu(address & this.addressMask, ACCESS_WRITE);
      if (physical + 1 < this.size) {
        this.bytes[physical] = value;
        this.bytes[physical + 1] = value >> 8;
        if ((this.codeMarks[physical] | this.codeMarks[physical + 1]) !== 0)
          this.memory.wroteRange(physical, 2);
        return;
      }
    }
    // Across a page: both pages must be writable before either byte is written, so check the second first.
    this.paging.translateForCpu((address + 1) & this.addressMask, ACCESS_WRITE);
    this.write8Paged(address, value & 0xff);
    this.write8Paged(address + 1, value >> 8);
  }

  fetchAddress(address: LinearAddr): number {
    const linear = address & this.addressMask;
    const physical = this.pagingOn ? this.paging.translateForCpu(linear, ACCESS_EXECUTE) : linear;
    return physical < this.size ? physical : -1;
  }

  span(address: LinearAddr, length: number, forWrite: boolean): Uint8Array | null {
    if (this.translating) return this.pagedSpan(address, length, forWrite);
    const physical = address & this.addressMask;
    // The range must not wrap at the address mask (the 1 MiB wrap) and must lie in installed memory.
    if (physical + length > this.addressMask + 1 || physical + length > this.size) return null;
    if (forWrite) this.memory.wroteRange(physical, length);
    return this.bytes.subarray(physical, physical + length);
  }

  /**
   * With paging, a span within one page: one translation (which may fault, as the first element's access would),
   * then the page's bytes. A range across pages is not contiguous in general: null.
   */
  private pagedSpan(address: LinearAddr, length: number, forWrite: boolean): Uint8Array | null {
    // An observer must see each access: string instructions then go element by element.
    if (this.observer !== null) return null;
    const linear = address & this.addressMask;
    if ((linear & 0xfff) + length > 0x1000) return null;
    const physical = this.paging.translateForCpu(linear, forWrite ? ACCESS_WRITE : ACCESS_READ);
    if (physical + length > this.size) return null;
    if (forWrite) this.memory.wroteRange(physical, length);
    return this.bytes.subarray(physical, physical + length);
  }

  peek8(address: LinearAddr): number {
    const linear = address & this.addressMask;
    if (!this.pagingOn) return this.memory.read8(linear);
    const walk = this.paging.translate(linear, 'read', { sideEffects: false });
    return walk.physical === null ? 0xff : this.memory.read8(walk.physical);
  }

  in8(port: Port): number {
    const value = this.ports.in8(port);
    if (this.observer !== null) this.observer.portRead(port & 0xffff, 1, value);
    return value;
  }

  in16(port: Port): number {
    const value = this.ports.in16(port);
    if (this.observer !== null) this.observer.portRead(port & 0xffff, 2, value);
    return value;
  }

  out8(port: Port, value: number): void {
    if (this.observer !== null) this.observer.portWrite(port & 0xffff, 1, value & 0xff);
    this.ports.out8(port, value);
  }

  out16(port: Port, value: number): void {
    if (this.observer !== null) this.observer.portWrite(port & 0xffff, 2, value & 0xffff);
    this.ports.out16(port, value);
  }
}
