// What VM mode does with each sensitive instruction: the per-VM sensitivity table and its historical presets
// (virtualization.md §2.3, "Preset tables"). One guest can run under the rules of 1987 (the 386's virtual-8086
// mode), of the deprivileged kernels of the late 1990s, of Popek and Goldberg's theorem, and of VT-x (2005).

/**
 * TRAP: the instruction does not run; the CPU exits to the hypervisor. VIRTUAL: it acts on the VM's virtual
 * state (the virtual interrupt flag VIF) instead of the real one. NATIVE: it acts on the real machine state.
 * SILENT: it runs, but the part that would touch privileged state is silently dropped (POPF ignoring IF).
 */
export type Action = 'TRAP' | 'VIRTUAL' | 'NATIVE' | 'SILENT';
/** INT n: TRAP (#GP), REDIRECT (VME bitmap: straight to the guest IVT), NATIVE (guest IVT), or SW_INT_EXIT. */
export type InterruptAction = 'TRAP' | 'REDIRECT' | 'NATIVE' | 'SW_INT_EXIT';
/** SMSW: NATIVE (leaks the real CR0: PE = PG = 1), TRAP, or SHADOW (returns the guest's virtual CR0). */
export type SmswAction = 'NATIVE' | 'TRAP' | 'SHADOW';
/** MOV CRn and INVLPG: TRAP, or NATIVE_NESTED (on the guest's own CRs: only with nested paging). */
export type ControlAction = 'TRAP' | 'NATIVE_NESTED';

export interface SensitivityTable {
  cli: Action;
  sti: Action;
  pushf: Action;
  popf: Action;
  iret: Action;
  intn: InterruptAction;
  smsw: SmswAction;
  movcr: ControlAction;
  invlpg: ControlAction;
  /** HLT always exits; listed so views can show the row. */
  hlt: 'TRAP';
}

export type ProfileName = '386-V86' | 'Classic-deprivileged' | 'Strict-P&G' | 'HW-assist';
export const PROFILE_NAMES: readonly ProfileName[] = [
  '386-V86',
  'Classic-deprivileged',
  'Strict-P&G',
  'HW-assist'
];

/**
 * How traps are reported (§2.4): '386' as a 386 reported them to its monitor (EXCEPTION #GP(0), #UD, #PF with
 * only CS:IP; the hypervisor decodes the instruction to classify), 'vtx' with VT-x's reason, qualification and
 * instruction length.
 */
export type ReportingStyle = '386' | 'vtx';

/** Exception bitmap with every vector set: every exception exits (a 386 monitor owns the real IDT). */
export const ALL_EXCEPTIONS = 0xffffffff;
/** Only #PF (vector 14). */
export const PAGE_FAULTS_ONLY = 1 << 14;

const TRAP_ALL: SensitivityTable = {
  cli: 'TRAP',
  sti: 'TRAP',
  pushf: 'TRAP',
  popf: 'TRAP',
  iret: 'TRAP',
  intn: 'TRAP',
  smsw: 'TRAP',
  movcr: 'TRAP',
  invlpg: 'TRAP',
  hlt: 'TRAP'
};

/** The preset table, row by row as in virtualization.md §2.3. */
export const PRESETS: Record<ProfileName, { table: SensitivityTable; reporting: ReportingStyle }> = {
  // The 386's virtual-8086 mode with IOPL = 0: the IOPL-sensitive instructions fault (#GP); SMSW is not
  // privileged on the 386 and leaks PE = PG = 1 (the one P&G violation of V86 mode).
  '386-V86': { table: { ...TRAP_ALL, smsw: 'NATIVE' }, reporting: '386' },
  // A guest kernel deprivileged to ring 1 (VMware 1999, Xen 2003 before PV): PUSHF shows the real IF and
  // POPF/IRET silently drop IF changes, the "sensitive but not privileged" instructions of Robin & Irvine.
  'Classic-deprivileged': {
    table: {
      ...TRAP_ALL,
      pushf: 'SILENT',
      popf: 'SILENT',
      iret: 'SILENT',
      intn: 'SW_INT_EXIT',
      smsw: 'NATIVE'
    },
    reporting: '386'
  },
  // What Popek and Goldberg require: every sensitive instruction traps.
  'Strict-P&G': { table: { ...TRAP_ALL }, reporting: '386' },
  // VT-x: the guest's IF is virtual (with interrupt-window exits), INT n runs natively through the guest IVT,
  // SMSW reads a CR0 shadow; MOV CRn and INVLPG exit unless nested paging lets them act on the guest's CRs.
  'HW-assist': {
    table: {
      ...TRAP_ALL,
      cli: 'VIRTUAL',
      sti: 'VIRTUAL',
      pushf: 'VIRTUAL',
      popf: 'VIRTUAL',
      iret: 'VIRTUAL',
      intn: 'NATIVE',
      smsw: 'SHADOW'
    },
    reporting: 'vtx'
  }
};

/**
 * The table a profile gives for an IOPL and a paging mode. On a real 386, V86 mode with IOPL = 3 runs CLI, STI,
 * PUSHF, POPF and IRET natively and sends INT n through the protected-mode IDT to the monitor (the
 * misconfiguration of escape E1); with nested paging HW-assist lets MOV CRn and INVLPG act on the guest's CRs.
 */
export function sensitivityTable(profile: ProfileName, iopl: number, nested: boolean): SensitivityTable {
  const table = { ...PRESETS[profile].table };
  if (profile === '386-V86' && iopl === 3) {
    Object.assign(table, { cli: 'NATIVE', sti: 'NATIVE', pushf: 'NATIVE', popf: 'NATIVE', iret: 'NATIVE' });
    table.intn = 'SW_INT_EXIT';
  }
  if (profile === 'HW-assist' && nested) {
    table.movcr = 'NATIVE_NESTED';
    table.invlpg = 'NATIVE_NESTED';
  }
  return table;
}

/** The default exception bitmap of a profile (§2.3): every exception on the pre-VT profiles. */
export function defaultExceptionBitmap(profile: ProfileName, nested: boolean): number {
  if (profile !== 'HW-assist') return ALL_EXCEPTIONS;
  return nested ? 0 : PAGE_FAULTS_ONLY;
}
