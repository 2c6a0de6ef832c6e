// Reads example program sources from static/programs/ on the server side, that is at build time when pages
// are prerendered, so the source ships inside the page's HTML. (Vite does not let client code import files
// from the public `static/` folder.)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const PROGRAM_DIR = 'static/programs';

/** The text of `static/programs/<fileName>`; `fileName` is a plain `name.asm`, never a path. */
export async function readProgramSource(fileName: string): Promise<string> {
  if (!/^[\w-]+\.asm$/.test(fileName)) throw new Error(`not a program file name: ${fileName}`);
  return readFile(join(PROGRAM_DIR, fileName), 'utf8');
}
