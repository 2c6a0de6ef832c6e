// Page directory and page table entries: 32-bit, in the 386's format (80386 Programmer's Reference Manual,
// section 5.2.4, figure 5-10), over our 21-bit linear space split 5/4/12 (virtualization.md §2.2.2):
// bits 20–16 index a 32-entry page directory (one entry per 64 KiB, an 8086 segment's span), bits 15–12 a
// 16-entry page table, bits 11–0 the byte in a 4 KiB page. Every table sits at the start of its own 4 KiB frame.

/** P: the entry maps something. */
export const PTE_PRESENT = 1 << 0;
/** R/W: writes allowed (enforced at every privilege level, as a 486 with CR0.WP = 1). */
export const PTE_WRITABLE = 1 << 1;
/** U/S: accessible from VM mode (CPL 3). */
export const PTE_USER = 1 << 2;
/** PWT and PCD: stored, ignored (no caches here). */
export const PTE_WRITE_THROUGH = 1 << 3;
export const PTE_CACHE_DISABLE = 1 << 4;
/** A: set by the hardware on every walk through the entry. */
export const PTE_ACCESSED = 1 << 5;
/** D (page table entries only): set by the hardware on the first write to the page. */
export const PTE_DIRTY = 1 << 6;
/** AVL, bits 9–11: free for software (the hypervisor marks "traced", "copy-on-write" here). */
export const PTE_AVAILABLE_SHIFT = 9;
/** The frame number: bits 12–31 (a frame address with the low 12 bits zero). */
export const PTE_FRAME_SHIFT = 12;

export const PAGE_SHIFT = 12;
export const PAGE_OFFSET_MASK = 0xfff;
/** Directory index: linear bits 20–16. */
export const DIRECTORY_SHIFT = 16;
export const DIRECTORY_ENTRIES = 32;
/** Table index: linear bits 15–12. */
export const TABLE_ENTRIES = 16;
/** The linear (and guest-physical) space is 21 bits: segment * 16 + offset reaches 10FFEFh. */
export const LINEAR_MASK = 0x1fffff;

/** The frame number an entry points at. */
export function frameOf(entry: number): number {
  return entry >>> PTE_FRAME_SHIFT;
}

/** Page-directory index of a linear address. */
export function directoryIndex(linear: number): number {
  return (linear >>> DIRECTORY_SHIFT) & (DIRECTORY_ENTRIES - 1);
}

/** Page-table index of a linear address. */
export function tableIndex(linear: number): number {
  return (linear >>> PAGE_SHIFT) & (TABLE_ENTRIES - 1);
}

/** Build an entry: frame number and flag bits (what `dd frame << 12 | flags` writes in NASM). */
export function makeEntry(frame: number, flags: number): number {
  return ((frame << PTE_FRAME_SHIFT) | flags) >>> 0;
}

// #PF error code (80386 manual, section 9.8.14): bit 0 P (0 = not present, 1 = protection), bit 1 W/R
// (1 = the access was a write), bit 2 U/S (1 = the access came from VM mode, CPL 3).
export const FAULT_PROTECTION = 1 << 0;
export const FAULT_WRITE = 1 << 1;
export const FAULT_USER = 1 << 2;
