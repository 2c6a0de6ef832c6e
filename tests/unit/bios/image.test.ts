// The committed ROM (src/lib/emu/bios/bios-image.ts) is what the source assembles to with our assembler, and the
// same bytes NASM builds (static/programs/bios/bios.bin, rebuilt here when nasm is installed); it fits the 4 KiB
// page at F000:F000 with the reset vector at F000:FFF0 (physical FFFF0h, Intel 8086 manual "System reset").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIOS_ENTRY_POINTS, BIOS_IMAGE } from '$lib/emu';
import { assembleBios } from '$lib/emu/bios/assemble-bios';

const SOURCE_DIR = 'static/programs/bios';
const sources = Object.fromEntries(
  readdirSync(SOURCE_DIR)
    .filter((name) => name.endsWith('.asm'))
    .map((name) => [name, readFileSync(join(SOURCE_DIR, name), 'utf8')])
);
const golden = new Uint8Array(readFileSync(join(SOURCE_DIR, 'bios.bin')));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function hasNasm(): boolean {
  try {
    execFileSync('nasm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the BIOS image', () => {
  const build = assembleBios(sources);

  it('assembles without diagnostics', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.ok).toBe(true);
  });

  it('the committed bios-image.ts is what the source assembles to now (else: npm run -s build:bios)', () => {
    expect(hex(BIOS_IMAGE)).toBe(hex(build.image));
    expect(BIOS_ENTRY_POINTS).toEqual(build.symbols);
  });

  it('equals NASM’s bytes of the same source (the committed golden bios.bin)', () => {
    expect(hex(build.image)).toBe(hex(golden));
  });

  it.skipIf(!hasNasm())('bios.bin is up to date with the source (nasm -f bin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-bios-'));
    try {
      const out = join(dir, 'bios.bin');
      execFileSync('nasm', ['-f', 'bin', '-i', `${SOURCE_DIR}/`, join(SOURCE_DIR, 'bios.asm'), '-o', out]);
      expect(hex(new Uint8Array(readFileSync(out)))).toBe(hex(golden));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is exactly one 4 KiB page, its code and tables below the reset vector', () => {
    expect(BIOS_IMAGE.length).toBe(4096);
    expect(BIOS_ENTRY_POINTS.rom_start).toBe(0xf000);
    expect(BIOS_ENTRY_POINTS.rom_code_end).toBeLessThanOrEqual(0xfff0);
  });

  it('F000:FFF0 (physical FFFF0h) holds JMP F000:reset (EA, offset, segment)', () => {
    const at = 0xff0;
    const reset = BIOS_ENTRY_POINTS.reset;
    expect([...BIOS_IMAGE.subarray(at, at + 5)]).toEqual([0xea, reset & 0xff, reset >> 8, 0x00, 0xf0]);
    expect(BIOS_ENTRY_POINTS.power_on).toBe(0xfff0);
  });
});
