// Source files for the assembler from disk: the main file and the files it names in %include and incbin
// (looked up beside the file that names them), so the core can assemble them from memory as it does the files
// open in the editor.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { assemble, type AssembleResult } from '$lib/emu';

const INCLUDE = /^\s*(%include|(?:\S+:?\s+)?incbin)\s+["'`]([^"'`]+)["'`]/gim;
/** Files further down an include chain than this are not read (the assembler reports the loop). */
const MAX_FILES = 64;

export interface LoadedSource {
  source: string;
  /** Included files by path (relative to the working directory), for the assembler's `files`. */
  files: Record<string, string>;
}

/** Read `path` and, recursively, every file its %include and incbin lines name that exists. */
export function loadSource(path: string): LoadedSource {
  const source = readFileSync(path, 'utf8');
  const files: Record<string, string> = {};
  const pending = [{ text: source, dir: dirname(path) }];
  while (pending.length > 0 && Object.keys(files).length < MAX_FILES) {
    const { text, dir } = pending.pop() as { text: string; dir: string };
    for (const match of text.matchAll(INCLUDE)) {
      const file = relative('.', join(dir, match[2]));
      if (file in files || !existsSync(file)) continue;
      // Sources are UTF-8 text; incbin takes the bytes as they are (one character per byte).
      files[file] = readFileSync(file, match[1].toLowerCase() === '%include' ? 'utf8' : 'latin1');
      pending.push({ text: files[file], dir: dirname(file) });
    }
  }
  return { source, files };
}

/** Assemble a file from disk with its included files. */
export function assembleFile(path: string, listing = false): AssembleResult {
  const { source, files } = loadSource(path);
  return assemble(source, { fileName: path, files, listing });
}
