// Round trip (acceptance 4): for every instruction form, assembling the disassembly of its bytes gives the same
// bytes. The bytes are NASM's: every pure-code golden is disassembled (with `short`, `strict word` and displacement sizes written where
// NASM would otherwise pick another encoding) and assembled again; and every form the assembler can produce occurs in them.
import { describe, expect, it } from 'vitest';
import { ASSEMBLER_FORMS, assemble, bytesSource, decode, disassemble } from '$lib/emu';
import { goldenSources, hex } from './corpus';

const pureCode = goldenSources().filter((g) => g.disassembly !== null);

describe('assemble(disassemble(bytes)) = bytes', () => {
  it.each(pureCode.map((g) => [g.name, g] as const))('%s', (_name, golden) => {
    const lines = disassemble(golden.binary, { origin: golden.origin, reassemblable: true });
    const source = [`org ${golden.origin}`, ...lines.map((line) => line.text)].join('\n');
    const result = assemble(source);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(hex(result.image)).toBe(hex(golden.binary));
  });

  it('covers every form the assembler can produce', () => {
    const seen = new Set<string>();
    for (const golden of pureCode) {
      for (let offset = 0; offset < golden.binary.length;) {
        const instruction = decode(bytesSource(golden.binary, offset));
        seen.add(`${instruction.twoByte}:${instruction.opcode}:${instruction.entry.reg ?? -1}`);
        offset += instruction.length;
      }
    }
    const missing = ASSEMBLER_FORMS.filter((f) => !seen.has(`${f.twoByte}:${f.opcode}:${f.reg}`)).map(
      (f) => `${f.mnemonic} ${f.operands.join(',')}`
    );
    expect(missing).toEqual([]);
  });
});
