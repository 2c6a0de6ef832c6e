// Where the guest BIOS sits in guest-physical memory, and the addresses its services use
// (virtualization.md section 2.5; IBM PC Technical Reference, "BIOS data area").

import type { PhysAddr } from '../types';

/** The ROM is one 4 KiB page at the top of the first megabyte: F000:F000 … F000:FFFF. */
export const BIOS_SEGMENT = 0xf000;
export const BIOS_ROM_ADDRESS: PhysAddr = 0xff000;
export const BIOS_ROM_SIZE = 0x1000;
/** The interrupt vector table: 256 far pointers at 0000:0000. */
export const IVT_ADDRESS: PhysAddr = 0x00000;
export const IVT_SIZE = 0x400;
/** The BIOS data area, segment 0040h. */
export const BDA_ADDRESS: PhysAddr = 0x00400;
export const BDA_SIZE = 0x100;
/** The 80 × 25 colour text page (2 bytes a cell: character, attribute). */
export const TEXT_PAGE_ADDRESS: PhysAddr = 0xb8000;
export const TEXT_COLUMNS = 80;
export const TEXT_ROWS = 25;
/** A blank cell: a space, light grey on black (attribute 07h). */
export const BLANK_CELL = 0x0720;
/** Where the reset code jumps: the boot image's address, 0000:7C00. */
export const BOOT_ADDRESS: PhysAddr = 0x07c00;
/** BDA fields the host and tests read, as physical addresses. */
export const BDA_KEYBOARD_HEAD: PhysAddr = 0x41a;
export const BDA_KEYBOARD_TAIL: PhysAddr = 0x41c;
export const BDA_KEYBOARD_BUFFER: PhysAddr = 0x41e;
export const BDA_CURSOR_POSITION: PhysAddr = 0x450;
export const BDA_TICK_COUNT: PhysAddr = 0x46c;
