// A machine with a guest set up for VM-mode tests: the guest's first 1 MiB + 64 KiB mapped 1:1 by the
// hypervisor's active tables (PDE 16 aliases PDE 0, the A20 wrap), code at 1000:0100, a stack at 1000:FFFE, and
// an IVT whose vector v points at 2000:(v * 4) where a HLT-free handler would live.

import {
  Machine,
  makeVmControls,
  pageEntries,
  type ProfileName,
  type VmControlOptions,
  type VmControls
} from '$lib/emu';

const { PTE_PRESENT, PTE_WRITABLE, PTE_USER, makeEntry } = pageEntries;

/** Frames of the hypervisor's tables: directory at frame 0x200 (2 MiB), tables from 0x201 on. */
export const DIRECTORY_FRAME = 0x200;
export const CODE_SEGMENT = 0x1000;
export const HANDLER_SEGMENT = 0x2000;

export function write32(m: Machine, address: number, value: number): void {
  for (let k = 0; k < 4; k++) m.memory.write8(address + k, (value >>> (8 * k)) & 0xff);
}

/** Identity-map guest linear 0–FFFFFh (PDE 0–15) and the HMA onto it (PDE 16 → PDE 0's table), user + writable. */
export function identityTables(m: Machine, directoryFrame = DIRECTORY_FRAME): void {
  const flags = PTE_PRESENT | PTE_WRITABLE | PTE_USER;
  for (let d = 0; d < 16; d++) {
    const tableFrame = directoryFrame + 1 + d;
    write32(m, directoryFrame * 4096 + d * 4, makeEntry(tableFrame, flags));
    for (let t = 0; t < 16; t++) write32(m, tableFrame * 4096 + t * 4, makeEntry(d * 16 + t, flags));
  }
  write32(m, directoryFrame * 4096 + 16 * 4, makeEntry(directoryFrame + 1, flags));
}

export interface GuestSetup {
  code: number[];
  profile: ProfileName;
  options?: VmControlOptions;
  flags?: number;
  registers?: Partial<Record<'ax' | 'bx' | 'cx' | 'dx' | 'si' | 'di' | 'bp' | 'sp', number>>;
}

/** A machine running `code` at 1000:0100 as a guest under `profile`. */
export function guest(setup: GuestSetup): { m: Machine; controls: VmControls } {
  const m = new Machine();
  identityTables(m);
  for (let v = 0; v < 256; v++) {
    m.memory.write8(v * 4, (v * 4) & 0xff);
    m.memory.write8(v * 4 + 1, (v * 4) >> 8);
    m.memory.write8(v * 4 + 2, HANDLER_SEGMENT & 0xff);
    m.memory.write8(v * 4 + 3, HANDLER_SEGMENT >> 8);
  }
  m.load(setup.code, CODE_SEGMENT * 16 + 0x100);
  m.setRegisters({
    cs: CODE_SEGMENT,
    ds: CODE_SEGMENT,
    es: CODE_SEGMENT,
    ss: CODE_SEGMENT,
    ip: 0x100,
    sp: 0xfffe,
    flags: setup.flags ?? 0xf202,
    ...setup.registers
  });
  const controls = makeVmControls(setup.profile, {
    paging: { mode: 'tables', rootFrame: DIRECTORY_FRAME },
    ...setup.options
  });
  m.enterVm(controls);
  return { m, controls };
}

/** The word at SS:SP + offset. */
export function stackWord(m: Machine, offset = 0): number {
  const r = m.registers();
  const address = r.ss * 16 + ((r.sp + offset) & 0xffff);
  return m.memory.bytes[address] | (m.memory.bytes[address + 1] << 8);
}
