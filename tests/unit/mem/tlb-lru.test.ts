// The TLB is LRU (virtualization.md §2.2.1: 8 entries, fully associative, least recently used replaced), also
// with the paging unit's shortcuts for repeated pages (remembered fetch and data pages, lazily stamped). Oracle:
// a plain recency list fed the same accesses, written here independently of the TLB's code.

import { describe, expect, it } from 'vitest';
import { Machine, pageEntries } from '$lib/emu';
import { mulberry32 } from '../../seeded-random';

const { PTE_PRESENT, PTE_WRITABLE, makeEntry } = pageEntries;

function write32(m: Machine, address: number, value: number): void {
  for (let k = 0; k < 4; k++) m.memory.write8(address + k, (value >>> (8 * k)) & 0xff);
}

/** Paging on, identity map of the low 1 MiB (directory at frame 200h), the CPU at CPL 0. */
function pagedMachine(): Machine {
  const m = new Machine();
  for (let d = 0; d < 16; d++) {
    write32(m, 0x200 * 4096 + d * 4, makeEntry(0x201 + d, PTE_PRESENT | PTE_WRITABLE));
    for (let t = 0; t < 16; t++)
      write32(m, (0x201 + d) * 4096 + t * 4, makeEntry(d * 16 + t, PTE_PRESENT | PTE_WRITABLE));
  }
  m.bus.configurePaging({ rootFrame: 0x200, user: false, vpid: 0, nested: null });
  return m;
}

describe('TLB replacement is least-recently-used, shortcuts included', () => {
  // The last two runs start the LRU clock just below the point where the stamps are renumbered 1–8 (so they stay
  // small integers in long runs): the order must survive the renumbering.
  it.each([
    [1, 0],
    [2, 0],
    [3, 0],
    [4, 0x3fffffff - 50],
    [5, 0x3fffffff - 1000]
  ])('random fetch/read/write sequences over 12 pages (seed %i, clock from %i)', (seed, clockStart) => {
    const random = mulberry32(seed);
    const m = pagedMachine();
    (m.bus.paging.tlb as unknown as { clock: number }).clock = clockStart;
    const recency: number[] = []; // pages, most recent last
    for (let n = 0; n < 4000; n++) {
      // Mostly two hot pages (a loop's code and data), sometimes one of ten others.
      const hot = random() < 0.8;
      const page = hot ? (random() < 0.5 ? 0x10 : 0x20) : 0x30 + Math.floor(random() * 10);
      const linear = page * 4096 + Math.floor(random() * 4000);
      const kind = random();
      if (kind < 0.4) m.bus.fetchAddress(linear);
      else if (kind < 0.8) m.bus.read8(linear);
      else m.bus.write8(linear, n & 0xff);
      const at = recency.indexOf(page);
      if (at >= 0) recency.splice(at, 1);
      recency.push(page);
      if (recency.length > 8) recency.shift();
      if (n % 97 === 0 || n === 3999 || clockStart > 0) {
        const resident = m.bus.paging.tlb
          .view()
          .filter((entry) => entry.valid)
          .sort((a, b) => a.lastUsed - b.lastUsed)
          .map((entry) => entry.page);
        expect(resident, `after access ${n}`).toEqual(recency);
      }
    }
    expect((m.bus.paging.tlb as unknown as { clock: number }).clock).toBeLessThan(0x40000000);
  });

  it('counts one hit per access that found its page in the TLB, shortcuts included', () => {
    const m = pagedMachine();
    for (let k = 0; k < 10; k++) {
      m.bus.fetchAddress(0x10000 + k);
      m.bus.read8(0x20000 + k);
    }
    // The first access to each page misses (2 misses, each followed by a walk); every other access hits.
    expect(m.bus.paging.tlb.counters).toMatchObject({ hits: 18, misses: 2 });
  });
});
