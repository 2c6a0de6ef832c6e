// The instructor's "hypervisor bug" switch (virtualization.md §2.12, E5): documented mistakes that can be turned
// on to show that the hypervisor is part of the trusted computing base. Each is off by default; each lives in one
// marked branch of the handler it breaks, so the lesson can show the line.

export interface HypervisorBugs {
  /**
   * Skip the P2M translation of guest PTE frames: the shadow fill (handlers/memory-faults.ts, shadowFault) takes
   * the frame number in a guest PTE as a *host* frame number whenever the P2M has no entry for it (a guest frame
   * not backed yet, or one beyond 1 MiB), instead of backing it or mapping the open-bus frame. Escape E2
   * (forge-pte) then reads other VMs' memory and the hypervisor's tables; the auditor flags I1/I2.
   */
  skipP2mForGuestPteFrames: boolean;
}

export function noBugs(): HypervisorBugs {
  return { skipP2mForGuestPteFrames: false };
}
