// Kinds of number used across the core. They are all plain numbers at run time; the names say which address
// space a value lives in, so a signature reads like the manual (STYLE.md rule 12).

/** A 16-bit segment:offset pair turned into a linear address: segment * 16 + offset (up to 10FFEFh). */
export type LinearAddr = number;
/** An address on the host's physical memory bus (what the paging unit, when on, produces). */
export type PhysAddr = number;
/** A 16-bit I/O port number (0–FFFFh), a separate address space from memory. */
export type Port = number;
/** A 16-bit value: register contents, offsets, segments. */
export type Word = number;
/** An 8-bit value. */
export type Byte = number;
