// The command line's asm, disasm and run-a-.asm (issue 3): files in, files and messages out, exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'hyperstep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync('node', ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('asm', () => {
  it('writes NASM’s bytes and a listing', () => {
    const output = join(dir, 'default.bin');
    const listing = join(dir, 'default.lst');
    const { code, stderr } = cli('asm', 'static/programs/default.asm', '-o', output, '-l', listing);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(Buffer.compare(readFileSync(output), readFileSync('static/programs/default.com'))).toBe(0);
    expect(readFileSync(listing, 'utf8')).toMatch(/^\s+28 00000000 31C0\s+xor ax, ax/m);
  });

  it('reads %include files beside the source', () => {
    write('consts.inc', 'VALUE equ 0x1234\n');
    const source = write('main.asm', '%include "consts.inc"\nmov ax, VALUE\n');
    const output = join(dir, 'main.bin');
    expect(cli('asm', source, '-o', output).code).toBe(0);
    expect(readFileSync(output).toString('hex')).toBe('b83412');
  });

  it('prints every error as FILE:LINE:COL: error: message and exits non-zero, writing nothing', () => {
    const source = write('bad.asm', 'org 0x100\nmov [bx], 5\nmvo ax, bx\n');
    const output = join(dir, 'bad.bin');
    const { code, stderr } = cli('asm', source, '-o', output);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `${source}:2:5: error: operation size not specified (write \`byte\` or \`word\` before the memory operand)`
    );
    expect(lines[1]).toBe(`${source}:3:1: error: unknown instruction mvo (did you mean mov?)`);
    expect(() => readFileSync(output)).toThrow();
  });
});

describe('disasm', () => {
  it('prints ndisasm’s columns from the origin given', () => {
    const binary = write('code.bin', '');
    writeFileSync(binary, Buffer.from([0xb8, 0x34, 0x12, 0xeb, 0xfe]));
    const { code, stdout } = cli('disasm', binary, '--org', '0x100');
    expect(code).toBe(0);
    expect(stdout).toBe(
      '00000100  B83412            mov ax,0x1234\n00000103  EBFE              jmp short 0x103\n'
    );
  });
});

describe('run', () => {
  it('assembles a .asm file and runs it', () => {
    const { code, stdout } = cli('run', 'static/programs/default.asm', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).regs.ax).toBe(0x13ba);
  });

  it('runs nothing when the source has errors', () => {
    const source = write('broken.asm', 'org 0x100\njmp nowhere\n');
    const { code, stdout, stderr } = cli('run', source);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(':2:5: error: symbol nowhere is not defined');
  });
});
