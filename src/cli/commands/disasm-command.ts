// `disasm FILE.bin [--org N]`: disassemble a flat binary, one instruction a line, in ndisasm's columns
// (address, bytes, NASM syntax); --org is the address of the first byte, as ndisasm's -o.

import { readFileSync } from 'node:fs';
import { disassemble, formatDisassembly } from '$lib/emu';
import { parseArgs } from '../args';

export function disasmCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, { org: 'number' });
  const file = positional[0];
  if (!file || positional.length > 1)
    throw new Error('disasm: give one binary file: disasm FILE.bin [--org N]');
  const origin = (options.org as number | undefined) ?? 0;
  const image = new Uint8Array(readFileSync(file));
  process.stdout.write(formatDisassembly(disassemble(image, { origin })));
  return 0;
}
