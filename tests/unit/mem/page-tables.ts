// Shared by the paging tests: write and read 386-format page directory and page table entries in a machine's
// physical memory (32-bit little-endian entries, each table at the start of its own 4 KiB frame:
// virtualization.md §2.2.2), and a digest of all of memory for "nothing changed" checks.
import { createHash } from 'node:crypto';
import { pageEntries, type Machine } from '$lib/emu';

const { makeEntry, directoryIndex, tableIndex } = pageEntries;

/** The entry bits at the 386 positions (80386 Programmer's Reference Manual, figure 5-10). */
export const P = pageEntries.PTE_PRESENT;
export const W = pageEntries.PTE_WRITABLE;
export const U = pageEntries.PTE_USER;
export const A = pageEntries.PTE_ACCESSED;
export const D = pageEntries.PTE_DIRTY;

/** #PF error code bits (80386 manual, section 9.8.14). */
export const ERR_PROTECTION = pageEntries.FAULT_PROTECTION;
export const ERR_WRITE = pageEntries.FAULT_WRITE;
export const ERR_USER = pageEntries.FAULT_USER;

/** Host physical address of entry `index` of the table (or directory) in frame `frame`. */
export const entryAddress = (frame: number, index: number): number => frame * 4096 + index * 4;

export function readEntry(m: Machine, frame: number, index: number): number {
  const at = entryAddress(frame, index);
  const b = m.memory.bytes;
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

export function writeEntry(m: Machine, frame: number, index: number, value: number): void {
  const at = entryAddress(frame, index);
  for (let k = 0; k < 4; k++) m.memory.write8(at + k, (value >>> (8 * k)) & 0xff);
}

/** The page directory entry that covers `linear`: points at the page table in `tableFrame`. */
export function setPde(
  m: Machine,
  dirFrame: number,
  linear: number,
  tableFrame: number,
  flags: number
): void {
  writeEntry(m, dirFrame, directoryIndex(linear), makeEntry(tableFrame, flags));
}

/** The page table entry for `linear` in the table in `tableFrame`: maps it to `frame`. */
export function setPte(m: Machine, tableFrame: number, linear: number, frame: number, flags: number): void {
  writeEntry(m, tableFrame, tableIndex(linear), makeEntry(frame, flags));
}

export interface Mapping {
  dirFrame: number;
  tableFrame: number;
  linear: number;
  frame: number;
  pdeFlags?: number;
  pteFlags?: number;
}

/** Map one linear page (PDE and PTE; both P | W unless told otherwise). */
export function mapPage(m: Machine, map: Mapping): void {
  setPde(m, map.dirFrame, map.linear, map.tableFrame, map.pdeFlags ?? P | W);
  setPte(m, map.tableFrame, map.linear, map.frame, map.pteFlags ?? P | W);
}

/**
 * Identity-map linear pages 0 .. pages-1: directory in `dirFrame`, the table of directory entry d in frame
 * `firstTableFrame + d`. With `hma`, PDE 16 points at PDE 0's table (the 8086 wrap, §2.2.2).
 */
export function identityMap(
  m: Machine,
  dirFrame: number,
  firstTableFrame: number,
  pages = 256,
  flags = P | W,
  hma = false
): void {
  for (let page = 0; page < pages; page++) {
    const linear = page * 4096;
    const tableFrame = firstTableFrame + directoryIndex(linear);
    mapPage(m, { dirFrame, tableFrame, linear, frame: page, pdeFlags: flags, pteFlags: flags });
  }
  if (hma) setPde(m, dirFrame, 0x100000, firstTableFrame, flags);
}

/** A digest of the whole of physical memory. */
export function memoryDigest(m: Machine): string {
  return createHash('sha256').update(m.memory.bytes).digest('hex');
}
