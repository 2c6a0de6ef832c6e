// The P2M: each VM's guest-physical → host-physical map (virtualization.md §2.7), kept twice: as an array the
// hypervisor reads, and as 386-format tables in host memory that the CPU walks — as the VM's active tables
// while the guest's paging is off (the Windows/386 case: guest linear = guest physical) and as the nested
// tables under nested paging (same format, indexing guest-physical addresses).
//
// Frames are backed lazily: an entry stays not-present until the guest first touches the page (a hidden page
// fault or an NPT violation), then a zeroed host frame is allocated. Guest frames that hold no RAM (beyond the
// VM's RAM size) map to the shared open-bus frame full of FFh; the BIOS page to the shared read-only ROM frame.

import type { PhysicalMemory } from '../mem/memory';
import { PAGE_SIZE as PAGE_SIZE_BYTES } from '../mem/memory';
import { makeEntry, PTE_PRESENT, PTE_USER, PTE_WRITABLE, TABLE_ENTRIES } from '../mem/paging/entries';
import { FRAME_HYPERVISOR, type HostFrames } from './frames';

/** Guest-physical space: 1 MiB, 256 frames (20-bit guest-physical addresses, §2.5's memory map). */
export const GUEST_FRAMES = 256;
/** The guest BIOS ROM page: guest-physical FF000h–FFFFFh. */
export const ROM_GUEST_FRAME = 0xff;
/** Directory entries of the physical map: 16 cover 1 MiB; entry 16 (the HMA) aliases entry 0 with the A20 wrap. */
const MAP_DIRECTORY_ENTRIES = 16;

/** How a guest frame is backed. */
export const BACKING_NONE = 0;
export const BACKING_RAM = 1;
export const BACKING_ROM = 2;
export const BACKING_OPEN_BUS = 3;
/** A frame shared copy-on-write with a clone: read-only until the first write copies it. */
export const BACKING_COW = 4;

export interface P2mState {
  hostFrame: Int32Array;
  backing: Uint8Array;
  directoryFrame: number;
  tableFrames: number[];
}

/** What a guest-physical access resolves to: a host address, or a shared frame (reads FFh or ROM; writes dropped). */
export interface Resolved {
  host: number;
  writable: boolean;
}

export class P2m {
  /** Host frame of each guest frame (−1: not backed yet). */
  readonly hostFrame = new Int32Array(GUEST_FRAMES).fill(-1);
  readonly backing = new Uint8Array(GUEST_FRAMES);
  /** Root of the physical-map tables (host frame), and the 16 table frames under it. */
  readonly directoryFrame: number;
  readonly tableFrames: number[] = [];

  constructor(
    private readonly memory: PhysicalMemory,
    private readonly frames: HostFrames,
    /** Owner id of this VM's frames. */
    readonly owner: number,
    /** Guest RAM in frames (the rest of the 1 MiB reads as open bus, ROM page apart). */
    readonly ramFrames: number,
    readonly shared: { romFrame: number; openBusFrame: number },
    a20Wrap: boolean
  ) {
    this.directoryFrame = this.allocateTableFrame();
    for (let d = 0; d < MAP_DIRECTORY_ENTRIES; d++) {
      const table = this.allocateTableFrame();
      this.tableFrames.push(table);
      this.writeEntry(this.directoryFrame, d, makeEntry(table, PTE_PRESENT | PTE_WRITABLE | PTE_USER));
    }
    // The A20 wrap (§2.2.2): linear 100000h–10FFEFh reaches guest-physical 0 when the VM's A20 gate is off.
    if (a20Wrap) {
      this.writeEntry(
        this.directoryFrame,
        16,
        makeEntry(this.tableFrames[0], PTE_PRESENT | PTE_WRITABLE | PTE_USER)
      );
    }
  }

  /** A zeroed host frame for the hypervisor's tables. */
  private allocateTableFrame(): number {
    const frame = this.frames.allocate(FRAME_HYPERVISOR);
    if (frame < 0) throw new Error('host memory is full: no frame for the hypervisor tables');
    this.memory.fill(frame * PAGE_SIZE_BYTES, PAGE_SIZE_BYTES, 0);
    return frame;
  }

  private writeEntry(tableFrame: number, index: number, value: number): void {
    const address = tableFrame * PAGE_SIZE_BYTES + index * 4;
    for (let k = 0; k < 4; k++) this.memory.write8(address + k, (value >>> (8 * k)) & 0xff);
  }

  /** The kind of backing a guest frame gets when touched. */
  kindOf(guestFrame: number): number {
    if (guestFrame === ROM_GUEST_FRAME) return BACKING_ROM;
    if (guestFrame >= this.ramFrames || guestFrame >= GUEST_FRAMES) return BACKING_OPEN_BUS;
    return BACKING_RAM;
  }

