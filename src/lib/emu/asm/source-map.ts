// The source map: which source line produced which bytes, both ways — from an address to the line (for the
// debugger's current-line highlight and for disassembly annotations) and from a line to its addresses (for
// breakpoints set in the editor). Plain data, so it crosses to a Web Worker as it is.

export interface SourceMapEntry {
  /** Address of the first byte (with the origin: what IP holds when the CPU reaches it). */
  address: number;
  /** Bytes produced, `times` repetitions included. */
  size: number;
  file: string;
  line: number;
  /** For lines a macro produced: the macro, and the line of its body that produced the bytes. */
  macro?: { name: string; file: string; line: number };
}

export interface SourceMap {
  /** Entries in address order; entries never overlap. */
  entries: SourceMapEntry[];
}

/** The entry whose bytes include `address`, or null (binary search). */
export function lineAtAddress(map: SourceMap, address: number): SourceMapEntry | null {
  const entries = map.entries;
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const entry = entries[mid];
    if (address < entry.address) high = mid - 1;
    else if (address >= entry.address + entry.size) low = mid + 1;
    else return entry;
  }
  return null;
}

/** Start addresses of the bytes a source line produced (several for a macro call or a line in a %rep). */
export function addressesOfLine(map: SourceMap, file: string, line: number): number[] {
  return map.entries.filter((e) => e.file === file && e.line === line).map((e) => e.address);
}
