// The hypervisor's own reads and writes of a guest's memory (virtualization.md §2.6 reflection, §2.7): guest
// linear → guest physical through the guest's page tables when its paging is on (walked in guest memory, setting
// A and D as the hardware does), then guest physical → host physical through the P2M. A guest-table fault comes
// back as a GuestPageFault for the caller to reflect (or to call a triple fault, during a reflection).

import { CR0_PG } from '../cpu/flags';
import { OPEN_BUS, type PhysicalMemory } from '../mem/memory';
import {
  directoryIndex,
  FAULT_PROTECTION,
  FAULT_WRITE,
  frameOf,
  PTE_ACCESSED,
  PTE_DIRTY,
  PTE_PRESENT,
  PTE_WRITABLE,
  tableIndex
} from '../mem/paging/entries';
import type { VmControls } from '../cpu/vm/controls';
import { BACKING_COW, BACKING_RAM, BACKING_ROM, GUEST_FRAMES, type P2m } from './p2m';

/** A fault in the guest's own tables, as the guest's #PF handler would see it (guest CPL 0: U/S clear). */
export class GuestPageFault extends Error {
  constructor(
    readonly linear: number,
    readonly errorCode: number
  ) {
    super(`guest page fault at ${linear.toString(16)}h (error code ${errorCode})`);
  }
}

/** Thrown when host memory is full while backing a guest frame. */
export class HostMemoryFull extends Error {}

export class GuestMemory {
  constructor(
    private readonly memory: PhysicalMemory,
    private readonly p2m: P2m,
    private readonly controls: VmControls,
    /** Whether guest linear 100000h–10FFEFh wraps to 0 (the VM's A20 gate off). */
    private readonly a20Wrap: boolean
  ) {}

  /** The guest-physical address of a guest linear one, walking the guest's tables when its paging is on. */
  physical(linear: number, write: boolean): number {
    if ((this.controls.guestCr0 & CR0_PG) === 0) return this.a20Wrap ? linear & 0xfffff : linear & 0x1fffff;
    const directoryEntry = this.controls.guestCr3 * 4096 + directoryIndex(linear) * 4;
    const pde = this.readPhysical32(directoryEntry);
    if (!(pde & PTE_PRESENT)) throw new GuestPageFault(linear, write ? FAULT_WRITE : 0);
    const tableEntry = frameOf(pde) * 4096 + tableIndex(linear) * 4;
    const pte = this.readPhysical32(tableEntry);
    if (!(pte & PTE_PRESENT)) throw new GuestPageFault(linear, write ? FAULT_WRITE : 0);
    if (write && (!(pde & PTE_WRITABLE) || !(pte & PTE_WRITABLE))) {
      throw new GuestPageFault(linear, FAULT_PROTECTION | FAULT_WRITE);
    }
    this.setBits(directoryEntry, pde, PTE_ACCESSED);
    this.setBits(tableEntry, pte, write ? PTE_ACCESSED | PTE_DIRTY : PTE_ACCESSED);
    return frameOf(pte) * 4096 + (linear & 0xfff);
  }

  private setBits(guestPhysical: number, value: number, bits: number): void {
    if ((value & bits) !== bits) this.writePhysical8(guestPhysical, (value | bits) & 0xff);
  }

  readPhysical8(guestPhysical: number): number {
    const where = this.p2m.resolve(guestPhysical);
    if (where === null) throw new HostMemoryFull('host memory is full');
    return this.memory.read8(where.host);
  }

  /** Writes to the ROM and open-bus frames are dropped, as on the bare machine's missing memory. */
  writePhysical8(guestPhysical: number, value: number): void {
    let where = this.p2m.resolve(guestPhysical);
    if (where === null) throw new HostMemoryFull('host memory is full');
    const guestFrame = guestPhysical >>> 12;
    if (!where.writable && guestFrame < GUEST_FRAMES && this.p2m.backing[guestFrame] === BACKING_COW) {
      if (!this.p2m.breakCow(guestFrame)) throw new HostMemoryFull('host memory is full');
      where = this.p2m.resolve(guestPhysical) as NonNullable<typeof where>;
    }
    if (where.writable) this.memory.write8(where.host, value & 0xff);
  }

  readPhysical32(guestPhysical: number): number {
    let value = 0;
    for (let k = 3; k >= 0; k--) value = value * 256 + this.readPhysical8(guestPhysical + k);
    return value >>> 0;
  }

  read8(linear: number): number {
    return this.readPhysical8(this.physical(linear, false));
  }

  write8(linear: number, value: number): void {
    this.writePhysical8(this.physical(linear, true), value);
  }

  /** A word at segment:offset: the offset wraps within the segment, as the 8086's stack and IVT accesses do. */
  readWord(segment: number, offset: number): number {
    return (
      this.read8(segment * 16 + (offset & 0xffff)) | (this.read8(segment * 16 + ((offset + 1) & 0xffff)) << 8)
    );
  }

  writeWord(segment: number, offset: number, value: number): void {
    this.write8(segment * 16 + (offset & 0xffff), value & 0xff);
    this.write8(segment * 16 + ((offset + 1) & 0xffff), (value >> 8) & 0xff);
  }

  /** Bytes for the decoder, read without faulting: a page the guest cannot read gives open-bus FFh. */
  /**
   * A byte at a guest linear address for views and the debugger: no A/D bits set, no frame backed (a RAM frame
   * not backed yet reads 0, as backing would fill it), faults read FFh. peek8 below is the hypervisor's own read.
   */
  look8(linear: number): number {
    if ((this.controls.guestCr0 & CR0_PG) === 0) {
      return this.lookPhysical8(this.a20Wrap ? linear & 0xfffff : linear & 0x1fffff);
    }
    const pde = this.look32(this.controls.guestCr3 * 4096 + directoryIndex(linear) * 4);
    if (!(pde & PTE_PRESENT)) return OPEN_BUS;
    const pte = this.look32(frameOf(pde) * 4096 + tableIndex(linear) * 4);
    if (!(pte & PTE_PRESENT)) return OPEN_BUS;
    return this.lookPhysical8(frameOf(pte) * 4096 + (linear & 0xfff));
  }

  private lookPhysical8(guestPhysical: number): number {
    const frame = guestPhysical >>> 12;
    if (frame < this.p2m.hostFrame.length && this.p2m.hostFrame[frame] < 0) {
      const kind = this.p2m.kindOf(frame);
      if (kind === BACKING_ROM)
        return this.memory.read8(this.p2m.shared.romFrame * 4096 + (guestPhysical & 0xfff));
      return kind === BACKING_RAM ? 0 : OPEN_BUS;
    }
    const where = this.p2m.resolve(guestPhysical); // backed (or beyond guest RAM): resolve changes nothing
    return where === null ? OPEN_BUS : this.memory.read8(where.host);
  }

  private look32(guestPhysical: number): number {
    let value = 0;
    for (let k = 3; k >= 0; k--) value = value * 256 + this.lookPhysical8(guestPhysical + k);
    return value >>> 0;
  }

  peek8(linear: number): number {
    try {
      return this.read8(linear);
    } catch {
      return OPEN_BUS;
    }
  }
}
