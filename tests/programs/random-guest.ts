// Random guests for the isolation property test (issue 5, acceptance 2): seeded (mulberry32), a mix of random
// bytes, random valid instructions, every sensitive instruction of virtualization.md §2.2.3/§2.4 (CLI STI PUSHF
// POPF IRET INT n HLT IN OUT MOV CRn SMSW LMSW INVLPG VMCALL), and page-table writes: sequences that build a
// directory and tables (some entries naming frames far beyond 1 MiB) and load CR3 and CR0.PG. Machine code is
// emitted directly (encodings from the Intel 80386 Programmer's Reference, appendix A; NASM agrees).

import { mulberry32 } from '../seeded-random';

export { mulberry32 };

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)];
const word = (value: number) => [value & 0xff, (value >>> 8) & 0xff];

/** Ports a guest might poke: the PC's devices (§2.5) and anything at all. */
const PORTS = [
  0x20, 0x21, 0x40, 0x43, 0x60, 0x64, 0x70, 0x71, 0xe9, 0x3f8, 0x3fd, 0x1f0, 0x1f7, 0x3d4, 0xc10, 0xcf8
];

/** Every sensitive instruction, as bytes. */
const SENSITIVE: ((rng: Rng) => number[])[] = [
  () => [0xfa], // CLI
  () => [0xfb], // STI
  () => [0x9c], // PUSHF
  () => [0x9d], // POPF
  () => [0xcf], // IRET
  (rng) => [0xcd, int(rng, 256)], // INT n
  () => [0xcc], // INT3
  () => [0xce], // INTO
  () => [0xf4], // HLT
  (rng) => [pick(rng, [0xe4, 0xe5, 0xe6, 0xe7]), int(rng, 256)], // IN/OUT imm8
  (rng) => [0xba, ...word(pick(rng, PORTS)), pick(rng, [0xec, 0xed, 0xee, 0xef])], // MOV DX, port; IN/OUT DX
  (rng) => [0x0f, 0x22, 0xc0 | (pick(rng, [0, 2, 3]) << 3) | int(rng, 8)], // MOV CRn, r
  (rng) => [0x0f, 0x20, 0xc0 | (pick(rng, [0, 2, 3]) << 3) | int(rng, 8)], // MOV r, CRn
  (rng) => [0x0f, 0x01, 0xe0 | int(rng, 8)], // SMSW r
  (rng) => [0x0f, 0x01, 0xf0 | int(rng, 8)], // LMSW r
  (rng) => [0x0f, 0x01, 0x38 | pick(rng, [0, 1, 2, 3, 4, 5, 7])], // INVLPG [mem]
  () => [0x0f, 0x01, 0xc1], // VMCALL
  (rng) => [0xb8, ...word(pick(rng, [0, 1, 2, 3, 0x8000, 0x8001, int(rng, 0x10000)])), 0x0f, 0x22, 0xc0], // CR0 := AX
  (rng) => [0xb8, ...word(int(rng, 0x100)), 0x0f, 0x22, 0xd8] // CR3 := AX
];

/** Ordinary instructions (valid encodings), including memory writes anywhere and far jumps. */
const ORDINARY: ((rng: Rng) => number[])[] = [
  (rng) => [0xb8 + int(rng, 8), ...word(int(rng, 0x10000))], // MOV r16, imm
  (rng) => [pick(rng, [0x89, 0x8b, 0x01, 0x29, 0x31, 0x21, 0x09, 0x39, 0x85, 0x87]), int(rng, 256), 0, 0], // ALU r/m (disp may follow)
  (rng) => [0x40 + int(rng, 16)], // INC/DEC r16
  (rng) => [0x50 + int(rng, 16)], // PUSH/POP r16
  (rng) => [0x8e, pick(rng, [0xc0, 0xd8, 0xd0, 0xc3, 0xdb])], // MOV ES/DS/SS, r
  (rng) => [0xeb, int(rng, 16)], // JMP short forward
  (rng) => [0x70 + int(rng, 16), int(rng, 256)], // Jcc anywhere near
  (rng) => [0xe2, 0x100 - int(rng, 8)], // LOOP back
  (rng) => [0xf3, pick(rng, [0xaa, 0xab, 0xa4, 0xa5])], // REP STOS/MOVS
  (rng) => [0xc7, 0x06, ...word(int(rng, 0x10000)), ...word(int(rng, 0x10000))], // MOV word [addr], imm
  (rng) => [0x26, 0xc7, 0x06, ...word(int(rng, 0x10000)), ...word(int(rng, 0x10000))], // ... in ES
  (rng) => [0xea, ...word(int(rng, 0x10000)), ...word(int(rng, 0x10000))], // JMP far anywhere
  (rng) => [pick(rng, [0xc3, 0xcb, 0xe8]), 0, 0], // RET, RETF, CALL rel16
  (rng) => [0x8c, pick(rng, [0xc8, 0xd0, 0xd8, 0xc0])], // MOV r, segment
  (rng) => [pick(rng, [0xd0, 0xd1, 0xd3]), 0xe0 | int(rng, 32)], // shifts
  (rng) => [0xf7, 0xf0 | int(rng, 8)], // DIV (may #DE)
  (rng) => [0x0f, int(rng, 256)] // two-byte opcode space (mostly #UD)
];

