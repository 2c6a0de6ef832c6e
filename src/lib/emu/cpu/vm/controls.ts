// The hardware-visible half of a VM's control block (virtualization.md §2.3 "VMCB", ctl): what the CPU consults
// while it runs a guest in VM mode. The hypervisor (a later issue) owns the rest of the VMCB and fills this in
// before entering the guest, as a VT-x host fills the VMCS.

import {
  defaultExceptionBitmap,
  PRESETS,
  sensitivityTable,
  type ProfileName,
  type ReportingStyle,
  type SensitivityTable
} from './sensitivity';

/** The extended flags word (386 bit positions): IOPL 12–13, VM 17, VIF 19, VIP 20. PUSHF/POPF move the low 16. */
export const IOPL_SHIFT = 12;
export const IOPL_MASK = 3 << IOPL_SHIFT;
export const VM_FLAG = 1 << 17;
export const VIF = 1 << 19;
export const VIP = 1 << 20;

/** Translation for the guest: the hypervisor's active tables (a page table per VM, or shadow tables), or nested. */
export type VmPaging = { mode: 'tables'; rootFrame: number } | { mode: 'nested'; nestedRootFrame: number };

export interface VmControls {
  profile: ProfileName;
  table: SensitivityTable;
  reporting: ReportingStyle;
  /** IOPL the guest runs with (0 or 3 in the presets). */
  iopl: number;
  /** One bit per port, 8 KiB: 1 = an IN/OUT there exits (IO_INSTRUCTION), 0 = it reaches the physical port. */
  ioBitmap: Uint8Array;
  /** Bit v = 1: exception v exits instead of going to the guest's IVT. */
  exceptionBitmap: number;
  /** Exit (INTERRUPT_WINDOW) when the guest opens its virtual IF while a virtual interrupt is pending (VIP). */
  interruptWindowExiting: boolean;
  paging: VmPaging;
  /** TLB tag of this VM (1–15); 0 = untagged. */
  vpid: number;
  /** Guest instructions left before a PREEMPTION_TIMER exit (HW-assist); negative = no timer. */
  preemptionTimer: number;
  /** The guest's virtual control registers: what SHADOW SMSW reads and NATIVE_NESTED MOV CRn acts on. */
  guestCr0: number;
  guestCr2: number;
  guestCr3: number;
}

export interface VmControlOptions {
  iopl?: number;
  paging?: VmPaging;
  vpid?: number;
  exceptionBitmap?: number;
  interruptWindowExiting?: boolean;
  preemptionTimer?: number;
  /** Ports whose IN/OUT reach the physical port without an exit (everything else exits). */
  passthroughPorts?: Iterable<number>;
}

/** Controls for a profile with the preset table and the defaults of §2.3 (every port exits). */
export function makeVmControls(profile: ProfileName, options: VmControlOptions = {}): VmControls {
  const paging = options.paging ?? { mode: 'tables', rootFrame: 0 };
  const nested = paging.mode === 'nested';
  const iopl = options.iopl ?? 0;
  const ioBitmap = new Uint8Array(8192).fill(0xff);
  for (const port of options.passthroughPorts ?? []) ioBitmap[port >> 3] &= ~(1 << (port & 7));
  return {
    profile,
    table: sensitivityTable(profile, iopl, nested),
    reporting: PRESETS[profile].reporting,
    iopl,
    ioBitmap,
    exceptionBitmap: options.exceptionBitmap ?? defaultExceptionBitmap(profile, nested),
    interruptWindowExiting: options.interruptWindowExiting ?? profile === 'HW-assist',
    paging,
    vpid: options.vpid ?? 0,
    preemptionTimer: options.preemptionTimer ?? -1,
    guestCr0: 0,
    guestCr2: 0,
    guestCr3: 0
  };
}

/** Whether an IN/OUT of `size` bytes at `port` exits: any of its ports' bits set (as the 386 checks them all). */
export function ioExits(controls: VmControls, port: number, size: number): boolean {
  for (let k = 0; k < size; k++) {
    const p = (port + k) & 0xffff;
    if (controls.ioBitmap[p >> 3] & (1 << (p & 7))) return true;
  }
  return false;
}
