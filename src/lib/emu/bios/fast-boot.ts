// The "fast boot": leaves the IVT, the BIOS data area, the text screen and (optionally) the devices exactly as
// the ROM's reset code would (static/programs/bios/bios.asm, steps 1–4), without running it, so a .COM program
// can start at 1000:0100 with the BIOS services ready. It reads the same three tables out of the ROM image
// that the reset code walks (vector_table, bda_table, port_table), so the two cannot drift apart on the data;
// tests/unit/bios/fast-boot.test.ts runs the real reset code and compares the memory and device state.

import type { Port } from '../types';
import { BIOS_ENTRY_POINTS, romByte, romWord, type Write8 } from './bios';
import {
  BDA_ADDRESS,
  BDA_SIZE,
  BIOS_SEGMENT,
  BLANK_CELL,
  IVT_ADDRESS,
  TEXT_COLUMNS,
  TEXT_PAGE_ADDRESS,
  TEXT_ROWS
} from './layout';

/** Writes one byte to an I/O port (the board's PortMap, or a VM's virtual devices). */
export type Out8 = (port: Port, value: number) => void;

/** A vector the BIOS installs: its number and the handler's offset in segment F000h. */
export interface BiosVector {
  vector: number;
  offset: number;
}

/** The BIOS's own handlers, as listed in the ROM's vector_table (3 bytes each: vector, offset). */
export function biosVectors(): BiosVector[] {
  const vectors: BiosVector[] = [];
  for (let at = BIOS_ENTRY_POINTS.vector_table; at < BIOS_ENTRY_POINTS.vector_table_end; at += 3) {
    vectors.push({ vector: romByte(at), offset: romWord(at + 1) });
  }
  return vectors;
}

/** The non-zero BDA bytes after reset, from the ROM's bda_table (2 bytes each: offset in 0040h, value). */
export function biosDataAreaBytes(): { offset: number; value: number }[] {
  const bytes: { offset: number; value: number }[] = [];
  for (let at = BIOS_ENTRY_POINTS.bda_table; at < BIOS_ENTRY_POINTS.bda_table_end; at += 2) {
    bytes.push({ offset: romByte(at), value: romByte(at + 1) });
  }
  return bytes;
}

/** The device set-up OUTs of reset, from the ROM's port_table (3 bytes each: port word, value). */
export function biosPortWrites(): { port: Port; value: number }[] {
  const writes: { port: Port; value: number }[] = [];
  for (let at = BIOS_ENTRY_POINTS.port_table; at < BIOS_ENTRY_POINTS.port_table_end; at += 3) {
    writes.push({ port: romWord(at), value: romByte(at + 2) });
  }
  return writes;
}

/**
 * Initialise memory as the reset code does: every vector to the ROM's IRET, then the BIOS's handlers; the
 * BDA zeroed, then its table; the 80 × 25 text page blank. With `out8`, also the same port writes (PIC,
 * PIT, CRTC cursor) in the same order. The ROM itself is not written (see writeBiosRom).
 */
export function fastBoot(write8: Write8, out8?: Out8): void {
  const writeWord = (address: number, value: number) => {
    write8(address, value & 0xff);
    write8(address + 1, (value >> 8) & 0xff);
  };
  for (let vector = 0; vector < 256; vector++) {
    writeWord(IVT_ADDRESS + vector * 4, BIOS_ENTRY_POINTS.default_iret);
    writeWord(IVT_ADDRESS + vector * 4 + 2, BIOS_SEGMENT);
  }
  for (const { vector, offset } of biosVectors()) writeWord(IVT_ADDRESS + vector * 4, offset);
  for (let i = 0; i < BDA_SIZE; i++) write8(BDA_ADDRESS + i, 0);
  for (const { offset, value } of biosDataAreaBytes()) write8(BDA_ADDRESS + offset, value);
  for (let cell = 0; cell < TEXT_COLUMNS * TEXT_ROWS; cell++)
    writeWord(TEXT_PAGE_ADDRESS + cell * 2, BLANK_CELL);
  if (out8) for (const { port, value } of biosPortWrites()) out8(port, value);
}
