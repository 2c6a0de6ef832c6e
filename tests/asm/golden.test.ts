// Acceptance 1: every source of the golden corpus assembles to exactly the bytes NASM 2.16 made from it.
// When NASM is installed, the committed binaries are also checked against a fresh NASM run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, formatDiagnostic } from '$lib/emu';
import { GOLDEN_DIR, goldenSources, hasTool, hex, INCLUDE_FILES } from './corpus';

const corpus = goldenSources();

describe('golden corpus', () => {
  it('has at least 60 sources, a third of them pure code', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((g) => g.disassembly !== null).length).toBeGreaterThanOrEqual(20);
  });

  it.each(corpus.map((g) => [g.name, g] as const))('%s assembles to NASM’s bytes', (_name, golden) => {
    const result = assemble(golden.source, { fileName: golden.name, files: INCLUDE_FILES });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.image.length).toBe(golden.binary.length);
    expect(hex(result.image)).toBe(hex(golden.binary));
  });

  it.skipIf(!hasTool('nasm'))('the committed binaries are what NASM makes today', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-golden-'));
    try {
      for (const golden of corpus) {
        const out = join(dir, 'out.bin');
        execFileSync(
          'nasm',
          ['-f', 'bin', '-I', `${GOLDEN_DIR}/`, join(GOLDEN_DIR, golden.name), '-o', out],
          {
            stdio: 'ignore'
          }
        );
        expect(hex(readFileSync(out)), golden.name).toBe(hex(golden.binary));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasTool('ndisasm'))('the committed disassemblies are what ndisasm prints today', () => {
    for (const golden of corpus.filter((g) => g.disassembly !== null)) {
      const bin = join(GOLDEN_DIR, golden.name.replace(/\.asm$/, '.bin'));
      const listing = execFileSync('ndisasm', ['-b', '16', '-o', String(golden.origin), bin], {
        encoding: 'utf8'
      });
      expect(listing, golden.name).toBe(golden.disassembly);
    }
  });
});
