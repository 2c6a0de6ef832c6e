// The machine's bus: linear addresses go to host physical memory through the address mask (the A20 gate),
// ports go to the PortMap. The paging unit of a later issue sits here, between linear and physical.

import type { Bus } from './bus';
import type { LinearAddr, Port } from '../types';
import { PhysicalMemory } from './memory';
import { PortMap } from './ports';

/** With A20 masked, addresses wrap at 1 MiB exactly as on an 8086 (FFFF:0010 is 0000:0000). */
export const A20_MASKED = 0x0fffff;
/** With A20 enabled, the 21-bit linear space of segment * 16 + offset (up to 10FFEFh) reaches memory. */
export const A20_ENABLED = 0x1fffff;

export class SystemBus implements Bus {
  readonly memory: PhysicalMemory;
  readonly ports: PortMap;
  /** Linear-to-physical address mask: A20_MASKED (the 8086's 1 MiB wrap, the default) or A20_ENABLED. */
  addressMask = A20_MASKED;
  private readonly bytes: Uint8Array;
  private readonly codeMarks: Uint8Array;
  private readonly size: number;

  constructor(memory: PhysicalMemory, ports: PortMap) {
    this.memory = memory;
    this.ports = ports;
    this.bytes = memory.bytes;
    this.codeMarks = memory.codeMarks;
    this.size = memory.size;
  }

  read8(address: LinearAddr): number {
    const physical = address & this.addressMask;
    return physical < this.size ? this.bytes[physical] : 0xff;
  }

  write8(address: LinearAddr, value: number): void {
    const physical = address & this.addressMask;
    if (physical < this.size) {
      this.bytes[physical] = value;
      if (this.codeMarks[physical] !== 0) this.memory.codeWatcher?.codeWritten(physical);
    }
  }

  /**
   * The physical address instruction bytes at `address` come from, for the decoded-instruction cache; -1
   * when they do not come from installed memory (and must not be cached).
   */
  fetchAddress(address: LinearAddr): number {
    const physical = address & this.addressMask;
    return physical < this.size ? physical : -1;
  }

  read16(address: LinearAddr): number {
    const physical = address & this.addressMask;
    // Both bytes in memory and no wrap between them (the usual case): one bounds check.
    if (physical < this.addressMask && physical + 1 < this.size) {
      return this.bytes[physical] | (this.bytes[physical + 1] << 8);
    }
    return this.read8(address) | (this.read8(address + 1) << 8);
  }

  write16(address: LinearAddr, value: number): void {
    const physical = address & this.addressMask;
    if (physical < this.addressMask && physical + 1 < this.size) {
      this.bytes[physical] = value;
      this.bytes[physical + 1] = value >> 8;
      if ((this.codeMarks[physical] | this.codeMarks[physical + 1]) !== 0) {
        this.memory.wroteRange(physical, 2);
      }
      return;
    }
    this.write8(address, value & 0xff);
    this.write8(address + 1, value >> 8);
  }

  span(address: LinearAddr, length: number, forWrite: boolean): Uint8Array | null {
    const physical = address & this.addressMask;
    // The range must not wrap at the address mask (the 1 MiB wrap) and must lie in installed memory.
    if (physical + length > this.addressMask + 1 || physical + length > this.size) return null;
    if (forWrite) this.memory.wroteRange(physical, length);
    return this.bytes.subarray(physical, physical + length);
  }

  peek8(address: LinearAddr): number {
    return this.read8(address);
  }

  in8(port: Port): number {
    return this.ports.in8(port);
  }

  in16(port: Port): number {
    return this.ports.in16(port);
  }

  out8(port: Port, value: number): void {
    this.ports.out8(port, value);
  }

  out16(port: Port, value: number): void {
    this.ports.out16(port, value);
  }
}
