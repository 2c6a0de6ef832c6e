// Whether NASM is installed: the program tests then also check each committed .com against `nasm -f bin`
// (the oracle for our assembler). CI does not install it; the committed images are checked by our assembler.
import { execFileSync } from 'node:child_process';

function hasNasm(): boolean {
  try {
    execFileSync('nasm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const NASM = hasNasm();
