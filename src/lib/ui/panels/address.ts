// What the memory panel's go-to box accepts, parsed into an address: `1000:0100` (segment:offset), `0x10100` or
// `10100h` (linear), `ds:si` / `ss:sp` / `es:0100` (register pairs, read from the current registers), and a label
// of the program (a .COM label lives in the program's segment). Numbers are hex, as in every debugger's memory view.

import type { Registers } from '$lib/emu';
import { linearOf, LINEAR_SPACE } from '../machine-memory';

export interface ParsedAddress {
  /** The segment the address was given in (null for a plain linear address). */
  segment: number | null;
  offset: number;
  linear: number;
}

export type ParseResult = { ok: true; address: ParsedAddress } | { ok: false; message: string };

export interface AddressContext {
  registers: Registers | null;
  /** Labels of the loaded program: name → offset in `labelSegment`. */
  labels?: ReadonlyMap<string, number>;
  labelSegment?: number;
}

const SEGMENT_REGISTERS = ['cs', 'ds', 'es', 'ss'] as const;
const OFFSET_REGISTERS = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'ip'] as const;

/** A hex number as a debugger takes it: `0x1F`, `1Fh` or bare `1F`; null when it is not one. */
export function parseHex(text: string): number | null {
  const t = text.trim().toLowerCase();
  const digits = t.startsWith('0x') ? t.slice(2) : t.endsWith('h') ? t.slice(0, -1) : t;
  if (!/^[0-9a-f]+$/.test(digits) || digits.length > 8) return null;
  return parseInt(digits, 16);
}

/** One side of a `seg:off` pair: a register's value or a 16-bit hex number. */
function part(text: string, names: readonly string[], registers: Registers | null): number | string | null {
  const t = text.trim().toLowerCase();
  if ((names as readonly string[]).includes(t)) {
    if (registers === null) return `no registers yet to read ${t.toUpperCase()} from`;
    return registers[t as keyof Registers];
  }
  const value = parseHex(t);
  if (value === null) return null;
  return value > 0xffff ? `${t} does not fit in 16 bits` : value;
}

export function parseAddress(input: string, context: AddressContext): ParseResult {
  const text = input.trim();
  if (text === '')
    return { ok: false, message: 'Type an address, e.g. 1000:0100, 0x10100, ds:si or a label' };
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const segment = part(text.slice(0, colon), SEGMENT_REGISTERS, context.registers);
    const offset = part(
      text.slice(colon + 1),
      [...OFFSET_REGISTERS, ...SEGMENT_REGISTERS],
      context.registers
    );
    if (typeof segment === 'string') return { ok: false, message: segment };
    if (typeof offset === 'string') return { ok: false, message: offset };
    if (segment === null) return { ok: false, message: `'${text.slice(0, colon).trim()}' is not a segment` };
    if (offset === null) return { ok: false, message: `'${text.slice(colon + 1).trim()}' is not an offset` };
    return { ok: true, address: { segment, offset, linear: linearOf(segment, offset) } };
  }
  const label = context.labels?.get(text) ?? context.labels?.get(text.toLowerCase());
  if (label !== undefined && context.labelSegment !== undefined) {
    const segment = context.labelSegment;
    return { ok: true, address: { segment, offset: label & 0xffff, linear: linearOf(segment, label) } };
  }
  const linear = parseHex(text);
  if (linear === null) return { ok: false, message: `'${text}' is not an address or a label of the program` };
  if (linear >= LINEAR_SPACE)
    return { ok: false, message: `${text} is beyond 1 MiB (the last byte is FFFFF)` };
  return { ok: true, address: { segment: null, offset: linear & 0xf, linear } };
}

/** `1000:0100`: segment and offset as four hex digits each. */
export function formatSegOff(segment: number, offset: number): string {
  return `${hex4(segment)}:${hex4(offset)}`;
}

export function hex4(value: number): string {
  return (value & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

export function hex2(value: number): string {
  return (value & 0xff).toString(16).toUpperCase().padStart(2, '0');
}

/** `0x10100`: a linear or physical address as five hex digits (six above 1 MiB). */
export function formatLinear(linear: number): string {
  return '0x' + linear.toString(16).toUpperCase().padStart(5, '0');
}

/**
 * How a row at `linear` is named as segment:offset relative to the segment the view is in: inside that
 * segment's 64 KiB the offset from it, elsewhere the normalised form (linear >> 4 : linear & 0xF).
 */
export function segOffIn(segment: number, linear: number): { segment: number; offset: number } {
  const offset = linear - segment * 16;
  if (offset >= 0 && offset <= 0xffff) return { segment, offset };
  return { segment: linear >>> 4, offset: linear & 0xf };
}