  /**
   * Back a guest frame (first touch): a zeroed frame of this VM for RAM, the shared frames otherwise, and
   * install the entry in the physical map. Returns false when host memory is full.
   */
  back(guestFrame: number): boolean {
    if (guestFrame >= GUEST_FRAMES) return true; // beyond 1 MiB: open bus, no entry to install
    if (this.backing[guestFrame] !== BACKING_NONE) return true;
    const kind = this.kindOf(guestFrame);
    let host: number;
    if (kind === BACKING_RAM) {
      host = this.frames.allocate(this.owner);
      if (host < 0) return false;
      this.memory.fill(host * PAGE_SIZE_BYTES, PAGE_SIZE_BYTES, 0);
    } else {
      host = kind === BACKING_ROM ? this.shared.romFrame : this.shared.openBusFrame;
    }
    this.hostFrame[guestFrame] = host;
    this.backing[guestFrame] = kind;
    this.installEntry(guestFrame);
    return true;
  }

  /** Write the physical-map entry of a guest frame from hostFrame/backing (shared and COW frames read-only). */
  installEntry(guestFrame: number): void {
    const kind = this.backing[guestFrame];
    const writable = kind === BACKING_RAM;
    const value =
      kind === BACKING_NONE
        ? 0
        : makeEntry(this.hostFrame[guestFrame], PTE_PRESENT | PTE_USER | (writable ? PTE_WRITABLE : 0));
    this.writeEntry(this.tableFrames[guestFrame >> 4], guestFrame & (TABLE_ENTRIES - 1), value);
  }

  /** Called after a guest frame moved to another host frame (copy-on-write broken): shadows and TLB must forget it. */
  remapped: ((guestFrame: number, oldHostFrame: number) => void) | null = null;

  /**
   * Share every RAM frame of `source` with this P2M copy-on-write (a clone, §2.13): both map the frames
   * read-only; the first write from either side copies the frame (breakCow). Frames are counted in
   * HostFrames.sharers; their owner stays the VM that had them.
   */
  shareFrom(source: P2m): void {
    for (let g = 0; g < GUEST_FRAMES; g++) {
      const kind = source.backing[g];
      if (kind === BACKING_NONE) continue;
      const host = source.hostFrame[g];
      this.hostFrame[g] = host;
      if (kind === BACKING_RAM || kind === BACKING_COW) {
        this.frames.sharers.set(host, (this.frames.sharers.get(host) ?? 1) + 1);
        source.backing[g] = BACKING_COW;
        this.backing[g] = BACKING_COW;
        source.installEntry(g);
      } else {
        this.backing[g] = kind;
      }
      this.installEntry(g);
    }
  }

  /**
   * A write to a copy-on-write frame: the last VM still sharing it takes it over; any other gets its own copy.
   * Returns false when host memory is full.
   */
  breakCow(guestFrame: number): boolean {
    const shared = this.hostFrame[guestFrame];
    const sharers = this.frames.sharers.get(shared) ?? 1;
    if (sharers <= 1) {
      this.frames.sharers.delete(shared);
      this.frames.owners[shared] = this.owner;
    } else {
      const copy = this.frames.allocate(this.owner);
      if (copy < 0) return false;
      this.memory.load(
        copy * PAGE_SIZE_BYTES,
        this.memory.bytes.subarray(shared * PAGE_SIZE_BYTES, (shared + 1) * PAGE_SIZE_BYTES)
      );
      this.frames.sharers.set(shared, sharers - 1);
      this.hostFrame[guestFrame] = copy;
    }
    this.backing[guestFrame] = BACKING_RAM;
    this.installEntry(guestFrame);
    this.remapped?.(guestFrame, shared);
    return true;
  }

  /** Map a guest frame to another host frame, writable, until installEntry puts it back (scratch emulation). */
  mapTemporarily(guestFrame: number, hostFrame: number): void {
    this.writeEntry(
      this.tableFrames[guestFrame >> 4],
      guestFrame & (TABLE_ENTRIES - 1),
      makeEntry(hostFrame, PTE_PRESENT | PTE_USER | PTE_WRITABLE)
    );
  }

  /**
   * Where a guest-physical address lives, backing it on first touch. Null when host memory is full. Addresses
   * beyond 1 MiB (a guest PTE may name any 12-bit frame) are open bus.
   */
  resolve(guestPhysical: number): Resolved | null {
    const guestFrame = guestPhysical >>> 12;
    const offset = guestPhysical & 0xfff;
    if (guestFrame >= GUEST_FRAMES) {
      return { host: this.shared.openBusFrame * PAGE_SIZE_BYTES + offset, writable: false };
    }
    if (!this.back(guestFrame)) return null;
    return {
      host: this.hostFrame[guestFrame] * PAGE_SIZE_BYTES + offset,
      writable: this.backing[guestFrame] === BACKING_RAM
    };
  }

  /** Host frames the VM's RAM occupies (backed frames it owns). */
  backedFrames(): number {
    let n = 0;
    for (const kind of this.backing) if (kind === BACKING_RAM) n++;
    return n;
  }

  state(): P2mState {
    return {
      hostFrame: this.hostFrame.slice(),
      backing: this.backing.slice(),
      directoryFrame: this.directoryFrame,
      tableFrames: [...this.tableFrames]
    };
  }

  /** Put the arrays back (the tables themselves are in host memory, restored with it). */
  restore(state: P2mState): void {
    this.hostFrame.set(state.hostFrame);
    this.backing.set(state.backing);
  }
}