/** A page-table write: ES := frame's segment, MOV word [ES:offset], imm. */
function tableWrite(frame: number, offset: number, value: number): number[] {
  return [0xb8, ...word(frame << 8), 0x8e, 0xc0, 0x26, 0xc7, 0x06, ...word(offset), ...word(value)];
}

/** A 32-bit entry written as two words (frame bits 0-3 with the flags, then frame bits 4-19). */
function entryWrite(tableFrame: number, index: number, frame: number, flags: number): number[] {
  return [
    ...tableWrite(tableFrame, index * 4, ((frame & 0xf) << 12) | flags),
    ...tableWrite(tableFrame, index * 4 + 2, frame >>> 4)
  ];
}

/** Build a directory with the code's pages (10h-1Fh) identity-mapped and random mappings elsewhere; paging on. */
function pagingPrologue(rng: Rng): number[] {
  const directory = 0x20 + int(rng, 0x60);
  const code: number[] = [];
  code.push(...entryWrite(directory, 1, directory + 1, 7));
  for (let i = 0; i < 16; i++) code.push(...entryWrite(directory + 1, i, 0x10 + i, 7));
  const extra = 1 + int(rng, 6);
  for (let k = 0; k < extra; k++) {
    const d = pick(rng, [0, 2, 3, 8, 15, 16, 31, int(rng, 32)]);
    const table = d === 1 ? directory + 1 : 0x90 + int(rng, 0x60);
    code.push(...entryWrite(directory, d, table, pick(rng, [1, 3, 7, 5])));
    const entries = 1 + int(rng, 6);
    for (let e = 0; e < entries; e++) {
      const frame = pick(rng, [int(rng, 256), 256 + int(rng, 4096), int(rng, 0x100000), directory, 0xff]);
      code.push(...entryWrite(table, int(rng, 16), frame, pick(rng, [1, 3, 7, 0x67, int(rng, 0x1000)])));
    }
  }
  code.push(0xb8, ...word(directory), 0x0f, 0x22, 0xd8); // CR3 := directory
  code.push(0xb8, ...word(0x8000), 0x0f, 0x22, 0xc0); // CR0 := PG
  return code;
}

export interface RandomGuest {
  image: number[];
  kind: 'bytes' | 'instructions' | 'paging';
  /** FLAGS at start (IF random). */
  flags: number;
}

export function randomGuest(seed: number): RandomGuest {
  const rng = mulberry32(seed);
  const roll = rng();
  const kind = roll < 0.2 ? 'bytes' : roll < 0.6 ? 'instructions' : 'paging';
  const image: number[] = [];
  if (kind === 'bytes') {
    const n = 32 + int(rng, 480);
    for (let k = 0; k < n; k++) image.push(int(rng, 256));
  } else {
    if (kind === 'paging') image.push(...pagingPrologue(rng));
    const n = 20 + int(rng, 200);
    for (let k = 0; k < n; k++) {
      const r = rng();
      if (r < 0.35) image.push(...pick(rng, SENSITIVE)(rng));
      else if (r < 0.45)
        image.push(...entryWrite(0x20 + int(rng, 0xd0), int(rng, 16), int(rng, 0x1000), int(rng, 0x80)));
      else if (r < 0.5) image.push(int(rng, 256));
      else image.push(...pick(rng, ORDINARY)(rng));
    }
  }
  return { image, kind, flags: rng() < 0.5 ? 0xf002 : 0xf202 };
}
