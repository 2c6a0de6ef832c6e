// A cache of decoded instructions by the physical address of their first byte, so a loop decodes its
// instructions once instead of on every pass (decoding is most of the cost of a simple interpreter step).
// Correctness rests on the memory's code marks: every byte a cached instruction was decoded from is marked,
// and any write to a marked byte (through the bus or PhysicalMemory) drops the instructions covering it.
// Instructions that wrap around their segment or straddle a 4 KiB page are never cached (their bytes are not
// contiguous in physical memory, or may not be once paging maps pages apart).

import { MAX_PREFIXES } from './decoder';
import { Instruction } from './instruction';
import type { CodeWatcher, PhysicalMemory } from '../mem/memory';

const PAGE_SHIFT = 12;
const PAGE_MASK = 0xfff;
/** The longest instruction: a full run of prefixes, then 0F, opcode, ModRM, disp16, imm16. */
export const MAX_INSTRUCTION_LENGTH = MAX_PREFIXES + 7;

export class DecodeCache implements CodeWatcher {
  /** Per 4 KiB page, an array of 4096 slots, allocated when code from the page is first cached. */
  private pages: ((Instruction | undefined)[] | undefined)[];
  private readonly marks: Uint8Array;

  private readonly pageCount: number;

  constructor(memory: PhysicalMemory) {
    this.marks = memory.codeMarks;
    this.pageCount = memory.size >> PAGE_SHIFT;
    this.pages = new Array(this.pageCount).fill(undefined);
    memory.codeWatcher = this;
  }

  lookup(physical: number): Instruction | undefined {
    const page = this.pages[physical >> PAGE_SHIFT];
    return page === undefined ? undefined : page[physical & PAGE_MASK];
  }

  /** Keep a copy of `decoded`, read from `physical`, if its bytes lie within one page. Returns the cached copy. */
  insert(physical: number, decoded: Instruction): Instruction | undefined {
    const length = decoded.length;
    if ((physical & PAGE_MASK) + length > PAGE_MASK + 1 || physical + length > this.marks.length)
      return undefined;
    const index = physical >> PAGE_SHIFT;
    let page = this.pages[index];
    if (page === undefined) {
      page = new Array<Instruction | undefined>(PAGE_MASK + 1).fill(undefined);
      this.pages[index] = page;
    }
    const copy = new Instruction().copyFrom(decoded);
    copy.physical = physical;
    page[physical & PAGE_MASK] = copy;
    this.marks.fill(1, physical, physical + length);
    return copy;
  }

  codeWritten(address: number): void {
    this.marks[address] = 0;
    const page = this.pages[address >> PAGE_SHIFT];
    if (page === undefined) return;
    const offset = address & PAGE_MASK;
    // Cached instructions never straddle pages, so only this page's slots can cover the byte.
    for (let start = Math.max(0, offset - MAX_INSTRUCTION_LENGTH + 1); start <= offset; start++) {
      const cached = page[start];
      if (cached !== undefined && start + cached.length > offset) {
        cached.valid = false;
        page[start] = undefined;
      }
    }
  }

  allCodeInvalid(): void {
    for (const page of this.pages) {
      if (page === undefined) continue;
      for (const cached of page) if (cached !== undefined) cached.valid = false;
    }
    this.pages = new Array(this.pageCount).fill(undefined);
  }
}
