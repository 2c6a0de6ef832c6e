// The allocator's view of host physical memory (virtualization.md §2.5): who owns each 4 KiB host frame. Guest
// frames belong to one VM; the hypervisor's own tables (P2M, shadow, nested) belong to the hypervisor; the ROM
// and open-bus frames are shared read-only. The auditor (§2.12) checks every mapping against this map.

/** Owner codes below 0; a VM's frames carry its id (0, 1, 2 …). */
export const FRAME_FREE = -1;
export const FRAME_HYPERVISOR = -2;
export const FRAME_SHARED_ROM = -3;
export const FRAME_OPEN_BUS = -4;

export type FrameOwner = number;

export interface FramesState {
  owners: Int16Array;
  /** Copy-on-write frames shared by clones: frame → number of VMs mapping it. */
  sharers: [number, number][];
}

export class HostFrames {
  readonly owners: Int16Array;
  /** For shared copy-on-write frames: how many VMs still map the frame. */
  readonly sharers = new Map<number, number>();

  constructor(readonly count: number) {
    this.owners = new Int16Array(count).fill(FRAME_FREE);
  }

  /**
   * The lowest free frame, given to `owner`, or −1 when host memory is full. Lowest-first keeps every run
   * identical (determinism) and the frame map easy to read.
   */
  allocate(owner: FrameOwner): number {
    const frame = this.owners.indexOf(FRAME_FREE);
    if (frame >= 0) this.owners[frame] = owner;
    return frame;
  }

  release(frame: number): void {
    this.owners[frame] = FRAME_FREE;
    this.sharers.delete(frame);
  }

  ownerOf(frame: number): FrameOwner {
    return frame >= 0 && frame < this.count ? this.owners[frame] : FRAME_FREE;
  }

  /** Frames owned by `owner`. */
  countOwned(owner: FrameOwner): number {
    let n = 0;
    for (const o of this.owners) if (o === owner) n++;
    return n;
  }

  state(): FramesState {
    return { owners: this.owners.slice(), sharers: [...this.sharers] };
  }

  restore(state: FramesState): void {
    this.owners.set(state.owners);
    this.sharers.clear();
    for (const [frame, n] of state.sharers) this.sharers.set(frame, n);
  }
}
