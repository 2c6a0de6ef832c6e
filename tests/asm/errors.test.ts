// Error cases (acceptance 1): each source of errors.asm is rejected on exactly the lines NASM 2.16 reports
// (errors.nasm.json), with our own message, which must contain the words on the case's `;; expect:` line, and
// with a span inside the line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import { hasTool } from './corpus';

const text = readFileSync('tests/asm/errors.asm', 'utf8');
const nasm: Record<string, { line: number; nasm: string }[]> = JSON.parse(
  readFileSync('tests/asm/errors.nasm.json', 'utf8')
);

const cases = text
  .split(/^(?=;; case: )/m)
  .filter((source) => source.startsWith(';; case: '))
  .map((source) => ({
    name: /^;; case: (.*)$/m.exec(source)?.[1].trim() ?? '',
    expect: /^;; expect: (.*)$/m.exec(source)?.[1].trim() ?? '',
    source
  }));

describe('error cases', () => {
  it('there are at least 30, each with NASM’s verdict recorded', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(nasm[c.name], c.name).toBeDefined();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = assemble(c.source, { fileName: 'case.asm' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(result.ok).toBe(false);
    const lines = (list: { line: number }[]) => [...new Set(list.map((d) => d.line))].sort((a, b) => a - b);
    expect(lines(errors)).toEqual(lines(nasm[c.name]));
    expect(errors[0].message).toContain(c.expect);
    const sourceLines = c.source.split('\n');
    for (const d of errors) {
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.endColumn).toBeGreaterThan(d.column);
      expect(d.endColumn).toBeLessThanOrEqual(sourceLines[d.line - 1].length + 2);
    }
  });

  it.skipIf(!hasTool('nasm'))('the recorded lines are the ones NASM reports today', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-errors-'));
    try {
      for (const c of cases) {
        const file = join(dir, 'case.asm');
        writeFileSync(file, c.source);
        let stderr = '';
        try {
          execFileSync('nasm', ['-f', 'bin', file, '-o', join(dir, 'case.bin')], { stdio: 'pipe' });
        } catch (error) {
          stderr = String((error as { stderr: Buffer }).stderr);
        }
        const lines = [...stderr.matchAll(/^[^:\n]+:(\d+): error: /gm)].map((m) => Number(m[1]));
        expect(lines, c.name).toEqual(nasm[c.name].map((e) => e.line));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
