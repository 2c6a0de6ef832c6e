// The benchmark workloads of ../shared/bench and the site's default program, assembled by our assembler, must be
// exactly the images NASM 2.16 built from the same sources (issue 3, acceptance 2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import { sharedPath } from '../shared-folder';

const WORKLOADS = ['sieve', 'crc32', 'isort', 'strings', 'fib'];

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('benchmark workloads assemble to NASM’s images', () => {
  it.each(WORKLOADS)('%s', (name) => {
    const source = readFileSync(sharedPath(join('bench/programs', `${name}.asm`)), 'utf8');
    const nasm = new Uint8Array(readFileSync(sharedPath(join('bench/bin', `${name}.com`))));
    const result = assemble(source, { fileName: `${name}.asm` });
    expect(result.diagnostics).toEqual([]);
    expect(result.origin).toBe(0x100);
    expect(hex(result.image)).toBe(hex(nasm));
  });
});

describe('static/programs', () => {
  it('default.asm assembles to default.com', () => {
    const source = readFileSync('static/programs/default.asm', 'utf8');
    const nasm = new Uint8Array(readFileSync('static/programs/default.com'));
    const result = assemble(source, { fileName: 'default.asm' });
    expect(result.diagnostics).toEqual([]);
    expect(hex(result.image)).toBe(hex(nasm));
  });
});
