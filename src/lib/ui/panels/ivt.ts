// The interrupt vector table as the IVT panel shows it: 256 far pointers at 0000:0000 (offset word, then segment
// word), the well-known names of the PC's vectors, and where each one points (the BIOS ROM at F000h, nowhere yet,
// or somewhere else in RAM: a handler the program or DOS installed).

/** The names a PC programmer knows the vectors by (IBM PC Technical Reference; Ralf Brown's list). */
export const VECTOR_NAMES: Readonly<Record<number, string>> = {
  0x00: 'divide error',
  0x01: 'single step',
  0x02: 'NMI',
  0x03: 'breakpoint (INT 3)',
  0x04: 'overflow (INTO)',
  0x05: 'print screen',
  0x06: 'invalid opcode',
  0x08: 'timer (IRQ 0)',
  0x09: 'keyboard (IRQ 1)',
  0x0e: 'page fault',
  0x10: 'video services',
  0x11: 'equipment list',
  0x12: 'memory size',
  0x13: 'disk services',
  0x14: 'serial port services',
  0x15: 'system services',
  0x16: 'keyboard services',
  0x17: 'printer services',
  0x18: 'ROM BASIC / no boot disk',
  0x19: 'bootstrap loader',
  0x1a: 'time of day',
  0x1b: 'Ctrl-Break',
  0x1c: 'user timer tick',
  0x20: 'DOS: terminate program',
  0x21: 'DOS services'
};

/** The BIOS ROM's segment. */
export const BIOS_SEGMENT = 0xf000;

export type VectorTarget = 'bios' | 'unset' | 'ram';

export interface Vector {
  number: number;
  name: string;
  segment: number;
  offset: number;
  target: VectorTarget;
}

export function vectorName(number: number): string {
  const known = VECTOR_NAMES[number];
  if (known) return known;
  if (number >= 0x08 && number <= 0x0f) return `IRQ ${number - 0x08}`;
  if (number >= 0x70 && number <= 0x77) return `IRQ ${number - 0x70 + 8}`;
  return '';
}

export function vectorTarget(segment: number, offset: number): VectorTarget {
  if (segment === BIOS_SEGMENT) return 'bios';
  if (segment === 0 && offset === 0) return 'unset';
  return 'ram';
}

/** The 256 vectors from the first 1 KiB of memory (`byteAt(address)` for address 0..3FFh). */
export function readVectors(byteAt: (address: number) => number): Vector[] {
  const word = (address: number) => byteAt(address) | (byteAt(address + 1) << 8);
  const vectors: Vector[] = [];
  for (let number = 0; number < 256; number++) {
    const offset = word(number * 4);
    const segment = word(number * 4 + 2);
    vectors.push({
      number,
      name: vectorName(number),
      segment,
      offset,
      target: vectorTarget(segment, offset)
    });
  }
  return vectors;
}

/** Numbers of the vectors that differ between two reads of the table. */
export function changedVectors(before: readonly Vector[] | null, after: readonly Vector[]): Set<number> {
  const changed = new Set<number>();
  if (before === null) return changed;
  for (const v of after) {
    const b = before[v.number];
    if (!b || b.segment !== v.segment || b.offset !== v.offset) changed.add(v.number);
  }
  return changed;
}
