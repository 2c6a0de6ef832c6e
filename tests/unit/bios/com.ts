// Assembles a small .COM test program with our assembler and runs it on the BIOS machine (fast boot).
import { assemble } from '$lib/emu';
import { BiosMachine } from './bios-machine';

export function assembleCom(source: string): Uint8Array {
  const result = assemble(`bits 16\ncpu 8086\norg 0x100\n${source}`, { fileName: 'test.asm' });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  return result.image;
}

/** A machine with `source` loaded as a .COM after the fast boot; `prepare` may poke memory or feed devices. */
export function comMachine(source: string, prepare?: (m: BiosMachine) => void): BiosMachine {
  const m = new BiosMachine();
  m.loadCom(assembleCom(source));
  prepare?.(m);
  return m;
}

/** Prints the zero-terminated `text` with INT 10h AH=0Eh, one character per call, then HLT (IF = 0: stops). */
export function teletypeProgram(text: string): string {
  const bytes = Array.from(text, (c) => c.charCodeAt(0)).concat(0);
  return `
        mov si, text
next:   lodsb
        or al, al
        jz done
        mov ah, 0x0E
        mov bx, 0x0007
        int 0x10
        jmp next
done:   hlt
text:   db ${bytes.join(', ')}
`;
}
