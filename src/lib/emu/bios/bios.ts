// The guest BIOS as the host uses it: the ROM bytes (decoded from the generated bios-image.ts), its entry
// points, and writing the ROM into a memory. The source is static/programs/bios/bios.asm; fast-boot.ts
// initialises memory the way the ROM's reset code does, without running it.

import type { PhysAddr } from '../types';
import { BIOS_IMAGE_HEX, BIOS_SYMBOLS } from './bios-image';
import { BIOS_ROM_ADDRESS, BIOS_ROM_SIZE, BIOS_SEGMENT } from './layout';

/** Writes one byte of guest-physical memory (a Machine's memory, or a VM's through its P2M). */
export type Write8 = (address: PhysAddr, value: number) => void;

function decodeHex(lines: readonly string[]): Uint8Array {
  const text = lines.join('');
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
  return bytes;
}

/** The 4 KiB ROM, to be placed at physical FF000h (F000:F000). Treat as read-only. */
export const BIOS_IMAGE: Uint8Array = decodeHex(BIOS_IMAGE_HEX);

/** Offsets in segment F000h of the ROM's labels: `reset`, `int10_video`, `vector_table`, … */
export const BIOS_ENTRY_POINTS: Readonly<Record<keyof typeof BIOS_SYMBOLS, number>> = BIOS_SYMBOLS;

/** The byte of the ROM at offset `offset` of segment F000h. */
export function romByte(offset: number): number {
  return BIOS_IMAGE[offset - (BIOS_ROM_ADDRESS - BIOS_SEGMENT * 16)];
}

/** The little-endian word of the ROM at offset `offset` of segment F000h. */
export function romWord(offset: number): number {
  return romByte(offset) | (romByte(offset + 1) << 8);
}

/** Copy the ROM into memory at FF000h–FFFFFh (after a Machine reset, which clears memory). */
export function writeBiosRom(write8: Write8): void {
  for (let i = 0; i < BIOS_ROM_SIZE; i++) write8(BIOS_ROM_ADDRESS + i, BIOS_IMAGE[i]);
}
