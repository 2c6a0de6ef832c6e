// Bulk forms of REP string instructions: when every element of a repetition lies in one contiguous run of plain
// memory (no offset wrap inside the segment; the bus agrees), the work is done on a direct view of the bytes
// instead of one bus access per element. The result is exactly that of the element-by-element loop in
// string.ts (which handles every other case): overlapping copies replicate bytes as the 8086 does, and CMPS/SCAS
// stop at the same element with the same flags. This is what lets REP MOVS/STOS/CMPS/SCAS run at memory speed.

import { sub16, sub8 } from '../alu';
import type { Cpu } from '../cpu';

/** Below this many elements the per-element loop is as fast and allocates nothing. */
export const BULK_MINIMUM = 16;

/**
 * How many of the next `count` elements (at seg1:offset1 and seg2:offset2, the source and destination) to do in
 * bulk, or 0 when too few. With paging on, a chunk stops at the first page boundary of either operand: each page
 * is translated once, through the TLB, as an element-by-element copy would reach it, and a fault leaves the
 * registers exactly at the last completed element.
 */
export function bulkChunk(
  cpu: Cpu,
  count: number,
  size: number,
  down: boolean,
  seg1: number,
  offset1: number,
  seg2: number,
  offset2: number
): number {
  let chunk = count;
  if (cpu.bus.paging.enabled) {
    chunk = Math.min(
      chunk,
      elementsInPage(cpu, seg1, offset1, size, down),
      elementsInPage(cpu, seg2, offset2, size, down)
    );
  }
  return chunk >= BULK_MINIMUM ? chunk : 0;
}

/** Elements of `size` bytes from seg:offset (up, or down) that lie whole in the offset's page. */
function elementsInPage(cpu: Cpu, seg: number, offset: number, size: number, down: boolean): number {
  const inPage = ((cpu.segs[seg] << 4) + offset) & 0xfff;
  if (inPage + size > 0x1000) return 0; // the first element itself straddles the page end
  return down ? Math.floor((inPage + size) / size) : Math.floor((4096 - inPage) / size);
}

/**
 * How many elements to do one by one when bulkChunk gave `chunk` (0: none in bulk here) and `remaining` are
 * left: the chunk itself if the bulk views were refused; without paging all the rest; with paging one at a time
 * across a page boundary, then bulk again.
 */
export function elementRun(cpu: Cpu, chunk: number, remaining: number): number {
  if (chunk > 0) return chunk;
  return cpu.bus.paging.enabled && remaining >= BULK_MINIMUM ? 1 : remaining;
}

/**
 * The bytes of `count` elements of `size` bytes at seg:offset, walking up (or down, from offset), as one view;
 * null when they wrap around the end of the segment or the bus cannot give direct access.
 */
export function elementSpan(
  cpu: Cpu,
  seg: number,
  offset: number,
  count: number,
  size: number,
  down: boolean,
  forWrite: boolean
): Uint8Array | null {
  const length = count * size;
  const low = down ? offset - (count - 1) * size : offset;
  if (low < 0 || low + length > 0x10000) return null;
  return cpu.bus.span((cpu.segs[seg] << 4) + low, length, forWrite);
}

/** Index in a span of the first byte of element k (elements go up from the span's start, or down from its end). */
function elementIndex(k: number, count: number, size: number, down: boolean): number {
  return (down ? count - 1 - k : k) * size;
}

function overlap(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
}

/** MOVS: copy `count` elements from source to destination in 8086 order. */
export function copyElements(
  destination: Uint8Array,
  source: Uint8Array,
  count: number,
  size: number,
  down: boolean
): void {
  if (!overlap(destination, source)) {
    destination.set(source);
    return;
  }
  // Overlapping: element by element, each read before it is written, so a later element reads what an earlier
  // one wrote (MOVSB with DI = SI + 1 repeats the first byte), as the hardware's sequence of accesses does.
  // Both views share the memory's buffer, so reads through `source` see the writes through `destination`.
  for (let k = 0; k < count; k++) {
    const at = elementIndex(k, count, size, down);
    if (size === 1) {
      destination[at] = source[at];
    } else {
      const low = source[at];
      const high = source[at + 1];
      destination[at] = low;
      destination[at + 1] = high;
    }
  }
}

/** STOS: store the element value (a byte, or a little-endian word) `count` times. */
export function fillElements(destination: Uint8Array, value: number, size: number): void {
  if (size === 1) {
    destination.fill(value);
    return;
  }
  const low = value & 0xff;
  const high = value >> 8;
  for (let at = 0; at < destination.length; at += 2) {
    destination[at] = low;
    destination[at + 1] = high;
  }
}

/**
 * CMPS (left = the source elements) or SCAS (left = null: the accumulator): how many elements are compared
 * before the repetition ends (REPE: at the first difference; REPNE: at the first match), at most `count`.
 * The flags are set as the last comparison set them.
 */
export function compareElements(
  cpu: Cpu,
  right: Uint8Array,
  left: Uint8Array | null,
  accumulator: number,
  count: number,
  size: number,
  down: boolean,
  whileEqual: boolean
): number {
  let k = 0;
  let leftValue = 0;
  let rightValue = 0;
  for (; k < count; k++) {
    const at = elementIndex(k, count, size, down);
    rightValue = size === 1 ? right[at] : right[at] | (right[at + 1] << 8);
    leftValue = left === null ? accumulator : size === 1 ? left[at] : left[at] | (left[at + 1] << 8);
    if ((leftValue === rightValue) !== whileEqual) {
      k++;
      break;
    }
  }
  if (size === 1) sub8(cpu, leftValue, rightValue, 0);
  else sub16(cpu, leftValue, rightValue, 0);
  return k;
}
