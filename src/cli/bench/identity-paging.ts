// Paging on for a benchmark run: the low 1 MiB mapped 1:1 (page n → frame n, writable), the page directory at
// frame 200h (2 MiB, above anything a .COM touches) and its 16 tables after it, then CR3 and CR0.PG loaded. The
// workload runs unchanged; every access goes through the TLB. virtualization.md §2.2.2 gives the layout.

import { pageEntries, type Machine } from '$lib/emu';

const { PTE_PRESENT, PTE_WRITABLE, makeEntry } = pageEntries;
const DIRECTORY_FRAME = 0x200;
const CR0_PG = 0x8000;

function write32(machine: Machine, address: number, value: number): void {
  for (let k = 0; k < 4; k++) machine.memory.write8(address + k, (value >>> (8 * k)) & 0xff);
}

export function enableIdentityPaging(machine: Machine): void {
  const flags = PTE_PRESENT | PTE_WRITABLE;
  for (let directory = 0; directory < 16; directory++) {
    const tableFrame = DIRECTORY_FRAME + 1 + directory;
    write32(machine, DIRECTORY_FRAME * 4096 + directory * 4, makeEntry(tableFrame, flags));
    for (let table = 0; table < 16; table++) {
      write32(machine, tableFrame * 4096 + table * 4, makeEntry(directory * 16 + table, flags));
    }
  }
  machine.cpu.setControlRegister(3, DIRECTORY_FRAME);
  machine.cpu.setControlRegister(0, machine.cpu.cr0 | CR0_PG);
}
