// The example programs the site offers. Sources are read at build time (src/lib/server/programs.ts) and
// shown in the page; binaries are fetched by the emulator worker from static/programs/. The gallery's
// beginner examples live in static/programs/examples/, in the order a learner meets them.
import type { Asset } from '$app/types';

export interface ProgramInfo {
  /** The source file in static/programs/. */
  name: string;
  title: string;
  /** The binary built from it with `nasm -f bin`, for `asset()` from `$app/paths`. */
  binaryPath: Asset;
}

export const DEFAULT_PROGRAM: ProgramInfo = {
  name: 'default.asm',
  title: 'Add up 1 to 100',
  binaryPath: '/programs/default.com'
};

/** Where the gallery's programs are, under static/ (and so under the site's root). */
export const EXAMPLES_DIR = 'programs/examples';

export interface ExampleInfo {
  /** The source file in static/programs/examples/ (also the gallery item's test id: `example-<name>`). */
  name: string;
  title: string;
  /** One line: what it shows. */
  description: string;
}

export const EXAMPLES: readonly ExampleInfo[] = [
  { name: 'hello.asm', title: 'Hello, world!', description: 'Your first program: print a line and stop.' },
  {
    name: 'arithmetic.asm',
    title: 'Arithmetic and flags',
    description: 'ADD, SUB, MUL, NEG: carry, zero, sign and overflow flags.'
  },
  { name: 'loops.asm', title: 'Loops', description: 'LOOP, compare-and-jump loops, counting bits.' },
  {
    name: 'arrays.asm',
    title: 'Arrays',
    description: 'Walk a table of numbers; signed versus unsigned compares.'
  },
  {
    name: 'strings.asm',
    title: 'Strings',
    description: 'Measure, copy, capitalise and compare text with REP.'
  },
  {
    name: 'stack-calls.asm',
    title: 'Stack and calls',
    description: 'PUSH/POP, CALL/RET, parameters on the stack, recursion.'
  },
  {
    name: 'interrupts.asm',
    title: 'Your own interrupt',
    description: 'Install an INT 60h handler in the vector table and call it.'
  },
  {
    name: 'bios-text.asm',
    title: 'BIOS text output',
    description: 'Print with INT 10h teletype; ask where the cursor is.'
  },
  {
    name: 'print-number.asm',
    title: 'Print a number',
    description: 'DIV by 10 and the stack turn a number into digits.'
  },
  {
    name: 'keyboard.asm',
    title: 'Keyboard input',
    description: 'Read keys with INT 16h, echo them, greet the typist.'
  },
  {
    name: 'bounce.asm',
    title: 'Bouncing ball',
    description: 'An animation on the text screen at B800h, one step per timer tick.'
  },
  {
    name: 'paging-first.asm',
    title: 'A first page table',
    description: 'Turn paging on and make one address show another page.'
  }
];
