// The assembler's golden corpus (tests/asm/golden): NASM sources with the binaries NASM 2.16 made from them
// (.bin) and, for sources marked `; disasm: pure code`, ndisasm's listing of those binaries (.dis). All made by
// scripts/asm-goldens.mjs, never by our own assembler.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const GOLDEN_DIR = 'tests/asm/golden';

export interface GoldenSource {
  name: string;
  source: string;
  /** NASM's output. */
  binary: Uint8Array;
  /** ndisasm's listing, for pure-code sources. */
  disassembly: string | null;
  /** The address the binary starts at (the source's org). */
  origin: number;
}

/** The other files a golden source may %include (the corpus's .inc files), by name. */
export const INCLUDE_FILES: Record<string, string> = Object.fromEntries(
  readdirSync(GOLDEN_DIR)
    .filter((name) => name.endsWith('.inc'))
    .map((name) => [name, readFileSync(join(GOLDEN_DIR, name), 'utf8')])
);

export function goldenSources(): GoldenSource[] {
  return readdirSync(GOLDEN_DIR)
    .filter((name) => name.endsWith('.asm'))
    .sort()
    .map((name) => {
      const source = readFileSync(join(GOLDEN_DIR, name), 'utf8');
      const base = join(GOLDEN_DIR, name.replace(/\.asm$/, ''));
      const pure = /^; disasm: pure code/m.test(source);
      const org = /^\s*\[?org\s+([^\]\s]+)/im.exec(source)?.[1] ?? '0';
      return {
        name,
        source,
        binary: new Uint8Array(readFileSync(`${base}.bin`)),
        disassembly: pure ? readFileSync(`${base}.dis`, 'utf8') : null,
        origin: Number(org)
      };
    });
}

export function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const hex = (bytes: ArrayLike<number>) => Buffer.from(Uint8Array.from(bytes)).toString('hex');
