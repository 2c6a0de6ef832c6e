// The CPU's view of the outside world (STYLE.md rule 5): memory reads and writes by linear address, and a
// separate I/O port space. The CPU never touches memory or devices directly; tests and the hypervisor can put
// any Bus in between.

import type { LinearAddr, Port } from '../types';
import type { PhysicalMemory } from './memory';
import type { PagingConfig, PagingUnit } from './paging/paging-unit';

/**
 * Told about data accesses and port accesses (the debugger's watchpoints and trace), each once it has happened
 * (an access that faults is not told); a write comes with the bytes it replaced. Instruction fetches are not
 * data accesses.
 */
export interface BusObserver {
  memoryRead(address: LinearAddr, size: 1 | 2, value: number): void;
  memoryWrite(address: LinearAddr, size: 1 | 2, value: number, old: number): void;
  portRead(port: Port, size: 1 | 2, value: number): void;
  portWrite(port: Port, size: 1 | 2, value: number): void;
}

export interface Bus {
  /** Read a byte at a linear address (the bus applies address wrap, installed memory and, later, paging). */
  read8(address: LinearAddr): number;
  write8(address: LinearAddr, value: number): void;
  /** A little-endian word at address and address + 1 (each byte wrapped as read8 would). */
  read16(address: LinearAddr): number;
  write16(address: LinearAddr, value: number): void;
  /**
   * The physical memory address that code at `address` is fetched from, or -1 when it is not plain memory.
   * The CPU caches decoded instructions by this address; the memory's code marks invalidate them.
   */
  fetchAddress(address: LinearAddr): number;
  /** The memory behind the bus, whose code marks the decoded-instruction cache uses; null for none. */
  readonly memory: PhysicalMemory | null;
  /** The paging unit between linear and physical addresses, which the CPU's control registers drive. */
  readonly paging: PagingUnit;
  /** The mask applied to linear addresses before paging (the A20 gate). */
  linearMask(): number;
  setLinearMask(mask: number): void;
  /** Turn paging on with this configuration, or off (null). */
  configurePaging(config: PagingConfig | null, keepTlb?: boolean): void;
  /**
   * Direct access to `length` bytes of plain memory from linear `address` up, for bulk string operations:
   * a view of the bytes when the whole range is installed RAM, contiguous, and free of side effects; otherwise
   * null, and the caller goes byte by byte. With `forWrite`, the bus treats the whole range as written (decoded
   * instructions there are dropped) before handing it out.
   */
  span(address: LinearAddr, length: number, forWrite: boolean): Uint8Array | null;
  /** Read a byte with no side effect at all: no device reads, no paging bits, no watchpoints (rule 6). */
  peek8(address: LinearAddr): number;

  in8(port: Port): number;
  in16(port: Port): number;
  out8(port: Port, value: number): void;
  out16(port: Port, value: number): void;
}
