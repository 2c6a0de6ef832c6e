// The page's mirror of guest memory: pages copied in from updates, and linear → physical through page tables
// found in the mirror (the core's PagingUnit, walking without side effects). The tables are built by hand in the
// 386 format of DESIGN.md: a 32-entry directory (one entry per 64 KiB), 16-entry tables, 4 KiB pages.
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, pageEntries } from '$lib/emu';
import { MachineMemory, linearOf } from '../../../src/lib/ui/machine-memory';

function page(index: number, fill: (bytes: Uint8Array) => void) {
  const bytes = new Uint8Array(PAGE_SIZE);
  fill(bytes);
  return { index, bytes };
}

function dword(bytes: Uint8Array, at: number, value: number) {
  new DataView(bytes.buffer).setUint32(at, value, true);
}

describe('MachineMemory', () => {
  it('copies pages in and counts versions per page', () => {
    const memory = new MachineMemory();
    expect(memory.apply([])).toBe(false);
    expect(memory.apply([page(0x10, (b) => (b[0x100] = 0xb8))])).toBe(true);
    expect(memory.read8(0x10100)).toBe(0xb8);
    expect(memory.pageVersions[0x10]).toBe(memory.version);
    expect(memory.pageVersions[0x11]).toBeLessThan(memory.version);
    memory.clear();
    expect(memory.read8(0x10100)).toBe(0);
  });

  it('marks the bytes an update changed, but not after a load and not a flood of them', () => {
    const memory = new MachineMemory();
    memory.clear();
    memory.apply([page(0x1f, (b) => (b[0xffe] = 0x12))]); // the first update after a load
    expect(memory.changed.size).toBe(0);
    // A PUSH of 1234h at 1000:FFFC (physical 1FFFCh): two bytes differ from the page before.
    memory.apply([page(0x1f, (b) => ((b[0xffe] = 0x12), (b[0xffc] = 0x34), (b[0xffd] = 0x12)))]);
    expect([...memory.changed].sort()).toEqual([0x1fffc, 0x1fffd]);
    memory.apply([]); // nothing changed since
    expect(memory.changed.size).toBe(0);
    memory.apply([page(0x20, (b) => b.fill(0xaa))]); // a whole page: more than MAX_MARKED (64)
    expect(memory.changed.size).toBe(0);
  });

  it('translates through the page tables in the mirror when paging is on', () => {
    const P = pageEntries.PTE_PRESENT | pageEntries.PTE_WRITABLE;
    const memory = new MachineMemory();
    // Directory in frame 20h; its entry 1 (linear 10000h–1FFFFh) points at the table in frame 21h, whose entry
    // 0 maps linear 10000h–10FFFh to frame 30h (physical 30000h). Nothing else is mapped.
    memory.apply([
      page(0x20, (b) => dword(b, 1 * 4, pageEntries.makeEntry(0x21, P))),
      page(0x21, (b) => dword(b, 0 * 4, pageEntries.makeEntry(0x30, P))),
      page(0x30, (b) => (b[0x123] = 0x5a))
    ]);
    expect(memory.physicalOf(0x10123)).toBe(0x10123);
    memory.setPaging({ enabled: true, rootFrame: 0x20 });
    expect(memory.pagingEnabled).toBe(true);
    expect(memory.physicalOf(0x10123)).toBe(0x30123);
    expect(memory.read8(linearOf(0x1000, 0x0123))).toBe(0x5a);
    expect(memory.physicalOf(0x11000)).toBe(null);
    expect(memory.read8(0x11000)).toBe(null);
    // The walk had no side effects: the table entries' Accessed bits are still clear.
    expect(memory.memory.bytes[0x21 * PAGE_SIZE] & pageEntries.PTE_ACCESSED).toBe(0);
    memory.setPaging({ enabled: false, rootFrame: 0x20 });
    expect(memory.physicalOf(0x10123)).toBe(0x10123);
  });

  it('computes 8086 linear addresses with the 1 MiB wrap', () => {
    expect(linearOf(0x1000, 0x0100)).toBe(0x10100);
    expect(linearOf(0xffff, 0x0010)).toBe(0);
  });
});
